"""Check the lists2 evaluation set for consistency.

The checks of ../realworld/set_checks.py, with this set's minimums, plus: no corpus file
name or URL is shared with benchmarks/realworld, benchmarks/holdout, benchmarks/fresh or
benchmarks/lists, and no corpus page is a near-copy of one of their pages (word 8-gram
containment); every SOURCES.tsv row names its organisation and licence; ids are m001…, and
no question is asked twice; every question carries the split that ../realworld/make_split.py
gives it; list questions have 2-5 items and open questions 1-2 key phrases; at least 20 % of
the whole set unanswerable; at least 45 % of the answerable questions are list questions,
and each split holds at least MIN_LIST_PER_SPLIT list questions. Prints a kind x split
table. Exit status 1 on any error. Standard library only, no network.
"""

import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OTHER_SETS = [HERE.parent / name for name in ("realworld", "holdout", "fresh", "lists")]
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import (  # noqa: E402
    check_counts,
    check_disjoint,
    check_question,
    check_sources,
    finish,
    kind_split_table,
    load_questions,
)

KINDS = {"amount": 15, "time": 10, "person": 10, "count": 10, "list": 55, "yesno": 5, "open": 5}
FIELDS = {"id", "question", "kind", "answerable", "expected", "sources", "split"}
MIN_QUESTIONS = 130
MIN_DOCUMENTS = 30
MIN_ORGANISATIONS = 12
MIN_UNANSWERABLE = 0.20
MIN_LIST_SHARE = 0.45  # of the answerable questions
MIN_LIST_PER_SPLIT = 20


def check_lists(questions: list[dict], errors: list[str]) -> None:
    """The share of list questions among the answerable ones, and lists in each split."""
    answerable = [q for q in questions if q.get("answerable")]
    lists = [q for q in answerable if q.get("kind") == "list"]
    share = len(lists) / len(answerable) if answerable else 0.0
    print(f"answerable: {len(answerable)}, of them list: {len(lists)} ({share:.0%})")
    if share < MIN_LIST_SHARE:
        errors.append(f"list share of answerable {share:.1%} < {MIN_LIST_SHARE:.0%}")
    for split in ("dev", "test"):
        n = sum(1 for q in questions if q.get("kind") == "list" and q.get("split") == split)
        if n < MIN_LIST_PER_SPLIT:
            errors.append(f"{split}: only {n} list questions (< {MIN_LIST_PER_SPLIT})")


def main() -> int:
    errors: list[str] = []
    rows, texts = check_sources(HERE, errors, unique_urls=True, filled_fields=True)
    check_disjoint(rows, texts, OTHER_SETS, errors, near_copies=True)
    check_counts(rows, errors, MIN_DOCUMENTS, MIN_ORGANISATIONS)
    questions = load_questions(HERE, errors)
    for text, n in Counter(q.get("question") for q in questions).items():
        if n > 1:
            errors.append(f"question asked {n} times: {text}")
    for q in questions:
        qid = q.get("id")
        if set(q) != FIELDS:
            errors.append(f"{qid}: fields {sorted(q)}")
            continue
        if not re.fullmatch(r"m\d{3}", qid):
            errors.append(f"{qid}: id is not of the form m001")
        if not q["sources"]:
            errors.append(f"{qid}: no sources (every question names its document)")
        want = split_of(q["sources"][0]) if q["sources"] else split_of(qid)
        if q["split"] != want:
            errors.append(f"{qid}: split {q['split']!r} != {want!r} (run make_split.py)")
        check_question(q, texts, KINDS, errors, item_counts=True)
    if len(questions) < MIN_QUESTIONS:
        errors.append(f"only {len(questions)} questions (< {MIN_QUESTIONS})")
    kind_split_table(questions, KINDS, errors, MIN_UNANSWERABLE, per_split=False)
    check_lists(questions, errors)
    return finish(errors)


if __name__ == "__main__":
    sys.exit(main())
