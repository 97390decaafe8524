"""Check the realworld evaluation set for consistency.

Verifies: SOURCES.tsv and corpus/ list the same files; question ids are unique;
kinds, splits and fields are valid; every expected string of an answerable question
(except the yes/no word) occurs in one of its source files after whitespace
collapsing; unanswerable questions have no expected strings; minimum counts per kind;
splits follow make_split.py; at least 15 % unanswerable in each split.
Prints a kind x split table. Exit status 1 on any error. Standard library only.
"""

import sys
from pathlib import Path

from make_split import SPLITS, file_splits, split_of
from set_checks import check_question, check_sources, finish, kind_split_table, load_questions

HERE = Path(__file__).resolve().parent
KINDS = {"list": 10, "count": 8, "amount": 15, "time": 12, "person": 10, "yesno": 8, "open": 12}
FIELDS = {"id", "question", "kind", "answerable", "expected", "sources", "split"}
MIN_QUESTIONS = 90
MIN_UNANSWERABLE = 0.15


def main() -> int:
    errors: list[str] = []
    rows, texts = check_sources(HERE, errors)
    print(f"documents: {len(texts)}  organisations: {len({r['organisation'] for r in rows})}")
    questions = load_questions(HERE, errors)
    splits = file_splits(HERE)
    for q in questions:
        if set(q) != FIELDS:
            errors.append(f"{q.get('id')}: fields {sorted(q)}")
            continue
        if q["split"] not in SPLITS:
            errors.append(f"{q['id']}: bad split {q['split']!r}")
        want = splits.get(q["sources"][0]) if q["sources"] else split_of(q["id"])
        if q["split"] != want:
            errors.append(f"{q['id']}: split {q['split']} but rule gives {want}")
        check_question(q, texts, KINDS, errors)
    if len(questions) < MIN_QUESTIONS:
        errors.append(f"only {len(questions)} questions (< {MIN_QUESTIONS})")
    kind_split_table(questions, KINDS, errors, MIN_UNANSWERABLE)
    return finish(errors)


if __name__ == "__main__":
    sys.exit(main())
