"""Check the projects evaluation set for consistency.

The checks of ../realworld/set_checks.py, with this set's minimums, plus: no corpus file
name or URL is shared with benchmarks/realworld, benchmarks/holdout, benchmarks/fresh,
benchmarks/lists, benchmarks/lists2 or benchmarks/minutes (built beside it), and no corpus
page is a near-copy of one of their pages (word 8-gram containment); every SOURCES.tsv row
names its organisation and licence; ids are n001…, and no question is asked twice; every
question carries the split that ../realworld/make_split.py gives it; list questions have 2-5
items and open questions 1-2 key phrases; at least 20 % of the whole set unanswerable;
per-kind minimums (amount 25, time 20, person 15, count 10, list 25, yesno 10, open 15), no
list-share constraint. Prints a kind x split table. Exit status 1 on any error. Standard
library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

SPEC = BlindSet(
    id_letter="n",
    other_sets=other_sets("projects"),
    kinds={
        "amount": 25,
        "time": 20,
        "person": 15,
        "count": 10,
        "list": 25,
        "yesno": 10,
        "open": 15,
    },
    min_questions=150,
    min_documents=30,
    min_organisations=12,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
