"""Check the actors evaluation set for consistency.

The set asks who: which person, body, organisation or group did, decided, funded, implemented,
received or is meant by something on regional-development pages (municipal minutes, Leader
groups, regional councils' and ELY centres' project pages, EU-fund projects, regional news,
development companies and associations). The checks of ../realworld/set_checks.py, plus: no
corpus file name or URL is shared with the eleven earlier sets, and no corpus page is a
near-copy of one of their pages (word 8-gram containment); every SOURCES.tsv row names its
organisation and licence; ids are w001…, and no question is asked twice; every question
carries the split that ../realworld/make_split.py gives it; list questions have 2-5 items and
open questions 1-2 key phrases; at least 20 % of the set unanswerable; at least 120 questions
(person 20, open 20, list 15; amount, time, count and yes/no
questions on the same pages have no minimum), 30 documents and 15 organisations, a source for every
question. Prints a kind x split table. Exit status 1 on any error. Standard library only, no
network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

SPEC = BlindSet(
    id_letter="w",
    other_sets=other_sets("actors"),
    kinds={"person": 20, "open": 20, "list": 15, "amount": 0, "time": 0, "count": 0, "yesno": 0},
    min_questions=120,
    min_documents=30,
    min_organisations=15,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
