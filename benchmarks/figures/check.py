"""Check the figures evaluation set for consistency.

The set asks for figures and facts: amounts, counts, times and periods, and yes/no questions
on regional-development pages (municipal minutes and grant decisions, Leader groups, regional
councils' and ELY centres' funding calls and press releases, EU-fund project pages, regional
news and annual reports). The checks of ../realworld/set_checks.py, plus: no
corpus file name or URL is shared with the twelve earlier sets, and no corpus page is a
near-copy of one of their pages (word 8-gram containment); every SOURCES.tsv row names its
organisation and licence; ids are q001…, and no question is asked twice; every question
carries the split that ../realworld/make_split.py gives it; list questions have 2-5 items and
open questions 1-2 key phrases; at least 20 % of the set unanswerable; at least 150 questions
(amount, time, count and yes/no 30 each; person, open and list questions on the same pages
have no minimum), 30 documents and 15 organisations, a source for every question. Prints a
kind x split table. Exit status 1 on any error. Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

SPEC = BlindSet(
    id_letter="q",
    other_sets=other_sets("figures"),
    kinds={"amount": 30, "time": 30, "count": 30, "yesno": 30, "person": 0, "open": 0, "list": 0},
    min_questions=150,
    min_documents=30,
    min_organisations=15,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
