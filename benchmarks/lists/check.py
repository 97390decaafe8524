"""Check the lists evaluation set for consistency.

The checks of ../realworld/set_checks.py, with this set's minimums, plus: no corpus file
name or URL is shared with benchmarks/realworld, benchmarks/holdout or benchmarks/fresh,
and no corpus page is a near-copy of one of their pages (word 8-gram containment); every
SOURCES.tsv row names its organisation and licence; ids are l001…, and no question is
asked twice; every question carries the split that ../realworld/make_split.py gives it;
list questions have 2-5 items and open questions 1-2 key phrases; at least 20 % of the
whole set unanswerable; at least 45 % of the answerable questions are list questions,
and each split holds at least MIN_LIST_PER_SPLIT list questions. Prints a kind x split
table. Exit status 1 on any error. Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

SPEC = BlindSet(
    id_letter="l",
    other_sets=other_sets("lists"),
    kinds={"amount": 15, "time": 10, "person": 10, "count": 10, "list": 55, "yesno": 5, "open": 5},
    min_questions=130,
    min_documents=30,
    min_organisations=12,
    need_sources=True,
    min_list_share=0.45,
    min_list_per_split=20,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
