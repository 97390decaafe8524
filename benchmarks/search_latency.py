"""Query latency of each search mode (query embedding included) and of composed answers.

Usage::

    .venv/bin/python benchmarks/search_latency.py DATA_DIR QUESTIONS.json [--limit 10] [--n 250]
        [--rounds 1]

QUESTIONS is a JSON file with questions as a list of strings, of objects with ``question`` or
``query``, or an object whose ``results`` list holds such objects (the Lapua query runs). Each
question is searched once per mode in one process after a warm-up, so the modes compare as ratios
within one run; answers go through :class:`aluehaku.answer.AnswerService`. With ``--rounds N``
every question is asked N times and keeps its best time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aluehaku.answer import AnswerService
from aluehaku.config import load_settings
from aluehaku.search.service import SearchService
from aluehaku.store import Store


def load_questions(path: Path) -> list[str]:
    """Question strings from any of the accepted layouts."""
    raw: Any = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(raw, dict):
        raw = raw.get("results") or raw.get("queries") or []
    out = []
    for item in raw:
        text = item if isinstance(item, str) else item.get("question") or item.get("query")
        if text:
            out.append(str(text))
    return out


def measure(
    run: Callable[[str], object], questions: list[str], rounds: int = 1
) -> tuple[float, float, float]:
    """(p50, p95, max) milliseconds of ``run`` over ``questions``; with ``rounds`` > 1 each
    question's time is its best of that many passes (a shared machine's stalls fall on single
    calls and otherwise decide the 95th percentile of 120 questions)."""
    best = [float("inf")] * len(questions)
    for _ in range(max(1, rounds)):
        for i, q in enumerate(questions):
            start = time.perf_counter()
            run(q)
            best[i] = min(best[i], (time.perf_counter() - start) * 1000)
    times = sorted(best)
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1]


def main(argv: list[str] | None = None) -> int:
    """Print p50/p95/max per mode and for answers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--n", type=int, default=250, help="questions to use")
    parser.add_argument(
        "--rounds", type=int, default=1, help="passes over the questions; each keeps its best"
    )
    args = parser.parse_args(argv)
    # Every query is embedded anew: the figures are those of questions never asked before.
    settings = load_settings(data_dir=args.data_dir, query_cache_size=0)
    store = Store(settings.data_dir)
    search = SearchService(store, settings)
    answers = AnswerService(store, settings, search)
    questions = load_questions(args.questions)[: args.n]
    for mode in ("lexical", "dense", "hybrid"):  # warm up caches, the model and the index
        search.search(questions[0], mode=mode, limit=args.limit)
    answers.ask(questions[0])
    stats = store.stats()
    print(
        f"{stats['chunks']} chunks ({stats['chunks_embedded']} with vectors), "
        f"{len(questions)} questions, limit {args.limit}"
    )
    print(f"{'what':<10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for mode in ("lexical", "dense", "hybrid"):
        p50, p95, worst = measure(
            lambda q, mode=mode: search.search(q, mode=mode, limit=args.limit),
            questions,
            args.rounds,
        )
        print(f"{mode:<10}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}")
    p50, p95, worst = measure(answers.ask, questions, args.rounds)
    print(f"{'ask':<10}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
