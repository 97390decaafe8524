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

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

SPEC = BlindSet(
    id_letter="f",
    other_sets=other_sets("fresh"),
    kinds={
        "amount": 25,
        "time": 20,
        "person": 15,
        "count": 12,
        "list": 12,
        "yesno": 12,
        "open": 15,
    },
    min_questions=150,
    min_documents=40,
    min_organisations=12,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
