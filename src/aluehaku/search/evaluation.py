"""Retrieval evaluation: nDCG@10, Recall@5, Recall@20 and MRR over labelled queries, with a
bootstrap 95 % confidence interval.

Query files are JSON lists of objects with the query under ``query`` (or ``question``) and the
relevant documents under ``relevant``: document ids (numbers) or sources (path or URL, matched
against the stored source or, failing that, its file name). A document counts once however many
of its chunks are retrieved: officials want documents, and counting chunks would reward a system
for repeating itself.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aluehaku.errors import UsageError


@dataclass(slots=True)
class LabelledQuery:
    """A query and the keys (document ids or sources) that answer it."""

    id: str
    query: str
    relevant: set[str]


def load_queries(path: Path) -> list[LabelledQuery]:
    """Read a query file; raise :class:`UsageError` with the reason when it is malformed."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"Kyselytiedostoa {path} ei ole.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Kyselytiedostoa {path} ei voi lukea ({type(exc).__name__}).") from exc
    try:
        raw = json.loads(content)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"Kyselytiedosto {path} ei ole JSONia (rivi {exc.lineno}, sarake {exc.colno})."
        ) from exc
    if isinstance(raw, dict):
        raw = raw.get("queries", [])
    out: list[LabelledQuery] = []
    for n, item in enumerate(raw if isinstance(raw, list) else []):
        text = item.get("query") or item.get("question") if isinstance(item, dict) else None
        rel = item.get("relevant") if isinstance(item, dict) else None
        if not text or not isinstance(rel, list) or not rel:
            raise UsageError(f"Kysely {n + 1}: tarvitaan 'query' ja ei-tyhjä lista 'relevant'.")
        out.append(LabelledQuery(str(item.get("id", n + 1)), str(text), {str(r) for r in rel}))
    if not out:
        raise UsageError(f"Tiedostossa {path} ei ole kyselyitä.")
    return out


def dedupe(keys: Sequence[str]) -> list[str]:
    """Keys in first-seen order, each once."""
    return list(dict.fromkeys(keys))


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """Binary-gain nDCG@k."""
    dcg = sum(1 / math.log2(i + 2) for i, key in enumerate(ranked[:k]) if key in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant keys found in the first ``k``."""
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """1 / rank of the first relevant key (0 when none is found)."""
    return next((1 / (i + 1) for i, key in enumerate(ranked) if key in relevant), 0.0)


def per_query(
    queries: Sequence[LabelledQuery], ranker: Callable[[LabelledQuery], list[str]]
) -> dict[str, list[float]]:
    """nDCG@10, Recall@5, Recall@20 and MRR of ``ranker`` (query -> ranked keys), per query."""
    out: dict[str, list[float]] = {"nDCG@10": [], "Recall@5": [], "Recall@20": [], "MRR": []}
    for q in queries:
        ranked = dedupe(ranker(q))
        out["nDCG@10"].append(ndcg_at(ranked, q.relevant))
        out["Recall@5"].append(recall_at(ranked, q.relevant, 5))
        out["Recall@20"].append(recall_at(ranked, q.relevant, 20))
        out["MRR"].append(reciprocal_rank(ranked, q.relevant))
    return out


def means(values: dict[str, list[float]]) -> dict[str, float]:
    """The mean of each metric's per-query values."""
    return {name: sum(v) / len(v) if v else 0.0 for name, v in values.items()}


def evaluate(
    queries: Sequence[LabelledQuery], ranker: Callable[[LabelledQuery], list[str]]
) -> dict[str, float]:
    """Mean nDCG@10, Recall@5, Recall@20 and MRR of ``ranker`` (query -> ranked keys)."""
    return means(per_query(queries, ranker))


def bootstrap_ci(values: Sequence[float], rounds: int = 2000, seed: int = 0) -> tuple[float, float]:
    """Percentile 95 % interval of the mean of ``values``, resampling them with replacement.

    Queries are the unit of resampling: with 70–150 queries, two systems whose intervals
    overlap widely may well swap places on another sample of questions. Seeded, so a rerun
    prints the same interval.
    """
    import numpy as np

    arr = np.asarray(values, dtype=np.float64)
    if rounds <= 0 or arr.size == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    sample_means = arr[rng.integers(0, arr.size, size=(rounds, arr.size))].mean(axis=1)
    low, high = np.percentile(sample_means, [2.5, 97.5])
    return float(low), float(high)


def document_key(doc: dict[str, Any], relevant: set[str]) -> str:
    """The key of a result's document in the style the query's labels use (id, source or name)."""
    source = str(doc["source"])
    if source in relevant:
        return source
    if str(doc["id"]) in relevant and all(r.isdigit() for r in relevant):
        return str(doc["id"])
    return Path(source).name
