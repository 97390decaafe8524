"""The command line: `aluehaku ingest|search|stats|delete|…`.

Heavy modules (the store, Voikko, FAISS, embedding engines) are imported inside the commands so
that ``aluehaku --help`` stays fast. Exit codes: 0 all well, 1 some items failed (the rest done),
2 usage or configuration error (also: the server's port is taken), 3 the disk is full (what was
stored before stays; free space and run the same command again).

Help is Finnish throughout: the framework's own strings (panel titles, "Usage:", "[OPTIONS]",
type names, usage errors) are replaced at import by :func:`aluehaku.cli_help.finnish_framework`.
When standard output is not a terminal (a log file, a pipe), nothing is wrapped: one file or hit
per line.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from aluehaku.cli_help import finnish_framework
from aluehaku.errors import AluehakuError

if TYPE_CHECKING:
    from aluehaku.config import Settings
    from aluehaku.embed.base import Embedder
    from aluehaku.embed.step import EmbedReport
    from aluehaku.ingest.pipeline import IngestReport, ParsePoolFactory
    from aluehaku.ray_session import RaySession
    from aluehaku.search.index import IndexSyncReport
    from aluehaku.sources.sync import SyncReport
    from aluehaku.store import Store


finnish_framework()

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
RayAddress = Annotated[
    str | None,
    typer.Option(
        "--ray",
        metavar="OSOITE",
        help="Jäsennä ja laske vektorit Ray-klusterissa: auto (paikallinen Ray tai RAY_ADDRESS),"
        " isäntä:portti (tämä kone on klusterin solmu) tai ray://isäntä:10001. Tallennus pysyy"
        " tässä prosessissa.",
    ),
]


@app.callback()
def _everywhere(data_dir: DataDir = None) -> None:
    """Options given before the command apply to it: ``aluehaku --data-dir D ingest …`` is
    ``aluehaku ingest … --data-dir D`` (the command's own ``--data-dir`` still wins)."""
    if data_dir is not None:
        # Through the environment, as a deployment sets it: every command's settings read it,
        # and so do the processes a command starts (server workers, parsers).
        os.environ["ALUEHAKU_DATA_DIR"] = str(data_dir)


def _fail(exc: AluehakuError) -> NoReturn:
    typer.secho(f"{exc.title}: {exc.detail}", fg="red", err=True)
    raise typer.Exit(exc.exit_code)


def _settings(data_dir: Path | None) -> Settings:
    from aluehaku.config import load_settings

    return load_settings(data_dir=data_dir)


def _open_store(settings: Settings) -> Store:
    from aluehaku.store import Store

    return Store(settings.data_dir)


def _audit_cli(store: Store, action: str, target: object, detail: str | None = None) -> None:
    """Put a change made from the command line on the audit trail (as ``cli:<OS user>``): the
    one who runs it holds the data directory, so the role is admin."""
    import getpass

    from aluehaku.store.audit import AuditEntry, record

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        user = str(os.getuid())
    record(store, AuditEntry(f"cli:{user}", "admin", action, str(target), detail, "cli"))


def _console() -> Any:
    """A rich console for standard output; off a terminal it never wraps a line."""
    from rich.console import Console

    return Console(soft_wrap=not sys.stdout.isatty())


def _configure_logging() -> None:
    """Warnings to stderr (``ALUEHAKU_LOG_LEVEL`` sets the level); pypdf's notes only at debug."""
    from aluehaku.logs import route_pypdf_to_debug

    level = os.environ.get("ALUEHAKU_LOG_LEVEL", "WARNING").upper()
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level if level in logging.getLevelNamesMapping() else "WARNING")
    route_pypdf_to_debug()


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="POLUT", help="Tiedostoja tai kansioita (oletus: ingest/)."),
    ] = None,
    data_dir: DataDir = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Poista asiakirjat, joiden tiedostot ovat kadonneet.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Käsittele myös muuttumattomat.")] = False,
    embed: Annotated[
        bool | None, typer.Option("--embed/--no-embed", help="Laske vektorit heti perään.")
    ] = None,
    visibility: Annotated[
        str | None,
        typer.Option(
            "--visibility",
            help="Kuka näkee: public, internal tai restricted:<ryhmä>[,<ryhmä>]. Kansion "
            ".aluehaku-visibility ja asiakirjan oma salassapitomerkintä voivat rajata lisää.",
        ),
    ] = None,
    ray: RayAddress = None,
    as_json: JsonFlag = False,
) -> None:
    """Lue asiakirjat hakemistoon (pdf, html, txt, md, docx, csv, json, jsonl)."""
    with contextlib.ExitStack() as stack:  # a Ray started here is shut down on every exit
        _ingest(stack, paths, data_dir, prune, force, embed, visibility, ray, as_json)


def _ingest(
    stack: contextlib.ExitStack[Any],
    paths: list[Path] | None,
    data_dir: Path | None,
    prune: bool,
    force: bool,
    embed: bool | None,
    visibility: str | None,
    ray: str | None,
    as_json: bool,
) -> None:
    """`aluehaku ingest`; with ``ray``, parsing and embedding run on that Ray cluster."""
    from aluehaku.access import Visibility
    from aluehaku.cli_progress import ingest_progress
    from aluehaku.ingest.pipeline import Ingestor

    started = time.monotonic()
    try:
        chosen = Visibility.parse(visibility) if visibility else None
        settings = _settings(data_dir)
        store = _open_store(settings)
        targets = paths or [settings.inbox]
        session = _enter_ray(stack, ray)
        parsers = _ray_parsers(session)
        with ingest_progress(enabled=not as_json) as (on_plan, on_item):
            report = Ingestor(store, settings, parsers).run(
                targets,
                prune=prune,
                force=force,
                progress=on_item,
                on_plan=on_plan,
                visibility=chosen,
            )
    except AluehakuError as exc:
        _fail(exc)
    embed_report = None
    wants_embed = settings.embed_after_ingest if embed is None else embed
    if wants_embed and (report.count("ingested") or report.count("updated") or force):
        try:
            embed_report = _run_embed(store, settings, quiet=as_json, session=session)
        except AluehakuError as exc:
            # The documents are stored and searchable lexically; only the vectors are missing.
            typer.secho(f"{exc.title}: {exc.detail}", fg="yellow", err=True)
    _sync_lexical(store, settings, quiet=as_json)
    if as_json:
        _print_json(
            {
                "totals": report.totals(),
                "report": report.report_path,
                "embedding": _embed_summary(embed_report) if embed_report else None,
                "ray": _ray_summary(session) if session else None,
            }
        )
    else:
        _print_ingest_report(report, store, time.monotonic() - started)
        if session:
            _print_ray_summary(session)
    raise typer.Exit(1 if report.failed else 0)


def _enter_ray(stack: contextlib.ExitStack[Any], address: str | None) -> RaySession | None:
    """Connect to the Ray that ``--ray`` names (kept until the command ends), or None."""
    if not address:
        return None
    from aluehaku.ray_session import ray_session

    return stack.enter_context(ray_session(address))


def _ray_parsers(session: RaySession | None) -> ParsePoolFactory | None:
    """The parse-pool factory for a Ray session (None: the local worker processes)."""
    if session is None:
        return None
    from functools import partial

    from aluehaku.ingest.ray_parse import RayParsePool

    return partial(RayParsePool, session=session)


def _ray_summary(session: RaySession) -> dict[str, Any]:
    """Where the work ran: nodes, CPUs, GPUs and the tasks per worker of each kind."""
    return {
        "address": session.address,
        "nodes": session.nodes(),
        "cpus": session.cpus(),
        "gpus": session.gpus(),
        "parse": session.split("parse"),
        "embed": session.split("embed"),
    }


def _print_ray_summary(session: RaySession) -> None:
    """One line per kind of work: how many tasks each Ray worker ran."""
    info = _ray_summary(session)
    typer.echo(
        f"Ray ({info['address']}): solmuja {info['nodes']}, CPU {info['cpus']}, GPU {info['gpus']}."
    )
    for kind, label in (("parse", "jäsennetyt tiedostot"), ("embed", "vektorierät")):
        if info[kind]:
            split = ", ".join(f"{w} {n}" for w, n in info[kind].items())
            typer.echo(f"Ray, {label} työntekijöittäin: {split}")


def _print_ingest_report(report: IngestReport, store: Store, elapsed: float) -> None:
    """Files with notes (a table on a terminal, one tab-separated line each otherwise), totals.

    ``elapsed`` is the wall time of the whole command (reading and vectors).
    """
    from rich.table import Table

    console = _console()
    notable = [i for i in report.items if i.status in ("failed", "skipped", "duplicate")]
    if notable and not sys.stdout.isatty():
        # A log keeps one file per line, the path whole, so that grep finds it.
        for item in notable:
            reason = f"{item.reason or ''} {item.detail or ''}".strip()
            sys.stdout.write(f"{item.status}\t{item.source}\t{reason}\n")
    elif notable:
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
    read = [i.document_id for i in report.items if i.status in ("ingested", "updated")]
    paragraphs = store.paragraph_count(d for d in read if d is not None)
    console.print(
        f"Tiedostoja {t['files']}: uusia {t['ingested']}, päivitettyjä {t['updated']}, "
        f"ennallaan {t['unchanged']}, kaksoiskappaleita {t['duplicates']}, ohitettuja "
        f"{t['skipped']}, epäonnistuneita {t['failed']}, poistettuja {t['pruned']}.",
        markup=False,
    )
    console.print(
        f"Sivuja {t['pages']}, §-kohtia {paragraphs}, tekstikappaleita {t['chunks']}; "
        f"aikaa {_duration(elapsed)}. Raportti: {report.report_path}",
        markup=False,
    )


def _duration(seconds: float) -> str:
    """``4 min 17 s`` or ``3.4 s``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return (f"{hours} h " if hours else "") + f"{minutes} min {secs} s"


def _run_embed(
    store: Store, settings: Settings, *, quiet: bool = False, session: RaySession | None = None
) -> EmbedReport:
    """The embedding step; with ``session``, the batches run on Ray's embedding actors."""
    if session is not None:  # the actors embed; planning and writing stay here
        from aluehaku.embed.ray_embed import RayEmbedder

        with RayEmbedder(settings, session) as on_ray:
            return _run_embed_with(store, settings, quiet, on_ray)
    return _run_embed_with(store, settings, quiet, None)


def _run_embed_with(
    store: Store, settings: Settings, quiet: bool, embedder: Embedder | None
) -> EmbedReport:
    """The embedding step with ``embedder`` (None: the configured one, in this process)."""
    from aluehaku.cli_progress import count_progress
    from aluehaku.embed.step import run_embedding
    from aluehaku.store.lock import write_lock

    if not quiet and not sys.stderr.isatty():
        typer.echo(f"Vektorit: lasketaan puuttuvat (malli {settings.embed_model}).", err=True)
    # Small pages: progress (and a resumable commit) every few dozen chunks, not every 2000.
    page = max(16, settings.embed_batch_size * 2)
    with write_lock(store.data_dir), count_progress("Vektorit", enabled=not quiet) as tick:
        report = run_embedding(store, settings, embedder=embedder, progress=tick, page_size=page)
        # The best-sentence rerank's vectors (only when ALUEHAKU_SENTENCE_WEIGHT etc. turn it on).
        from aluehaku.search.sentences import sync_if_enabled

        sync_if_enabled(store, settings)
    if settings.index != "embedded":  # the vectors go to Milvus (no FAISS file is kept then)
        synced = _sync_index(store, settings, quiet=quiet)
        report.index_size = synced.vectors if synced is not None else 0
    if not quiet:
        typer.echo(
            f"Vektorit: {report.embedded} kappaletta upotettu, {report.reused} käytti valmista "
            f"vektoria, {report.chunks - report.chunks_needing} oli jo valmiina; "
            f"toistuvia vakiokappaleita {report.boilerplate_paragraphs}; indeksissä "
            f"{report.index_size} ({report.seconds:.1f} s, malli {report.model})."
        )
    return report


def _sync_lexical(store: Store, settings: Settings, *, quiet: bool = False) -> None:
    """Bring the derived lexical index in step after a change; a failure only costs speed.

    With a Milvus index selected (``ALUEHAKU_INDEX``), Milvus is brought in step instead.
    """
    from aluehaku.search import lexical

    if settings.index != "embedded":
        _sync_index(store, settings, quiet=quiet)
        return
    start = time.monotonic()
    try:
        state = lexical.sync(store, settings)
    except Exception as exc:  # FTS5 answers meanwhile: say why, do not fail the command
        typer.secho(f"Sanahakemistoa ei päivitetty ({exc}); haku käyttää FTS5:tä.", err=True)
        return
    if state == "rebuilt" and not quiet:
        typer.echo(f"Sanahakemisto päivitetty ({time.monotonic() - start:.1f} s).", err=True)


def _sync_index(store: Store, settings: Settings, *, quiet: bool = False) -> IndexSyncReport | None:
    """Write what changed in the store to the selected Milvus index.

    A failure does not undo the command (the record is stored); the next search or
    `aluehaku reindex --to` catches up, and hits are checked against SQLite meanwhile.
    """
    from aluehaku.search.index import open_index

    try:
        report = open_index(store, settings).sync()
    except AluehakuError as exc:
        typer.secho(f"Hakuindeksiä ei päivitetty: {exc.detail}", fg="yellow", err=True)
        return None
    if report.state != "fresh" and not quiet:
        typer.echo(
            f"Hakuindeksi {report.index}: {report.upserted} kappaletta kirjoitettu, "
            f"{report.deleted} poistettu ({report.seconds:.1f} s).",
            err=True,
        )
    return report


def _embed_summary(report: EmbedReport) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(report)


@app.command()
def embed(data_dir: DataDir = None, ray: RayAddress = None, as_json: JsonFlag = False) -> None:
    """Laske puuttuvat vektorit (jatkaa keskeytyneestä) ja päivitä FAISS-indeksi."""
    with contextlib.ExitStack() as stack:
        try:
            settings = _settings(data_dir)
            store = _open_store(settings)
            report = _run_embed(store, settings, quiet=as_json, session=_enter_ray(stack, ray))
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
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Kopioi hakuindeksi (kappaleet ja vektorit) kohteeseen: milvus://palvelin:19530,"
            " milvus-lite:///polku.db tai embedded. Vektoreita ei lasketa uudelleen.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Laske kaikki vektorit uudelleen (esimerkiksi mallin vaihdon jälkeen), tai --to:lla
    kopioi hakuindeksi toiseen (esimerkiksi Milvukseen)."""
    from aluehaku.config import load_settings
    from aluehaku.embed.step import reset_vectors
    from aluehaku.store.lock import write_lock

    if to is not None:
        _copy_index(data_dir, to, as_json=as_json)
        return
    try:
        settings = load_settings(data_dir=data_dir, embed_model=model)
        store = _open_store(settings)
        with write_lock(store.data_dir):
            count = reset_vectors(store)
        typer.echo(f"Vektorit poistettu {count} kappaleelta; lasketaan uudelleen.")
        _run_embed(store, settings)
    except AluehakuError as exc:
        _fail(exc)


def _copy_index(data_dir: Path | None, target: str, *, as_json: bool) -> None:
    """`aluehaku reindex --to TARGET`: build the index at ``target`` whole from the store."""
    from dataclasses import asdict

    from aluehaku.cli_progress import count_progress
    from aluehaku.search.index import open_index, parse_target

    try:
        parsed = parse_target(target)
        settings = _settings(data_dir)
        store = _open_store(settings)
        index = open_index(store, settings, target)
        with count_progress(f"Hakuindeksi {parsed.label}", enabled=not as_json) as tick:
            report = index.sync(force=True, progress=tick)
        _audit_cli(store, "reindex", parsed.label, f"{report.chunks} chunks")
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        _print_json(asdict(report))
        return
    typer.echo(
        f"Hakuindeksi {report.index}: kappaleita {report.chunks}, joista vektorillisia "
        f"{report.vectors} ({report.seconds:.1f} s). Ota käyttöön: ALUEHAKU_INDEX={target}"
    )


#: Rich reads "[…]" as markup; the bracket is escaped so that the help shows it.
EVAL_FILE_HELP = "JSON-tiedosto: lista olioita {query, relevant: \\[id tai lähde, …]}."


@app.command(name="eval")
def evaluate_cmd(
    queries: Annotated[
        Path,
        typer.Argument(metavar="KYSELYTIEDOSTO", help=EVAL_FILE_HELP),
    ],
    data_dir: DataDir = None,
    modes: Annotated[
        str, typer.Option("--modes", help="Pilkuin eroteltu.")
    ] = "lexical,dense,hybrid",
    as_json: JsonFlag = False,
) -> None:
    """Mittaa hakua: nDCG@10 (95 %:n luottamusväli), Recall@5, Recall@20 ja MRR hakutavoittain."""
    from aluehaku.search import evaluation as ev
    from aluehaku.search.service import SearchService

    try:
        settings = _settings(data_dir)
        service = SearchService(_open_store(settings), settings)
        labelled = ev.load_queries(queries)
        table: dict[str, dict[str, float]] = {}
        intervals: dict[str, dict[str, tuple[float, float]]] = {}
        for mode in [m.strip() for m in modes.split(",") if m.strip()]:

            def ranker(q: ev.LabelledQuery, mode: str = mode) -> list[str]:
                hits = service.search(q.query, mode=mode, limit=20).hits
                return [ev.document_key(h.chunk.document.brief(), q.relevant) for h in hits]

            values = ev.per_query(labelled, ranker)
            table[mode] = ev.means(values)
            intervals[mode] = {"nDCG@10": ev.bootstrap_ci(values["nDCG@10"])}
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        _print_json({"queries": len(labelled), "metrics": table, "ci95": intervals})
        return
    from rich.table import Table

    out = Table(title=f"{len(labelled)} kyselyä; luottamusväli: bootstrap kyselyistä")
    out.add_column("hakutapa")
    metrics = ("nDCG@10", "Recall@5", "Recall@20", "MRR")
    out.add_column("nDCG@10", justify="right")
    out.add_column("95 % väli", justify="right")
    for name in metrics[1:]:
        out.add_column(name, justify="right")
    for mode, figures in table.items():
        low, high = intervals[mode]["nDCG@10"]
        out.add_row(
            mode,
            f"{figures['nDCG@10']:.3f}",
            f"{low:.3f}–{high:.3f}",
            *(f"{figures[m]:.3f}" for m in metrics[1:]),
        )
    _console().print(out)


@app.command()
def search(
    query: Annotated[str, typer.Argument(metavar="HAKULAUSEKE", help="Hakulauseke suomeksi.")],
    data_dir: DataDir = None,
    limit: Annotated[
        int, typer.Option("--limit", "-k", min=1, max=100, help="Tuloksia enintään.")
    ] = 10,
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
    console = _console()
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
    question: Annotated[str, typer.Argument(metavar="KYSYMYS", help="Kysymys suomeksi.")],
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
    console = _console()
    console.print(body["answer"], markup=False)
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
    from rich.table import Table

    table = Table(title=f"aluehaku: {store.data_dir}")
    table.add_column("mitä")
    table.add_column("määrä", justify="right")
    for key, label in STATS_LABELS.items():
        table.add_row(label, str(figures[key]))
    for doc_type, count in figures["by_type"].items():
        table.add_row(f"  {doc_type}", str(count))
    table.add_row("vektorimalli", str(figures["embed_model"] or "-"))
    table.add_row("tietokannan koko", f"{figures['database_bytes'] / 1e6:.1f} MB")
    _console().print(table)


#: Finnish labels of the ``stats`` figures (``--json`` keeps the English keys).
STATS_LABELS = {
    "documents": "asiakirjoja",
    "aliases": "muita lähdenimiä",
    "pages": "sivuja",
    "sections": "osioita",
    "chunks": "tekstikappaleita",
    "chunks_embedded": "kappaleita, joilla vektori",
    "vectors": "vektoreita",
}


@app.command()
def delete(
    targets: Annotated[
        list[str], typer.Argument(metavar="KOHTEET", help="Asiakirjan id tai lähdepolku.")
    ],
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
                    _audit_cli(store, "delete", target)
                    typer.echo(f"Poistettu: {target}")
                else:
                    missing.append(target)
        _sync_lexical(store, settings)
    except AluehakuError as exc:
        _fail(exc)
    for target in missing:
        typer.secho(f"Ei löytynyt: {target}", fg="yellow", err=True)
    raise typer.Exit(1 if missing else 0)


@app.command(name="visibility")
def set_visibility(
    doc_id: Annotated[int, typer.Argument(metavar="ID", help="Asiakirjan id.", min=1)],
    value: Annotated[
        str,
        typer.Argument(metavar="NÄKYVYYS", help="public, internal tai restricted:<ryhmä>[,…]."),
    ],
    data_dir: DataDir = None,
) -> None:
    """Muuta, kuka asiakirjan näkee (säilyy, vaikka tiedosto luettaisiin uudelleen)."""
    from aluehaku.access import Visibility

    try:
        chosen = Visibility.parse(value)
        settings = _settings(data_dir)
        store = _open_store(settings)
        old = store.set_visibility(doc_id, chosen)
        _audit_cli(store, "visibility", doc_id, f"{old.visibility} -> {chosen}")
        if settings.index != "embedded":  # the embedded legs read visibility from SQLite
            _sync_index(store, settings, quiet=True)
    except AluehakuError as exc:
        _fail(exc)
    typer.echo(f"Asiakirja {doc_id}: {old.visibility} -> {chosen}")


@app.command()
def backup(
    dest: Annotated[
        Path, typer.Argument(metavar="KANSIO", help="Uusi tai tyhjä kansio varmuuskopiolle.")
    ],
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Varmuuskopioi tietohakemisto kesken käytön (palvelin ja tuonti voivat jatkaa)."""
    from aluehaku.store.backup import backup as run_backup

    try:
        report = run_backup(_settings(data_dir), dest)
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
    src: Annotated[
        Path, typer.Argument(metavar="KANSIO", help="Komennolla `aluehaku backup` tehty kansio.")
    ],
    data_dir: DataDir = None,
    force: Annotated[
        bool, typer.Option("--force", help="Korvaa tietohakemiston nykyinen sisältö.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Palauta varmuuskopio tietohakemistoon (tyhjään, tai --force korvaa)."""
    from aluehaku.store.backup import restore as run_restore

    try:
        settings = _settings(data_dir)
        report = run_restore(src, settings, force=force)
        _sync_lexical(_open_store(settings), settings, quiet=as_json)
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
    """Käynnistä verkkokäyttöliittymä ja HTTP-rajapinta (varattu portti: poistumiskoodi 2)."""
    from aluehaku.api.serve import check_port
    from aluehaku.api.serve import serve as run_server

    try:
        settings = _settings(data_dir)
        bind_host = host or settings.host
        bind_port = settings.port if port is None else port
        check_port(bind_host, bind_port)
        typer.echo(f"aluehaku: http://{bind_host}:{bind_port}/")
        run_server(settings, host, port)
    except AluehakuError as exc:
        _fail(exc)


# --- sources and sync (issue 16) ----------------------------------------------------------------

source_app = typer.Typer(
    help="Verkkolähteet, joita `aluehaku sync` pitää ajan tasalla.",
    no_args_is_help=True,
)
app.add_typer(source_app, name="source")


@source_app.command("add")
def source_add(
    kind: Annotated[
        str, typer.Argument(metavar="LAJI", help="web, archive, ahjo, feed tai register.")
    ],
    url: Annotated[
        str,
        typer.Argument(
            metavar="OSOITE", help="Aloitussivu, sitemap.xml, kokouslista, rajapinta tai tiedosto."
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Lähteen nimi (oletus palvelimen nimestä).")
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="Vain osoitteet, joihin osuu (regex).")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Ohita osoitteet, joihin osuu (regex).")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="web: linkkien syvyys.")] = 2,
    system: Annotated[
        str, typer.Option("--system", help="archive: auto, dynasty tai cloudnc.")
    ] = "auto",
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Salli paikallisverkon ja oman koneen osoitteet."),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Lisää lähde (verkkosivusto, päätösarkisto, Ahjo, syöte tai rekisteri)."""
    from aluehaku.sources.registry import SourceConfig, SourceRegistry, default_name

    try:
        store = _open_store(_settings(data_dir))
        config = SourceRegistry(store).add(
            SourceConfig(
                name=name or default_name(kind, url),
                kind=kind,
                url=url,
                include=include or [],
                exclude=exclude or [],
                depth=depth,
                system=system,
                allow_private=allow_private,
            )
        )
    except AluehakuError as exc:
        _fail(exc)
    typer.echo(f"Lähde {config.name} lisätty ({config.kind}: {config.url}). Aja: aluehaku sync")


@source_app.command("list")
def source_list(data_dir: DataDir = None, as_json: JsonFlag = False) -> None:
    """Luettele lähteet."""
    from aluehaku.sources.registry import SourceRegistry

    try:
        sources = SourceRegistry(_open_store(_settings(data_dir))).list()
    except AluehakuError as exc:
        _fail(exc)
    if as_json:
        _print_json([{"name": s.name, "kind": s.kind, "url": s.url, **s.options(),
                      "synced_at": s.synced_at} for s in sources])  # fmt: skip
        return
    if not sources:
        typer.echo("Ei lähteitä. Lisää: aluehaku source add LAJI OSOITE")
    for s in sources:
        typer.echo(f"{s.name}\t{s.kind}\t{s.url}\t{s.synced_at or 'ei vielä haettu'}")


@source_app.command("remove")
def source_remove(
    name: Annotated[str, typer.Argument(metavar="NIMI", help="Lähteen nimi.")],
    data_dir: DataDir = None,
) -> None:
    """Poista lähde ja sen asiakirjat hakemistosta."""
    from aluehaku.sources.sync import forget_source

    try:
        store = _open_store(_settings(data_dir))
        removed = forget_source(store, name)
    except AluehakuError as exc:
        _fail(exc)
    typer.echo(f"Lähde {name} poistettu; asiakirjoja poistettu {removed}.")


@app.command()
def sync(
    name: Annotated[
        str | None, typer.Argument(metavar="LÄHDE", help="Lähde (oletus: kaikki).")
    ] = None,
    data_dir: DataDir = None,
    embed: Annotated[
        bool | None, typer.Option("--embed/--no-embed", help="Laske vektorit heti perään.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Päivitä hakemisto lähteistä: vain uudet ja muuttuneet, poistetut pois."""
    from aluehaku.sources.registry import SourceRegistry
    from aluehaku.sources.sync import Syncer

    try:
        settings = _settings(data_dir)
        store = _open_store(settings)
        registry = SourceRegistry(store)
        configs = [registry.get(name)] if name else registry.list()
        reports = [Syncer(store, settings).run(config) for config in configs]
    except AluehakuError as exc:
        _fail(exc)
    if not configs and not as_json:
        typer.echo("Ei lähteitä. Lisää: aluehaku source add LAJI OSOITE")
    changed = sum(r.count("ingested") + r.count("updated") + r.count("pruned") for r in reports)
    wants_embed = settings.embed_after_ingest if embed is None else embed
    if wants_embed and changed:
        try:
            _run_embed(store, settings, quiet=as_json)
        except AluehakuError as exc:
            typer.secho(f"{exc.title}: {exc.detail}", fg="yellow", err=True)
    if changed:
        _sync_lexical(store, settings, quiet=as_json)
    if as_json:
        _print_json([{**r.totals(), "notes": r.notes, "report": r.report_path} for r in reports])
    else:
        for report in reports:
            _print_sync_report(report)
    failed = any(r.failed or not r.complete for r in reports)
    raise typer.Exit(1 if failed else 0)


def _print_sync_report(report: SyncReport) -> None:
    """One line per failed or removed item (with its Finnish reason), then the totals."""
    for item in report.items:
        if item.status in ("failed", "pruned"):
            reason = f"{item.reason or ''} {item.detail or ''}".strip()
            typer.echo(f"{item.status}\t{item.source}\t{reason}")
    for note in report.notes:
        typer.secho(f"Huom: {note}", fg="yellow", err=True)
    t = report.totals()
    typer.echo(
        f"{report.source}: kohteita {t['files']}: uusia {t['ingested']}, muuttuneita "
        f"{t['updated']}, ennallaan {t['unchanged']}, poistettuja {t['pruned']}, "
        f"epäonnistuneita {t['failed']}; pyyntöjä {t['requests']} (ehdollisia "
        f"{t['conditional']}, ei muuttunut {t['not_modified']}); aikaa "
        f"{_duration(report.seconds)}. Raportti: {report.report_path}"
    )


def main() -> None:
    """Console-script entry point."""
    _configure_logging()
    app()


if __name__ == "__main__":
    main()
