"""Check the planning evaluation set for consistency.

The set holds pages on regional land-use planning and community structure as a Finnish
regional or municipal official meets it: regional councils' maakuntakaava pages and notices
(vaihemaakuntakaavat, their phases, approval dates, voimaantulo, valitukset, osallistumis- ja
arviointisuunnitelma, nähtävilläolo; Pirkanmaa, Uusimaa, Varsinais-Suomi, Pohjois-Pohjanmaa,
Keski-Suomi, Lappi, Satakunta, Etelä-Pohjanmaa, Kymenlaakso, Päijät-Häme), municipal § items on
asemakaavat, yleiskaavat, ranta-asemakaavat, maankäyttösopimukset, tuulivoiman
kaavoitusaloitteet and MAL agreements, municipal kaavoituskatsaus pages, the state's MAL
(maankäyttö, asuminen, liikenne) agreement pages and releases, the supreme administrative
court's decisions on wind-power and regional plans and on a land-use agreement, Kuntaliitto's
guide on maankäyttösopimukset and the environment administration's page on retail planning.
The checks of ../realworld/set_checks.py (not edited), with this set's minimums: no corpus file
name or URL is shared with the other sets (every set in set_checks.BLIND_SETS, environment,
wellbeing, tourism, towns, infra, skills, transition, rural and innovation included) and no
corpus page is a near-copy of one of their pages (word 8-gram containment); every SOURCES.tsv
row names its organisation and licence; ids are pl001…, and no question is asked twice; every
question carries the split that ../realworld/make_split.py gives it; list questions have 2-5
items and open questions 1-2 key phrases; at least 20 % of the whole set unanswerable;
per-kind minimums (amount 18, time 18, person 15, count 15, list 20, yesno 20, open 15), at
least 260 questions, 40 documents and 12 organisations, a source for every question, no
list-share constraint. Prints a kind x split table. Exit status 1 on any error.
Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

OTHER_SETS = other_sets("planning")
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
} <= set(OTHER_SETS), OTHER_SETS

SPEC = BlindSet(
    id_letter="pl",
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
