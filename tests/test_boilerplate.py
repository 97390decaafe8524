"""The boilerplate filter: repeated body paragraphs leave the embedded text, heading lines stay."""

from __future__ import annotations

from aluehaku.config import Settings
from aluehaku.embed.boilerplate import (
    EMBED_TEXT_VERSION,
    embedding_text,
    find_boilerplate,
    is_heading_line,
)
from aluehaku.embed.step import run_embedding
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Store

from .conftest import TEXT_CORPUS

APPEAL = "Tähän päätökseen tyytymätön voi tehdä oikaisuvaatimuksen kolmenkymmenen päivän kuluessa."
HEADING = "Koulukuljetusten järjestäminen lukuvuonna"


def _chunk(body: str) -> str:
    return f"§ 12 {HEADING}\n{body}"


def test_a_paragraph_repeated_in_enough_documents_is_boilerplate() -> None:
    towns = ["Lapua", "Kauhava", "Seinäjoki", "Alavus"]
    chunks = [(doc, f"{town} hyväksyi esityksen.\n{APPEAL}") for doc, town in enumerate(towns)]
    boiler = find_boilerplate(chunks)
    assert embedding_text(chunks[0][1], boiler) == "Lapua hyväksyi esityksen."


def test_three_documents_are_not_enough() -> None:
    chunks = [(doc, f"{town} hyväksyi esityksen.\n{APPEAL}") for doc, town in enumerate("ABC")]
    assert find_boilerplate(chunks) == set()


def test_the_heading_line_stays_however_often_it_recurs() -> None:
    bodies = [
        "Kuljetus järjestetään oppilaille, joiden koulumatka on yli viisi kilometriä.",
        "Lautakunta hyväksyy kuljetusten hankinnan kilpailutuksen.",
        "Odotusaika saa olla enintään tunnin ennen koulun alkua.",
        "Esteettömät ajoneuvot varataan niitä tarvitseville.",
    ]
    chunks = [(doc, _chunk(body)) for doc, body in enumerate(bodies)]
    boiler = find_boilerplate(chunks)
    # The heading line is in all four documents, so it is found as repeated ...
    assert boiler
    # ... but the embedded text keeps it: it names what the chunk is about.
    assert embedding_text(chunks[1][1], boiler, HEADING) == chunks[1][1]


def test_a_repeated_body_paragraph_goes_while_the_heading_stays() -> None:
    towns = ["Lapua", "Kauhava", "Seinäjoki", "Alavus", "Kuortane"]
    chunks = [
        (doc, _chunk(f"{town} hyväksyi esityksen.\n{APPEAL}")) for doc, town in enumerate(towns)
    ]
    boiler = find_boilerplate(chunks)
    kept = embedding_text(chunks[2][1], boiler, HEADING)
    assert kept == f"§ 12 {HEADING}\nSeinäjoki hyväksyi esityksen."


def test_a_repeated_line_later_in_the_chunk_is_not_taken_for_the_heading() -> None:
    towns = ["Lapua", "Kauhava", "Seinäjoki", "Alavus"]
    chunks = [
        (doc, f"{town} kertoo asian taustan.\n§ 12 {HEADING}") for doc, town in enumerate(towns)
    ]
    boiler = find_boilerplate(chunks)
    assert embedding_text(chunks[0][1], boiler, HEADING) == "Lapua kertoo asian taustan."


def test_heading_line_recognition() -> None:
    assert is_heading_line(f"§ 12 {HEADING}", HEADING)
    assert is_heading_line(f"## {HEADING}", HEADING)
    assert not is_heading_line(f"{HEADING} käsitellään seuraavassa kokouksessa uudelleen.", HEADING)
    assert not is_heading_line("§ 12 Talousarvio", HEADING)
    assert not is_heading_line(f"§ 12 {HEADING}", None)


def test_a_chunk_that_is_all_boilerplate_keeps_its_heading() -> None:
    boiler = find_boilerplate([(doc, APPEAL) for doc in range(4)])
    assert embedding_text(APPEAL, boiler, HEADING) == HEADING


def test_a_store_embedded_under_older_text_rules_re_embeds_only_changed_texts(
    settings: Settings,
) -> None:
    settings = settings.model_copy(update={"embed_model": "hash-test"})
    store = Store(settings.data_dir)
    Ingestor(store, settings).run([TEXT_CORPUS])
    first = run_embedding(store, settings)
    assert first.embedded and store.get_meta("embed_text_version") == EMBED_TEXT_VERSION
    current = dict(store.conn.execute("SELECT id, embed_hash FROM chunks"))
    # An older version embedded one chunk from another text: point it at that text's vector.
    chunk_id = min(current)
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO embeddings(embed_hash, model, vector)"
            " SELECT 'old-text', model, vector FROM embeddings WHERE embed_hash = ?",
            (current[chunk_id],),
        )
        tx.execute("UPDATE chunks SET embed_hash = 'old-text' WHERE id = ?", (chunk_id,))
        tx.execute("UPDATE meta SET value = '1' WHERE key = 'embed_text_version'")

    again = run_embedding(store, settings)

    assert dict(store.conn.execute("SELECT id, embed_hash FROM chunks")) == current
    assert again.embedded == 0 and again.reused == len(current)  # vectors found by text
    assert again.index_rebuilt
    assert store.get_meta("embed_text_version") == EMBED_TEXT_VERSION
    # Up to date: the next run has nothing to do.
    assert run_embedding(store, settings).chunks_needing == 0
