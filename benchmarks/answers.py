"""Answer quality and latency over a question set.

    python benchmarks/answers.py QUESTIONS [--data-dir DIR] [--split dev|test] [--verbose]
                                           [--where-lost] [--quiet]

QUESTIONS is a JSON list of {"id", "question", "kind", "answerable", "expected": [...],
"sources": [...]} or a JSON-lines gold file of {"question", "expected_contains", "should_abstain"}
(the Lapua format). Prints answer accuracy (every expected string in the answer), citation
precision (share of cited passages that hold an expected string or come from an expected source),
abstention precision and recall, and p50/p95 latency, overall and per question kind.

Answers are compared case-insensitively with whitespace collapsed and thousands separators
removed ("66 000" = "66.000" = "66000"). A yes/no question whose first expected string is
"Kyllä" or "Ei" is right when the answer opens with that word (and holds the other strings).
``--split`` keeps the questions of one split of a set that has them (benchmarks/realworld).
``--where-lost`` adds, for the answerable questions not answered right, whether every expected
string stands in a cited passage, else in the top 10 search hits, else nowhere found: a
retrieval miss and a miss in choosing the sentence or value look alike in the accuracy.
``--quiet`` prints the tables only, never a question (for a test split that must not be read
question by question).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def load_questions(path: Path) -> list[dict[str, Any]]:
    """Questions in the project's JSON format or the Lapua gold JSON-lines format."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return list(json.loads(text))
    out = []
    for i, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        row = json.loads(line)
        out.append(
            {
                "id": row.get("id", f"g{i + 1:02d}"),
                "question": row["question"],
                "kind": row.get("kind", ""),
                "answerable": not row.get("should_abstain", False),
                "expected": row.get("expected_contains", []),
                "sources": row.get("sources", []),
            }
        )
    return out


def _norm(text: str) -> str:
    """One spelling of what may be written several ways: spaces, case, thousands separators,
    dashes ("2018–2021" is "2018-2021") and leading zeros of a date ("13.09.2022" is
    "13.9.2022", as the answers write dates)."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").lower().split())
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(?<![\d.,])0(\d)\.(?=\d)", r"\1.", text)  # "05.06." -> "5.06."
    text = re.sub(r"(?<=\d\.)0(\d)\.(?=\d{4})", r"\1.", text)  # "5.06.2023" -> "5.6.2023"
    return re.sub(r"(?<=\d)[ .](?=\d{3}(?!\d))", "", text)


def is_correct(item: dict[str, Any], answer_text: str, abstained: bool) -> bool:
    """Every expected string in the answer; a yes/no verdict must open the answer."""
    if abstained:
        return False
    expected = list(item.get("expected", []))
    text = _norm(answer_text)
    if item.get("kind") == "yesno" and expected and expected[0] in ("Kyllä", "Ei"):
        if not re.match(rf"^\W*{expected[0].lower()}\b", text):
            return False
        expected = expected[1:]
    return all(_norm(e) in text for e in expected)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--split", choices=["dev", "test"], default=None)
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--where-lost", action="store_true")
    parser.add_argument("--quiet", "-q", action="store_true")
    args = parser.parse_args(argv)

    from aluehaku.answer import AnswerService
    from aluehaku.config import load_settings
    from aluehaku.store import Store

    settings = load_settings(data_dir=args.data_dir)
    store = Store(settings.data_dir)
    service = AnswerService(store, settings)
    questions = load_questions(args.questions)
    if args.split:
        questions = [q for q in questions if q.get("split") == args.split]
    service.ask("Mitkä hankkeet rahoitti Keski-Suomen liitto?")  # warm caches
    correct = answerable = 0
    cited = cited_ok = 0
    abst_tp = abst_fp = abst_fn = 0
    latencies: list[float] = []
    per_kind: dict[str, list[int]] = {}  # kind -> [answerable, correct, unanswerable, declined]
    lost: dict[tuple[str, str], int] = {}  # (declined | wrong, where the expected strings are)
    for item in questions:
        t0 = time.perf_counter()
        answer = service.ask(item["question"])
        latencies.append((time.perf_counter() - t0) * 1000)
        expected = [_norm(e) for e in item.get("expected", [])]
        row = per_kind.setdefault(item.get("kind") or answer.kind, [0, 0, 0, 0])
        if item["answerable"]:
            answerable += 1
            ok = is_correct(item, answer.answer, answer.abstained)
            correct += ok
            row[0] += 1
            row[1] += ok
            sources = {Path(s).name for s in item.get("sources", [])}
            for c in answer.citations:
                if answer.abstained:
                    break
                if f"[{c.n}]" not in answer.answer:
                    continue
                cited += 1
                passage = _norm(c.chunk.text)
                name = Path(c.chunk.document.source).name
                cited_ok += any(e in passage for e in expected) or name in sources
            abst_fp += answer.abstained
            if args.where_lost and not ok:
                key = ("declined" if answer.abstained else "wrong", _where(item, answer, service))
                lost[key] = lost.get(key, 0) + 1
        else:
            abst_tp += answer.abstained
            abst_fn += not answer.abstained
            row[2] += 1
            row[3] += answer.abstained
            ok = answer.abstained
        if not args.quiet and (args.verbose or not ok):
            mark = "ok " if ok else "ERR"
            print(f"{mark} {item['id']} [{item.get('kind')}/{answer.kind}] {item['question']}")
            if not ok:
                print(f"     expected {item.get('expected')} got: {answer.answer[:300]!r}")
            if not ok or answer.abstained:  # why it declined, also where that was right
                print(f"     notes: {answer.notes}")
    print()
    head = ("kind", "answerable", "correct", "accuracy", "unansw.", "declined")
    print(f"{head[0]:<8} " + " ".join(f"{h:>10}" for h in head[1:]))
    for kind, (n_a, n_ok, n_u, n_d) in sorted(per_kind.items()):
        acc = f"{n_ok / n_a:.2f}" if n_a else "-"
        print(f"{kind:<8} " + " ".join(f"{v:>10}" for v in (n_a, n_ok, acc, n_u, n_d)))
    print()
    accuracy = correct / answerable if answerable else 0.0
    precision = cited_ok / cited if cited else 0.0
    a_prec = abst_tp / (abst_tp + abst_fp) if abst_tp + abst_fp else 0.0
    a_rec = abst_tp / (abst_tp + abst_fn) if abst_tp + abst_fn else 0.0
    lat = sorted(latencies)
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))] if lat else 0.0
    print(f"questions            {len(questions)} ({answerable} answerable)")
    print(f"answer accuracy      {accuracy:.3f}")
    print(f"citation precision   {precision:.3f} ({cited_ok}/{cited})")
    print(f"abstention precision {a_prec:.3f}")
    print(f"abstention recall    {a_rec:.3f}")
    print(f"latency p50 / p95    {statistics.median(lat) if lat else 0:.1f} / {p95:.1f} ms")
    if args.where_lost:
        print()
        print("not answered right, by where the expected strings stand:")
        for (outcome, where), n in sorted(lost.items()):
            print(f"  {outcome:<9} {where:<12} {n:>5}")
    return 0


def _where(item: dict[str, Any], answer: Any, service: Any) -> str:
    """ "cited" when every expected string (a yes/no verdict aside) is in a cited passage,
    "top10" when in the question's top 10 search hits, else "elsewhere"."""
    expected = [_norm(e) for e in item.get("expected", []) if e not in ("Kyllä", "Ei")]
    if not expected:
        return "elsewhere"
    cited = " ".join(_norm(c.chunk.text) for c in answer.citations)
    if all(e in cited for e in expected):
        return "cited"
    hits = service.search.search(item["question"], limit=10).hits
    found = " ".join(_norm(h.chunk.text) for h in hits)
    return "top10" if all(e in found for e in expected) else "elsewhere"


if __name__ == "__main__":
    sys.exit(main())
