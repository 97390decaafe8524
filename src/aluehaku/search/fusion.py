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


def rerank(
    ranked: Sequence[tuple[int, float]],
    extra: Mapping[str, Mapping[int, float]],
    weights: Mapping[str, float],
    depth: int,
) -> list[tuple[int, float]]:
    """Re-order the first ``depth`` of ``ranked`` by its score plus weighted ``extra`` scores.

    The fused score and each extra score (best-sentence cosine, heading match) are min-max
    normalised over those candidates, then summed with the fused score at weight 1; a candidate
    an extra score does not know gets its own fused share in its place. Only the order inside
    the first ``depth`` changes: the rest follow as they were, below them.
    """
    head, tail = list(ranked[:depth]), list(ranked[depth:])
    if not head:
        return list(ranked)

    def normalised(scores: Mapping[int, float]) -> dict[int, float]:
        values = [scores[i] for i, _ in head if i in scores]
        if not values:
            return {}
        low, high = min(values), max(values)
        return {
            i: (scores[i] - low) / (high - low) if high > low else 1.0
            for i, _ in head
            if i in scores
        }

    base = normalised(dict(head))
    total = dict(base)
    for name, scores in extra.items():
        weight = weights.get(name, 0.0)
        if weight <= 0:
            continue
        shares = normalised(scores)
        if not shares:
            continue
        for item in total:
            # A candidate the scores do not know (a chunk newer than the sentence file) is
            # neither pushed up nor down: its fused share stands in.
            total[item] += weight * shares.get(item, base[item])
    # Keep the reranked head above the tail: its scores are shifted onto the fused scale.
    floor = head[-1][1]
    order = sorted(head, key=lambda pair: -total[pair[0]])
    top = max(total.values()) or 1.0
    rescored = [(i, floor + total[i] / top) for i, _ in order]
    return rescored + tail
