"""Check the fresh evaluation set for consistency.

The checks of ../realworld/set_checks.py, with fresh's minimums, plus: no corpus file
name or URL is shared with benchmarks/realworld or benchmarks/holdout, and no corpus
page is a near-copy of one of their pages (word 8-gram containment); every SOURCES.tsv
row names its organisation and licence; ids are f001…, and no question is asked twice;
every question carries the split that ../realworld/make_split.py gives it; list
questions have 2-5 items and open questions 1-2 key phrases; at least 20 % of the whole
set unanswerable. Prints a kind x split table. Exit status 1 on any error. Standard
library only, no network.
"""

import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OTHER_SETS = [HERE.parent / "realworld", HERE.parent / "holdout"]
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

KINDS = {"amount": 25, "time": 20, "person": 15, "count": 12, "list": 12, "yesno": 12, "open": 15}
FIELDS = {"id", "question", "kind", "answerable", "expected", "sources", "split"}
MIN_QUESTIONS = 150
MIN_DOCUMENTS = 40
MIN_ORGANISATIONS = 12
MIN_UNANSWERABLE = 0.20


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
        if not re.fullmatch(r"f\d{3}", qid):
            errors.append(f"{qid}: id is not of the form f001")
        want = split_of(q["sources"][0]) if q["sources"] else split_of(qid)
        if q["split"] != want:
            errors.append(f"{qid}: split {q['split']!r} != {want!r} (run make_split.py)")
        check_question(q, texts, KINDS, errors, item_counts=True)
    if len(questions) < MIN_QUESTIONS:
        errors.append(f"only {len(questions)} questions (< {MIN_QUESTIONS})")
    kind_split_table(questions, KINDS, errors, MIN_UNANSWERABLE, per_split=False)
    return finish(errors)


if __name__ == "__main__":
    sys.exit(main())
