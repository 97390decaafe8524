"""Check the wellbeing evaluation set for consistency.

The set holds pages on wellbeing, sport, youth and social/health development in Finnish regions
and municipalities as an official meets them (municipal and wellbeing-services-county § items on
wellbeing reports and plans, youth work, outreach youth work, Ohjaamo and sports-facility
grants, ESR project pages of the EURA 2014 register, regional state administrative agencies'
(AVI) and ELY centres' grant news on outreach youth work, liikuntapaikkarakentaminen and the
Finnish model for leisure activities, ministry calls, STEA, a wellbeing services county's
project news, a Leader group's village-sports page, a regional sports organisation's seuratuki
news and municipal sports-club grant pages). The checks of ../realworld/set_checks.py (not
edited), with this set's minimums: no corpus file name or URL is shared with the other sets
(every set in set_checks.BLIND_SETS, tourism, towns, infra, skills and transition included) and
no corpus page is a near-copy of one of their pages (word 8-gram containment); every
SOURCES.tsv row names its organisation and licence; ids are hv001…, and no question is asked
twice; every question carries the split that ../realworld/make_split.py gives it; list
questions have 2-5 items and open questions 1-2 key phrases; at least 20 % of the whole set
unanswerable; per-kind minimums (amount 18, time 15, person 12, count 12, list 18, yesno 12,
open 15), at least 200 questions, 30 documents and 10 organisations, a source for every
question, no list-share constraint. Prints a kind x split table. Exit status 1 on any error.
Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

OTHER_SETS = other_sets("wellbeing")
# set_checks.BLIND_SETS without this set: every other blind set.
assert {"tourism", "towns", "infra", "skills", "transition"} <= set(OTHER_SETS), OTHER_SETS

SPEC = BlindSet(
    id_letter="hv",
    other_sets=OTHER_SETS,
    kinds={
        "amount": 18,
        "time": 15,
        "person": 12,
        "count": 12,
        "list": 18,
        "yesno": 12,
        "open": 15,
    },
    min_questions=200,
    min_documents=30,
    min_organisations=10,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
