"""Progress for long work: a rich progress bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aluehaku.ingest.pipeline import ItemResult

PlanCallback = Callable[[int], None]
ItemCallback = Callable[["ItemResult", int, int], None]


def _bar(label: str, *, with_rate: bool = False) -> Any:
    """A transient rich progress bar: label, bar, done/total, (rate,) time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns: list[Any] = [TextColumn(f"[bold]{label}[/]"), BarColumn(), MofNCompleteColumn()]
    if with_rate:
        columns.append(TextColumn("{task.fields[rate]}"))
    columns.append(TimeRemainingColumn())
    return Progress(*columns, transient=True)


@contextmanager
def ingest_progress(enabled: bool = True) -> Iterator[tuple[PlanCallback, ItemCallback]]:
    """Yield (on_plan, on_item) callbacks that show files/s, pages/s and the ETA."""
    if not enabled:
        yield (lambda total: None), (lambda item, done, total: None)
        return
    start = time.monotonic()
    pages = [0]

    def rates(item: ItemResult, done: int) -> tuple[float, float, float]:
        pages[0] += item.pages
        elapsed = max(1e-6, time.monotonic() - start)
        return elapsed, done / elapsed, pages[0] / elapsed

    if sys.stderr.isatty():
        with _bar("Luetaan", with_rate=True) as bar:
            task = bar.add_task("ingest", total=None, rate="")

            def on_plan(total: int) -> None:
                bar.update(task, total=total)

            def on_item(item: ItemResult, done: int, total: int) -> None:
                _elapsed, files_s, pages_s = rates(item, done)
                rate = f"{files_s:.1f} tiedostoa/s, {pages_s:.0f} sivua/s"
                bar.update(task, completed=done, rate=rate)

            yield on_plan, on_item
        return
    last_log = [0.0]

    def plan_plain(total: int) -> None:
        print(f"Luetaan {total} tiedostoa", file=sys.stderr, flush=True)

    def item_plain(item: ItemResult, done: int, total: int) -> None:
        elapsed, files_s, pages_s = rates(item, done)
        if time.monotonic() - last_log[0] < 5 and done != total:
            return
        last_log[0] = time.monotonic()
        eta = (total - done) * elapsed / max(done, 1)
        print(
            f"{done}/{total} tiedostoa, {files_s:.1f} tiedostoa/s, "
            f"{pages_s:.0f} sivua/s, arvioitu jäljellä {eta:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    yield plan_plain, item_plain


@contextmanager
def count_progress(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """Yield a (done, total) callback: a progress bar on a terminal, log lines otherwise."""
    if not enabled:
        yield lambda done, total: None
        return
    start = time.monotonic()
    if sys.stderr.isatty():
        with _bar(label) as bar:
            task = bar.add_task(label, total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)
        return
    last = [0.0]

    def tick(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 5 or done >= total:
            last[0] = now
            rate = done / max(1e-6, now - start)
            print(f"{label}: {done}/{total} ({rate:.1f}/s)", file=sys.stderr, flush=True)

    yield tick
