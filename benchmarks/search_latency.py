"""Query latency of each search mode (query embedding included) and of composed answers.

Usage::

    .venv/bin/python benchmarks/search_latency.py DATA_DIR QUESTIONS.json [--limit 10] [--n 250]

QUESTIONS is a JSON file with questions as a list of strings, of objects with ``question`` or
``query``, or an object whose ``results`` list holds such objects (the Lapua query runs). Each
question is searched once per mode in one process after a warm-up, so the modes compare as ratios
within one run; answers go through :class:`aluehaku.answer.AnswerService`.
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


def measure(run: Callable[[str], object], questions: list[str]) -> tuple[float, float, float]:
    """(p50, p95, max) milliseconds of ``run`` over ``questions``."""
    times = []
    for q in questions:
        start = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1]


def main(argv: list[str] | None = None) -> int:
    """Print p50/p95/max per mode and for answers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--n", type=int, default=250, help="questions to use")
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
            lambda q, mode=mode: search.search(q, mode=mode, limit=args.limit), questions
        )
        print(f"{mode:<10}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}")
    p50, p95, worst = measure(answers.ask, questions)
    print(f"{'ask':<10}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
