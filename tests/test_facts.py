"""Fact extraction: the three funder phrasings, traps, amounts, periods and provenance."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from aluehaku.config import Settings
from aluehaku.ingest.facts import Fact, extract_facts
from aluehaku.models import ChunkDraft, LoadedDocument, Page, Section
from aluehaku.store.facts import query_facts, store_facts

from .answer_helpers import CORPUS, build_store


def _facts(name: str) -> list[Fact]:
    from aluehaku.ingest.chunking import chunk_sections
    from aluehaku.ingest.loaders import load_file
    from aluehaku.ingest.structure import split_sections

    settings = Settings()
    doc = load_file(CORPUS / name, settings)
    sections = split_sections(doc)
    return extract_facts(doc, sections, chunk_sections(sections, settings))


def _values(facts: list[Fact], kind: str) -> set[str]:
    return {f.value for f in facts if f.kind == kind}


def test_field_funders_fund_budget_period_contact() -> None:
    facts = _facts("hanke_kylakoulu.md")
    assert {f.project for f in facts} == {"Kyläkoulujen etäopetusverkko"}
    assert _values(facts, "funder") == {"Keski-Suomen liitto", "Multian kunta"}
    assert _values(facts, "fund") == {"maakunnan kehittämisraha"}
    budget = next(f for f in facts if f.kind == "budget")
    assert budget.value_num == 88400 and "88 400" in budget.original
    assert _values(facts, "period_start") == {"2023-08-01"}
    assert _values(facts, "period_end") == {"2025-07-31"}
    assert _values(facts, "contact") == {"Outi Rinne"}
    assert _values(facts, "municipality") == {"Multia", "Petäjävesi"}


def test_sentence_granted_by() -> None:
    facts = _facts("hanke_pyorailyreitit.txt")
    assert _values(facts, "funder") == {"Keski-Suomen liitto"}
    assert "EAKR" in _values(facts, "fund")
    assert _values(facts, "cost_estimate") == {"152000"}


def test_share_sentence_gives_base_form_funder() -> None:
    facts = _facts("hanke_lahiruoka.txt")
    assert _values(facts, "funder") == {"Keski-Suomen liitto"}
    assert _values(facts, "funder_share") == {"75 %"}


def test_other_roles_are_not_funders() -> None:
    facts = _facts("hanke_matkailureitit.md")
    assert _values(facts, "funder") == {"Keski-Suomen ELY-keskus"}
    assert _values(facts, "fund") == {"EAKR"}


def test_minutes_item_funder_is_the_organisation() -> None:
    facts = _facts("poytakirja_maakuntahallitus_2024.txt")
    funders = [f for f in facts if f.kind == "funder"]
    assert [(f.project, f.value) for f in funders] == [
        ("Kyläkoulujen etäopetusverkko", "Keski-Suomen liitto")
    ]
    assert funders[0].section == "§ 41"
    assert _values(facts, "grant") == {"70720"}


def test_provenance_span_points_into_chunk_and_pickles() -> None:
    doc = LoadedDocument(
        source="x.txt",
        title="Testihanke",
        doc_type="hankekuvaus",
        pages=[Page(1, "Testihanke\n\nRahoittaja: Lapin liitto\nBudjetti: 10 000 €")],
    )
    section = Section(text=doc.pages[0].text, page_start=1, page_end=1)
    chunk = ChunkDraft(ordinal=0, text=" ".join(section.text.split()), page_start=1)
    facts = extract_facts(doc, [section], [chunk])
    funder = next(f for f in facts if f.kind == "funder")
    assert funder.value == "Lapin liitto" and funder.page == 1
    assert funder.start is not None and funder.end is not None
    assert "Lapin liitto" in chunk.text[funder.start : funder.end]
    assert pickle.loads(pickle.dumps(facts)) == facts


def test_register_row_fields() -> None:
    section = Section(
        text="Meriväylä;Varsinais-Suomen liitto;EAKR;Turun kaupunki;120 000",
        fields={
            "Hankkeen nimi": "Meriväylä",
            "Rahoittaja": "Varsinais-Suomen liitto",
            "Rahoituslähde": "EAKR",
            "Toteuttaja": "Turun kaupunki",
            "Budjetti (€)": "120 000",
        },
    )
    doc = LoadedDocument(source="r.csv", title="rekisteri", doc_type="rekisteri")
    chunk = ChunkDraft(ordinal=0, text=section.text, fields=dict(section.fields))
    facts = extract_facts(doc, [section], [chunk])
    assert {(f.project, f.kind, f.value) for f in facts} >= {
        ("Meriväylä", "funder", "Varsinais-Suomen liitto"),
        ("Meriväylä", "fund", "EAKR"),
        ("Meriväylä", "implementer", "Turun kaupunki"),
        ("Meriväylä", "budget", "120000"),
    }


def test_store_and_query_cascade(tmp_path: Path) -> None:
    store, _ = build_store(tmp_path)
    rows = query_facts(store, kind="funder", value_like="Keski-Suomen liitto")
    assert {r.project for r in rows} == {
        "Kyläkoulujen etäopetusverkko",
        "Jyväsjärven pyöräilyreitit",
        "Lähiruoan logistiikkakokeilu",
    }
    assert all(r.chunk_id for r in rows)
    doc_ids = {r.document_id for r in rows}
    store.delete_documents(doc_ids)
    assert query_facts(store, kind="funder", value_like="Keski-Suomen liitto") == []


def test_store_facts_replaces(tmp_path: Path) -> None:
    store, _ = build_store(tmp_path)
    doc_id = query_facts(store, kind="budget")[0].document_id
    with store.transaction() as conn:
        assert store_facts(conn, doc_id, {}, []) == 0
    assert query_facts(store, document_id=doc_id) == []


@pytest.mark.parametrize("text", ["", "Ei mitään rahoituksesta."])
def test_empty_documents(text: str) -> None:
    doc = LoadedDocument(source="e.txt", title="e", pages=[Page(1, text)])
    assert extract_facts(doc, [], []) == []


def _facts_of_text(tmp_path: Path, name: str, text: str) -> list[Fact]:
    from aluehaku.ingest.chunking import chunk_sections
    from aluehaku.ingest.loaders import load_file
    from aluehaku.ingest.structure import split_sections

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "idx")
    doc = load_file(path, settings)
    sections = split_sections(doc)
    return extract_facts(doc, sections, chunk_sections(sections, settings))


def test_project_named_in_opening_sentence_keeps_its_conjunction(tmp_path: Path) -> None:
    facts = _facts_of_text(
        tmp_path,
        "verkkosivu.txt",
        "Hyppää pääsisältöön\n\nKylien kasvu ja uusi kyläkoulu -hankkeen tavoitteena on "
        "vahvistaa Multian kyläkouluja.\n\nRahoituksen on myöntänyt Keski-Suomen liitto "
        "(EAKR).\n",
    )
    funders = {(f.project, f.value) for f in facts if f.kind == "funder"}
    assert funders == {("Kylien kasvu ja uusi kyläkoulu", "Keski-Suomen liitto")}


def test_project_written_together_with_hanke_in_the_title(tmp_path: Path) -> None:
    facts = _facts_of_text(
        tmp_path,
        "raportti.txt",
        "Loppuraportti / Kylävoima-hanke - Multian kylien elinvoima\n\n"
        "Hanke päättyi vuonna 2023. Keski-Suomen liiton osuus hankkeen kustannuksista oli "
        "75 % ja Multian kunnan 25 %.\n",
    )
    assert ("Kylävoima", "Keski-Suomen liitto") in {
        (f.project, f.value) for f in facts if f.kind == "funder"
    }
