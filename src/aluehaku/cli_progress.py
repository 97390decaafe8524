"""Progress for long work: a rich progress bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aluehaku.ingest.pipeline import ItemResult

PlanCallback = Callable[[int], None]
ItemCallback = Callable[["ItemResult", int, int], None]


@contextmanager
def ingest_progress(enabled: bool = True) -> Iterator[tuple[PlanCallback, ItemCallback]]:
    """Yield (on_plan, on_item) callbacks that show files/s, pages/s and the ETA."""
    state = {"pages": 0, "start": time.monotonic(), "last_log": 0.0, "total": 0}
    if not enabled:
        yield (lambda total: None), (lambda item, done, total: None)
        return
    if sys.stderr.isatty():
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("[bold]Luetaan[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None, rate="")

            def on_plan(total: int) -> None:
                bar.update(task, total=total)

            def on_item(item: ItemResult, done: int, total: int) -> None:
                state["pages"] += item.pages
                elapsed = max(1e-6, time.monotonic() - state["start"])
                rate = f"{done / elapsed:.1f} tiedostoa/s, {state['pages'] / elapsed:.0f} sivua/s"
                bar.update(task, completed=done, rate=rate)

            yield on_plan, on_item
        return

    def plan_plain(total: int) -> None:
        state["total"] = total
        print(f"Luetaan {total} tiedostoa", file=sys.stderr, flush=True)

    def item_plain(item: ItemResult, done: int, total: int) -> None:
        state["pages"] += item.pages
        now = time.monotonic()
        if now - state["last_log"] < 5 and done != total:
            return
        state["last_log"] = now
        elapsed = max(1e-6, now - state["start"])
        eta = (total - done) * elapsed / max(done, 1)
        print(
            f"{done}/{total} tiedostoa, {done / elapsed:.1f} tiedostoa/s, "
            f"{state['pages'] / elapsed:.0f} sivua/s, arvioitu jäljellä {eta:.0f} s",
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
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn(f"[bold]{label}[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
        ) as bar:
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
