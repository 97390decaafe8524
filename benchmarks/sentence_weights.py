"""Learn the weights of a candidate sentence's score on the dev splits of the answer sets.

    python benchmarks/sentence_weights.py SET_DIR [SET_DIR ...] [--data-root DIR] [--split dev]
                                          [--top 60] [--dump FILE]

Each SET_DIR holds ``corpus/`` and ``questions.json`` (``benchmarks/realworld`` and the ten
others). Its index is read from ``DATA_ROOT/<set name>`` and built there by ``aluehaku ingest``
when missing. Every answerable question of the split that has expected strings is asked
through :class:`AnswerService`; every candidate list the answer layer scores on the way
(:func:`aluehaku.answer.evidence.candidates`, also for the parts of a two-part question and
for a person question's wider search) is recorded, its first ``--top`` sentences each with
their :data:`~aluehaku.answer.evidence.SCORE_FEATURES` and a label: right when the sentence
holds one of the question's expected strings (normalised as ``answers.py`` does).

The weights are those of a conditional logit (per question, a softmax over its candidates;
the loss is minus the log of the probability mass on the right ones), kept non-negative, with
a small L2 penalty. Questions whose candidates are all right or all wrong teach nothing and
are left out. The table gives, per set, the share of questions whose best-scored candidate
is right (P@1) under the hand-set weights the product had before, under the shipped weights
and under weights fitted on the *other* sets (leave one set out; the shipped ones when only
one set is given); then the weights fitted on all sets, scaled to sum to 1 as the product
keeps them. Accuracy end to end is for ``answers.py`` to measure: the value and list rules
after the ranking decide the answer.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from answers import _norm, load_questions

#: The weights the product used before they were learned (hand-set), for comparison.
#: By name, so that a feature added later weighs 0 here.
HAND_SET = {
    "length": 0.05,
    "topic": 0.5,
    "entity": 0.2,
    "said_entity": 0.1,
    "context": 0.05,
    "rank": 0.06,
    "dense": 0.04,
}

#: The L2 penalty on the weights (features lie in [0, 1]; the fitted scale is ~15-20).
L2 = 1e-3

Group = tuple[str, np.ndarray, np.ndarray]  # (set:id, features per candidate, right or not)


@contextlib.contextmanager
def recorded_candidates() -> Iterator[list[list[Any]]]:
    """Every candidate list the answer layer scores while the block runs, in call order."""
    from aluehaku.answer import evidence, passages

    calls: list[list[Any]] = []
    original = evidence.candidates

    def recording(*args: Any, **kwargs: Any) -> list[Any]:
        found = original(*args, **kwargs)
        calls.append(found)
        return found

    # passages imported the function by name: both references are the answer layer's.
    evidence.candidates = recording
    passages.candidates = recording
    try:
        yield calls
    finally:
        evidence.candidates = original
        passages.candidates = original


def ensure_index(set_dir: Path, data_root: Path) -> Path:
    """The data dir of ``set_dir``'s corpus, ingested first when it has no database yet."""
    data_dir = data_root / set_dir.name
    if not (data_dir / "aluehaku.sqlite").exists():
        aluehaku = Path(sys.executable).with_name("aluehaku")
        command = [str(aluehaku), "ingest", str(set_dir / "corpus"), "--data-dir", str(data_dir)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return data_dir


def collect(set_dir: Path, data_dir: Path, split: str, top: int) -> list[Group]:
    """The labelled candidates of ``set_dir``'s answerable ``split`` questions."""
    from aluehaku.answer import AnswerService
    from aluehaku.config import load_settings
    from aluehaku.store import Store

    settings = load_settings(data_dir=data_dir)
    service = AnswerService(Store(settings.data_dir), settings)
    groups: list[Group] = []
    for item in load_questions(set_dir / "questions.json"):
        if item.get("split") != split or not item["answerable"]:
            continue
        expected = [_norm(e) for e in item.get("expected", []) if e not in ("Kyllä", "Ei")]
        if not expected:
            continue
        with recorded_candidates() as calls:
            service.ask(item["question"])
        seen: set[tuple[int, int]] = set()
        rows: list[tuple[float, ...]] = []
        labels: list[int] = []
        for found in calls:
            for cand in found[:top]:
                key = (cand.hit.chunk.id, cand.start)
                if key in seen:
                    continue
                seen.add(key)
                rows.append(cand.features)
                labels.append(int(any(e in _norm(cand.text) for e in expected)))
        if rows:
            groups.append((f"{set_dir.name}:{item['id']}", np.array(rows), np.array(labels)))
    return groups


def informative(groups: list[Group]) -> list[Group]:
    """The questions with both right and wrong candidates."""
    return [g for g in groups if 0 < g[2].sum() < len(g[2])]


def loss(weights: np.ndarray, groups: list[Group]) -> tuple[float, np.ndarray]:
    """Mean conditional-logit loss over ``groups`` and its gradient, plus the L2 penalty."""
    total = 0.0
    grad = np.zeros_like(weights)
    for _, x, y in groups:
        s = x @ weights
        e = np.exp(s - s.max())
        right = y == 1
        mass = e[right].sum()
        total -= np.log(mass / e.sum())
        grad -= x[right].T @ (e[right] / mass) - x.T @ (e / e.sum())
    n = max(1, len(groups))
    return total / n + L2 * weights @ weights, grad / n + 2 * L2 * weights


def fit(groups: list[Group], start: np.ndarray) -> np.ndarray:
    """Non-negative weights that minimise :func:`loss` (L-BFGS-B from ``start``)."""
    from scipy.optimize import minimize

    result = minimize(
        loss,
        start,
        args=(groups,),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, None)] * len(start),
    )
    return np.asarray(result.x)


def precision_at_1(weights: np.ndarray, groups: list[Group]) -> float:
    """Share of ``groups`` whose best-scored candidate is right (first on ties)."""
    if not groups:
        return 0.0
    return float(np.mean([y[int(np.argmax(x @ weights))] for _, x, y in groups]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", type=Path, nargs="+")
    parser.add_argument("--data-root", type=Path, default=Path("/tmp/aluehaku-answer-sets"))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--top", type=int, default=60, help="candidates per scored list")
    parser.add_argument("--dump", type=Path, help="write the labelled candidates as JSON lines")
    args = parser.parse_args(argv)

    from aluehaku.answer.evidence import SCORE_FEATURES, SCORE_WEIGHTS

    shipped = np.array([SCORE_WEIGHTS[name] for name in SCORE_FEATURES])
    per_set: dict[str, list[Group]] = {}
    for set_dir in args.sets:
        data_dir = ensure_index(set_dir, args.data_root)
        per_set[set_dir.name] = informative(collect(set_dir, data_dir, args.split, args.top))
        print(f"{set_dir.name}: {len(per_set[set_dir.name])} questions", file=sys.stderr)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for groups in per_set.values():
                for qid, x, y in groups:
                    for row, label in zip(x.tolist(), y.tolist(), strict=True):
                        out.write(json.dumps({"q": qid, "y": label, "x": row}) + "\n")
    every = [g for groups in per_set.values() for g in groups]
    start = shipped * 10  # the shipped weights at about the fitted scale
    hand_set = np.array([HAND_SET.get(name, 0.0) for name in SCORE_FEATURES])
    print(f"{'set':12s} {'questions':>9s} {'hand-set':>9s} {'shipped':>8s} {'left out':>9s}")
    hits_hand = hits_shipped = hits_left_out = 0.0
    for name, groups in per_set.items():
        others = [g for other, gs in per_set.items() if other != name for g in gs]
        # With one set there is nothing to fit on: the shipped weights stand in (said in the
        # docstring) rather than weights pulled to zero by the penalty alone.
        left_out = fit(others, start) if others else shipped
        h = precision_at_1(hand_set, groups)
        a, b = precision_at_1(shipped, groups), precision_at_1(left_out, groups)
        hits_hand += h * len(groups)
        hits_shipped += a * len(groups)
        hits_left_out += b * len(groups)
        print(f"{name:12s} {len(groups):9d} {h:9.3f} {a:8.3f} {b:9.3f}")
    n = max(1, len(every))
    print(
        f"{'all':12s} {len(every):9d} {hits_hand / n:9.3f} {hits_shipped / n:8.3f}"
        f" {hits_left_out / n:9.3f}"
    )
    fitted = fit(every, start)
    print(f"fitted on all sets: P@1 {precision_at_1(fitted, every):.3f}, scale {fitted.sum():.2f}")
    for name, value, old in zip(SCORE_FEATURES, fitted / fitted.sum(), shipped, strict=True):
        print(f"  {name:12s} {value:.3f} (shipped {old:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
