"""The command line: `aluehaku ingest|search|stats|delete|…`.

Heavy modules (the store, Voikko, FAISS, embedding engines) are imported inside the commands so
that ``aluehaku --help`` stays fast. Exit codes: 0 all well, 1 some items failed (the rest done),
2 usage or configuration error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from aluehaku.errors import AluehakuError

if TYPE_CHECKING:
    from aluehaku.config import Settings
    from aluehaku.embed.step import EmbedReport
    from aluehaku.ingest.pipeline import IngestReport
    from aluehaku.store import Store

app = typer.Typer(
    name="aluehaku",
    help="Hae ja kysy alueiden kehittämisen asiakirjoista (pöytäkirjat, hankkeet, rekisterit).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", "-d", help="Tietohakemisto (oletus ALUEHAKU_DATA_DIR tai index/)."),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Tulosta yksi JSON-olio.")]


def _fail(exc: AluehakuError) -> NoReturn:
    typer.secho(f"{exc.title}: {exc.detail}", fg="red", err=True)
    raise typer.Exit(exc.exit_code)


def _settings(data_dir: Path | None) -> Settings:
    from aluehaku.config import load_settings

    return load_settings(data_dir=data_dir)


def _open_store(settings: Settings) -> Store:
    from aluehaku.store import Store

    return Store(settings.data_dir)


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Tiedostoja tai kansioita (oletus: ingest/).")
    ] = None,
    data_dir: DataDir = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Poista asiakirjat, joiden tiedostot ovat kadonneet.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Käsittele myös muuttumattomat.")] = False,
    embed: Annotated[
        bool | None, typer.Option("--embed/--no-embed", help="Laske vektorit heti perään.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Lue asiakirjat hakemistoon (txt, md, pdf, html, docx, csv, json)."""
    from aluehaku.cli_progress import ingest_progress
    from aluehaku.ingest.pipeline import Ingestor

    try:
        settings = _settings(data_dir)
        store = _open_store(settings)
        targets = paths or [settings.inbox]
        with ingest_progress(enabled=not as_json) as (on_plan, on_item):
            report = Ingestor(store, settings).run(
                targets, prune=prune, force=force, progress=on_item, on_plan=on_plan
            )
    except AluehakuError as exc:
        _fail(exc)
    embed_report = None
    wants_embed = settings.embed_after_ingest if embed is None else embed
    if wants_embed and (report.count("ingested") or report.count("updated") or force):
        try:
            embed_report = _run_embed(store, settings, quiet=as_json)
        except AluehakuError as exc:
            # The documents are stored and searchable lexically; only the vectors are missing.
            typer.secho(f"{exc.title}: {exc.detail}", fg="yellow", err=True)
    if as_json:
        _print_json(
            {
                "totals": report.totals(),
                "report": report.report_path,
                "embedding": _embed_summary(embed_report) if embed_report else None,
            }
        )
    else:
        _print_ingest_report(report)
    raise typer.Exit(1 if report.failed else 0)


def _print_ingest_report(report: IngestReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False)
    notable = [i for i in report.items if i.status in ("failed", "skipped", "duplicate")]
    if notable:
        table = Table(title="Huomiot tiedostoittain", show_lines=False)
        for col in ("tiedosto", "tila", "syy"):
            table.add_column(col, overflow="fold")
        for item in notable:
            colour = "red" if item.status == "failed" else "yellow"
            table.add_row(
                item.source,
                f"[{colour}]{item.status}[/]",
                f"{item.reason or ''} {item.detail or ''}".strip(),
            )
        console.print(table)
    t = report.totals()
    console.print(
        f"Tiedostoja {t['files']}: uusia {t['ingested']}, päivitettyjä {t['updated']}, "
        f"ennallaan {t['unchanged']}, kaksoiskappaleita {t['duplicates']}, ohitettuja "
        f"{t['skipped']}, epäonnistuneita {t['failed']}, poistettuja {t['pruned']}."
    )
    console.print(
        f"Sivuja {t['pages']}, §-kohtia {t['sections']}, tekstikappaleita {t['chunks']}; "
        f"aikaa {t['seconds']:.1f} s. Raportti: {report.report_path}"
    )


def _run_embed(store: Store, settings: Settings, *, quiet: bool = False) -> EmbedReport:
    from aluehaku.cli_progress import count_progress
    from aluehaku.embed.step import run_embedding
    from aluehaku.store.lock import write_lock

    with write_lock(store.data_dir), count_progress("Vektorit", enabled=not quiet) as tick:
        report = run_embedding(store, settings, progress=tick)
    if not quiet:
        typer.echo(
            f"Vektorit: {report.embedded} kappaletta upotettu, {report.reused} käytti valmista "
            f"vektoria, {report.chunks - report.chunks_needing} oli jo valmiina; "
            f"toistuvia vakiokappaleita {report.boilerplate_paragraphs}; indeksissä "
            f"{report.index_size} ({report.seconds:.1f} s, malli {report.model})."
        )
    return report


def _embed_summary(report: EmbedReport) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(report)


@app.command()
def embed(data_dir: DataDir = None, as_json: JsonFlag = False) -> None:
    """Laske puuttuvat vektorit (jatkaa keskeytyneestä) ja päivitä FAISS-indeksi."""
    try:
        settings = _settings(data_dir)
        store = _open_store(settings)
        report = _run_embed(store, settings, quiet=as_json)
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        _print_json(_embed_summary(report))


@app.command()
def reindex(
    data_dir: DataDir = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Uusi malli (oletus: asetusten embed_model).")
    ] = None,
) -> None:
    """Laske kaikki vektorit uudelleen (esimerkiksi mallin vaihdon jälkeen)."""
    from aluehaku.config import load_settings
    from aluehaku.embed.step import reset_vectors
    from aluehaku.store.lock import write_lock

    try:
        settings = load_settings(data_dir=data_dir, embed_model=model)
        store = _open_store(settings)
        with write_lock(store.data_dir):
            count = reset_vectors(store, settings)
        typer.echo(f"Vektorit poistettu {count} kappaleelta; lasketaan uudelleen.")
        _run_embed(store, settings)
    except AluehakuError as exc:
        _fail(exc)


@app.command(name="eval")
def evaluate_cmd(
    queries: Annotated[Path, typer.Argument(help="JSON: [{query, relevant: [id tai lähde]}].")],
    data_dir: DataDir = None,
    modes: Annotated[
        str, typer.Option("--modes", help="Pilkuin eroteltu.")
    ] = "lexical,dense,hybrid",
    as_json: JsonFlag = False,
) -> None:
    """Mittaa hakua: nDCG@10, Recall@5, Recall@20 ja MRR kullekin hakutavalle."""
    from aluehaku.search.evaluation import LabelledQuery, document_key, evaluate, load_queries
    from aluehaku.search.service import SearchService

    try:
        settings = _settings(data_dir)
        service = SearchService(_open_store(settings), settings)
        labelled = load_queries(queries)
        table: dict[str, dict[str, float]] = {}
        for mode in [m.strip() for m in modes.split(",") if m.strip()]:

            def ranker(q: LabelledQuery, mode: str = mode) -> list[str]:
                hits = service.search(q.query, mode=mode, limit=20).hits
                return [document_key(h.chunk.document.brief(), q.relevant) for h in hits]

            table[mode] = evaluate(labelled, ranker)
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        _print_json({"queries": len(labelled), "metrics": table})
        return
    from rich.console import Console
    from rich.table import Table

    out = Table(title=f"{len(labelled)} kyselyä")
    out.add_column("hakutapa")
    metrics = ("nDCG@10", "Recall@5", "Recall@20", "MRR")
    for name in metrics:
        out.add_column(name, justify="right")
    for mode, figures in table.items():
        out.add_row(mode, *(f"{figures[m]:.3f}" for m in metrics))
    Console().print(out)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Hakulauseke suomeksi.")],
    data_dir: DataDir = None,
    limit: Annotated[int, typer.Option("--limit", "-k", min=1, max=100)] = 10,
    mode: Annotated[str | None, typer.Option("--mode", help="lexical, dense tai hybrid.")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="Asiakirjatyyppi.")] = None,
    organisation: Annotated[str | None, typer.Option("--org", help="Organisaatio.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Alkaen (VVVV-KK-PP).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Asti (VVVV-KK-PP).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Hae tekstikappaleita; sanojen taivutusmuodot ja yhdyssanat ymmärretään."""
    from aluehaku.search.service import SearchService
    from aluehaku.store import Filters

    try:
        settings = _settings(data_dir)
        store = _open_store(settings)
        filters = Filters(doc_type, organisation, date_from, date_to)
        response = SearchService(store, settings).search(
            query, mode=mode, filters=filters, limit=limit
        )
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        from aluehaku.contract import search_json

        _print_json(search_json(response))
        return
    from rich.console import Console

    console = Console()
    if not response.hits:
        console.print("Ei osumia.")
    for n, hit in enumerate(response.hits, 1):
        doc = hit.chunk.document
        where = ", ".join(
            x
            for x in (f"s. {hit.chunk.page}" if hit.chunk.page else "", hit.chunk.section or "")
            if x
        )
        console.print(
            f"[bold]{n}. {doc.title}[/] [dim]({doc.doc_type}{'; ' + where if where else ''})[/]"
        )
        console.print(f"   [dim]{doc.source}[/]")
        console.print("   " + (hit.snippet or hit.chunk.text[:300]).replace("\n", " "))
    for note in response.notes:
        console.print(f"[yellow]{note}[/]")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Kysymys suomeksi.")],
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Kysy: vastaus numeroiduin lähdeviittauksin, tai tieto siitä, ettei aineisto vastaa."""
    from aluehaku.answer import AnswerService

    try:
        settings = _settings(data_dir)
        answer = AnswerService(_open_store(settings), settings).ask(question)
    except AluehakuError as exc:
        _fail(exc)
    from aluehaku.contract import answer_json

    body = answer_json(answer, question)
    if as_json:
        _print_json(body)
        return
    from rich.console import Console

    console = Console()
    console.print(body["answer"])
    if body["citations"]:
        console.print("\n[bold]Lähteet[/]")
    for cite in body["citations"]:
        doc = cite["document"]
        where = ", ".join(
            x
            for x in (f"s. {cite['page']}" if cite.get("page") else "", cite.get("section") or "")
            if x
        )
        console.print(f"[{cite['n']}] {doc['title']}{' (' + where + ')' if where else ''}")
        console.print(f"    [dim]{doc['source']}[/]")


@app.command()
def stats(data_dir: DataDir = None, as_json: JsonFlag = False) -> None:
    """Näytä hakemiston sisältö: asiakirjat, sivut, kappaleet, vektorit."""
    try:
        store = _open_store(_settings(data_dir))
        figures = store.stats()
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        _print_json(figures)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"aluehaku: {store.data_dir}")
    table.add_column("mitä")
    table.add_column("määrä", justify="right")
    for key in (
        "documents",
        "aliases",
        "pages",
        "sections",
        "chunks",
        "chunks_embedded",
        "vectors",
    ):
        table.add_row(key, str(figures[key]))
    for doc_type, count in figures["by_type"].items():
        table.add_row(f"  {doc_type}", str(count))
    table.add_row("embed_model", str(figures["embed_model"] or "-"))
    Console().print(table)


@app.command()
def delete(
    targets: Annotated[list[str], typer.Argument(help="Asiakirjan id tai lähdepolku.")],
    data_dir: DataDir = None,
) -> None:
    """Poista asiakirjoja id:n tai lähteen perusteella."""
    from aluehaku.store.lock import write_lock

    missing: list[str] = []
    try:
        settings = _settings(data_dir)
        store = _open_store(settings)
        with write_lock(store.data_dir):
            for target in targets:
                if target.isdigit():
                    removed = store.delete_documents([int(target)]) > 0
                else:
                    source = (
                        str(Path(target).expanduser().resolve()) if "://" not in target else target
                    )
                    removed = store.remove_source(source) or store.remove_source(target)
                if removed:
                    typer.echo(f"Poistettu: {target}")
                else:
                    missing.append(target)
    except AluehakuError as exc:
        _fail(exc)
    for target in missing:
        typer.secho(f"Ei löytynyt: {target}", fg="yellow", err=True)
    raise typer.Exit(1 if missing else 0)


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="Uusi tai tyhjä kansio varmuuskopiolle.")],
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Varmuuskopioi tietohakemisto kesken käytön (palvelin ja tuonti voivat jatkaa)."""
    from aluehaku.store.backup import backup as run_backup

    try:
        report = run_backup(_settings(data_dir).data_dir, dest)
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        _print_json(report.to_json())
        return
    typer.echo(
        f"Varmuuskopio {dest}: asiakirjoja {report.documents}, kappaleita {report.chunks}, "
        f"vektoreita {report.vectors}, ladattuja tiedostoja {report.uploads}; "
        f"vektori-indeksi {report.dense_index} ({report.seconds:.1f} s)."
    )


@app.command()
def restore(
    src: Annotated[Path, typer.Argument(help="Komennolla `aluehaku backup` tehty kansio.")],
    data_dir: DataDir = None,
    force: Annotated[
        bool, typer.Option("--force", help="Korvaa tietohakemiston nykyinen sisältö.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Palauta varmuuskopio tietohakemistoon (tyhjään, tai --force korvaa)."""
    from aluehaku.store.backup import restore as run_restore

    try:
        report = run_restore(src, _settings(data_dir).data_dir, force=force)
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        _print_json(report.to_json())
        return
    typer.echo(
        f"Palautettu {report.destination}: asiakirjoja {report.documents}, kappaleita "
        f"{report.chunks}, vektoreita {report.vectors}; vektori-indeksi {report.dense_index} "
        f"({report.seconds:.1f} s). Käynnistä palvelin uudelleen."
    )


@app.command()
def serve(
    data_dir: DataDir = None,
    host: Annotated[str | None, typer.Option("--host", help="Osoite (oletus 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Portti (oletus 8000).")] = None,
) -> None:
    """Käynnistä verkkokäyttöliittymä ja HTTP-rajapinta."""
    from aluehaku.api.serve import serve as run_server

    try:
        settings = _settings(data_dir)
        typer.echo(f"aluehaku: http://{host or settings.host}:{port or settings.port}/")
        run_server(settings, host, port)
    except AluehakuError as exc:
        _fail(exc)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
