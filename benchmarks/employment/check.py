"""Check the employment evaluation set for consistency.

The set holds pages on employment and integration services as a municipal and regional
development matter: the TE24 reform (TE-palvelut 2024, työllisyysalueet from 1.1.2025, their
yhteistoimintasopimukset and § items, the financing of employment services and the
kannustinmalli of unemployment benefits), the municipal employment trials (työllisyyden
kuntakokeilut 2012–2024), integration (kotoutumisohjelmat, the new kotoutumislaki, Talent Boost),
employment grants and wage subsidies (työllisyyspoliittinen avustus, kuntalisä, municipal
grants to associations, social enterprises), youth services (Ohjaamo, kesätyöseteli), ESR+ and
regional unemployment figures.
The checks of ../realworld/set_checks.py (not edited), with this set's minimums: no corpus file
name or URL is shared with the other sets (every set in set_checks.BLIND_SETS, culture and
housing included) and no corpus page is a near-copy of one of their pages (word 8-gram
containment); every SOURCES.tsv row names its organisation and licence; ids are ty001…, and no
question is asked twice; every question carries the split that ../realworld/make_split.py gives
it; list questions have 2-5 items and open questions 1-2 key phrases; at least 22 % of the whole
set unanswerable; per-kind minimums (30 of every kind), at least 270 questions, 42 documents
and 14 organisations, a source for every question, no list-share constraint. Prints a kind x
split table. Exit status 1 on any error. Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

OTHER_SETS = other_sets("employment")
# set_checks.BLIND_SETS without this set: every other blind set, the ones the brief named too.
assert set(OTHER_SETS) >= {
    "economy",
    "planning",
    "innovation",
    "rural",
    "environment",
    "wellbeing",
    "tourism",
    "towns",
    "infra",
    "skills",
    "transition",
    "culture",
    "housing",
}, OTHER_SETS

SPEC = BlindSet(
    id_letter="ty",
    other_sets=OTHER_SETS,
    kinds={
        "amount": 30,
        "time": 30,
        "person": 30,
        "count": 30,
        "list": 30,
        "yesno": 30,
        "open": 30,
    },
    min_questions=270,
    min_documents=42,
    min_organisations=14,
    min_unanswerable=0.22,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
