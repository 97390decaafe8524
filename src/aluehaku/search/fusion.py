"""Fusion of ranked lists: weighted reciprocal rank fusion and a convex score combination."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

FUSION_METHODS = ("rrf", "convex")


def weighted_rrf(
    legs: Mapping[str, Sequence[tuple[int, float]]],
    weights: Mapping[str, float],
    k: int = 60,
) -> list[tuple[int, float]]:
    """Fuse ranked (id, score) lists: score(d) = sum over legs of w / (k + rank).

    RRF ignores the legs' raw scores, which live on incomparable scales (BM25 vs cosine); the
    weights let a tuned leg count more. Ties keep the order of first appearance.
    """
    fused: dict[int, float] = {}
    for name, ranked in legs.items():
        weight = weights.get(name, 1.0)
        if weight <= 0:
            continue
        for rank, (item, _score) in enumerate(ranked, 1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda pair: -pair[1])


def convex(
    legs: Mapping[str, Sequence[tuple[int, float]]],
    weights: Mapping[str, float],
) -> list[tuple[int, float]]:
    """Fuse by a weighted sum of scores normalised per leg to [0, 1] (min-max over its list).

    Unlike RRF this keeps how far apart the legs' scores are: a passage that BM25 ranks far
    above the rest keeps that lead. An id missing from a leg gets that leg's minimum (0). A leg
    whose scores are all equal (a single hit, say) gives each of them the full 1: they are all
    its best, and a lone exact word match must not count as nothing.
    """
    fused: dict[int, float] = {}
    total = sum(max(0.0, weights.get(name, 1.0)) for name in legs) or 1.0
    for name, ranked in legs.items():
        weight = max(0.0, weights.get(name, 1.0)) / total
        if not ranked or weight == 0:
            continue
        scores = [s for _, s in ranked]
        low, high = min(scores), max(scores)
        for item, score in ranked:
            share = (score - low) / (high - low) if high > low else 1.0
            fused[item] = fused.get(item, 0.0) + weight * share
    return sorted(fused.items(), key=lambda pair: -pair[1])


def fuse(
    method: str,
    legs: Mapping[str, Sequence[tuple[int, float]]],
    weights: Mapping[str, float],
    rrf_k: int = 60,
) -> list[tuple[int, float]]:
    """Fuse with ``method`` (one of :data:`FUSION_METHODS`)."""
    if method == "convex":
        return convex(legs, weights)
    return weighted_rrf(legs, weights, k=rrf_k)
