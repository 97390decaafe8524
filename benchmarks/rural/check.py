"""Check the rural evaluation set for consistency.

The set holds pages on rural development, food and agriculture-linked business as a Finnish
regional official meets them (ELY centres' and Ruokavirasto's pages on maaseudun yritystuet,
investointituet, perustamistuki and nuoren viljelijän aloitustuki; Leader groups' business and
project support pages and news; the CAP-suunnitelma 2023-2027 and its financing (MMM,
Maaseutuverkosto, a Leader group); local-food and food-chain projects (lähiruoka, ruokaketju,
ruokamatkailu); municipal § items on Leader and kalaleader municipal funding; village grants;
fisheries (EMKR/EMKVR) calls and kalaleader groups; agricultural-advisory (ProAgria) projects).
The checks of ../realworld/set_checks.py (not edited), with this set's minimums: no corpus file
name or URL is shared with the other sets (every set in set_checks.BLIND_SETS, environment,
wellbeing, tourism, towns, infra, skills and transition included) and no corpus page is a
near-copy of one of their pages (word 8-gram containment); every SOURCES.tsv row names its
organisation and licence; ids are ru001…, and no question is asked twice; every question
carries the split that ../realworld/make_split.py gives it; list questions have 2-5 items and
open questions 1-2 key phrases; at least 20 % of the whole set unanswerable; per-kind minimums
(amount 18, time 15, person 12, count 12, list 18, yesno 15, open 15), at least 200
questions, 30 documents and 10 organisations, a source for every question, no list-share
constraint. Prints a kind x split table. Exit status 1 on any error.
Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

OTHER_SETS = other_sets("rural")
# set_checks.BLIND_SETS without this set: every other blind set.
assert {
    "environment",
    "wellbeing",
    "tourism",
    "towns",
    "infra",
    "skills",
    "transition",
} <= set(OTHER_SETS), OTHER_SETS

SPEC = BlindSet(
    id_letter="ru",
    other_sets=OTHER_SETS,
    kinds={
        "amount": 18,
        "time": 15,
        "person": 12,
        "count": 12,
        "list": 18,
        "yesno": 15,
        "open": 15,
    },
    min_questions=200,
    min_documents=30,
    min_organisations=10,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
