"""Check the economy evaluation set for consistency.

The set holds pages on municipal and regional economy as a Finnish official meets it:
municipal budgets and financial statements (talousarvio, tilinpäätös, toimintakate, vuosikate,
lainakanta, tunnusluvut), income and property tax rates (tuloveroprosentti,
kiinteistöveroprosentit) and the news on them, valtionosuudet and their changes (government
bills and budget proposals, municipal § items, Kuntaliitto's blog and statement), the
discretionary raise of valtionosuus (harkinnanvarainen valtionosuuden korotus), the
arviointimenettely / kriisikuntamenettely and its criteria (VTV, Kuntaliitto, news), municipal
balancing (Kuopio), investment programmes (Järvenpää), regional councils' and joint authorities'
budgets and member-municipality payments (Varsinais-Suomen liitto, Kuntaliitto's page on
maakuntien liitot, Tampereen kaupunkiseutu) and local news on municipal accounts.
The checks of ../realworld/set_checks.py (not edited), with this set's minimums: no corpus file
name or URL is shared with the other sets (every set in set_checks.BLIND_SETS, planning,
innovation, rural and environment included) and no corpus page is a near-copy of one of their
pages (word 8-gram containment); every SOURCES.tsv row names its organisation and licence; ids
are kt001…, and no question is asked twice; every question carries the split that
../realworld/make_split.py gives it; list questions have 2-5 items and open questions 1-2 key
phrases; at least 20 % of the whole set unanswerable; per-kind minimums (amount 18, time 18,
person 15, count 15, list 20, yesno 20, open 15), at least 260 questions, 40 documents and 12
organisations, a source for every question, no list-share constraint. Prints a kind x split
table. Exit status 1 on any error. Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

OTHER_SETS = other_sets("economy")
# set_checks.BLIND_SETS without this set: every other blind set.
assert {
    "environment",
    "wellbeing",
    "tourism",
    "towns",
    "infra",
    "skills",
    "transition",
    "rural",
    "innovation",
    "planning",
} <= set(OTHER_SETS), OTHER_SETS

SPEC = BlindSet(
    id_letter="kt",
    other_sets=OTHER_SETS,
    kinds={
        "amount": 18,
        "time": 18,
        "person": 15,
        "count": 15,
        "list": 20,
        "yesno": 20,
        "open": 15,
    },
    min_questions=260,
    min_documents=40,
    min_organisations=12,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
