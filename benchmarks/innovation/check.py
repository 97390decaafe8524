"""Check the innovation evaluation set for consistency.

The set holds pages on research, development and innovation (TKI / TKIO) as a Finnish regional
official meets it: regional councils' TKI and smart specialisation (älykäs erikoistuminen)
pages, the state's and cities' innovation ecosystem agreements (ekosysteemisopimukset,
Innokaupungit) and municipal § decisions funding them, AIKO funding pages, regional development
companies (Business Tampere, Turku Science Park, Navitas, Business Joensuu, SavoGrow), EAKR/ESR
project cards and RDI projects of universities of applied sciences, Business Finland's ecosystem
funding, living labs and test beds.
The checks of ../realworld/set_checks.py (not edited), with this set's minimums: no corpus file
name or URL is shared with the other sets (every set in set_checks.BLIND_SETS, environment,
wellbeing, tourism, towns, infra, skills, transition and rural included) and no corpus page is a
near-copy of one of their pages (word 8-gram containment); every SOURCES.tsv row names its
organisation and licence; ids are in001…, and no question is asked twice; every question
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

OTHER_SETS = other_sets("innovation")
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
} <= set(OTHER_SETS), OTHER_SETS

SPEC = BlindSet(
    id_letter="in",
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
