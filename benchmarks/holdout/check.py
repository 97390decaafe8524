"""Check the holdout evaluation set for consistency.

The checks of ../realworld/set_checks.py, with holdout's minimums, plus: no corpus file
or URL is shared with benchmarks/realworld; every question carries the split that
../realworld/make_split.py gives it; at least 20 % of the whole set unanswerable.
Prints a kind x split table. Exit status 1 on any error. Standard library only.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REALWORLD = HERE.parent / "realworld"
sys.path.insert(0, str(REALWORLD))
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
MIN_QUESTIONS = 120
MIN_DOCUMENTS = 40
MIN_ORGANISATIONS = 12
MIN_UNANSWERABLE = 0.20


def main() -> int:
    errors: list[str] = []
    rows, texts = check_sources(HERE, errors, unique_urls=True)
    check_disjoint(rows, texts, [REALWORLD], errors)
    check_counts(rows, errors, MIN_DOCUMENTS, MIN_ORGANISATIONS)
    questions = load_questions(HERE, errors)
    for q in questions:
        if set(q) != FIELDS:
            errors.append(f"{q.get('id')}: fields {sorted(q)}")
            continue
        want = split_of(q["sources"][0]) if q["sources"] else split_of(q["id"])
        if q["split"] != want:
            errors.append(f"{q['id']}: split {q['split']!r} != {want!r} (run make_split.py)")
        check_question(q, texts, KINDS, errors, item_counts=True)
    if len(questions) < MIN_QUESTIONS:
        errors.append(f"only {len(questions)} questions (< {MIN_QUESTIONS})")
    kind_split_table(questions, KINDS, errors, MIN_UNANSWERABLE, per_split=False)
    return finish(errors)


if __name__ == "__main__":
    sys.exit(main())
