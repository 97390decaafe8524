"""Check the skills evaluation set for consistency.

The set holds pages on regional and municipal development work on people: employment,
skills, education, youth, integration of immigrants and wellbeing (EURA 2014 ESR project cards
on employment, apprenticeships and integration, municipal § items on the employment trial, the
TE-palvelut 2024 reform and employment areas, integration programmes and integration funding,
a wellbeing services county's item on services for the unemployed, ELY centre and
aluehallintovirasto releases and calls on youth workshops, outreach youth work and ESR
funding, ministry pages on the KOTO24 reform, AMIF-funded integration projects, Leader youth
funding). The checks of ../realworld/set_checks.py (not edited), with this set's minimums: no
corpus file name or URL is shared with the other sets and no corpus page is a near-copy of one
of their pages (word 8-gram containment); every SOURCES.tsv row names its organisation and
licence; ids are sk001…, and no question is asked twice; every question carries the split that
../realworld/make_split.py gives it; list questions have 2-5 items and open questions 1-2 key
phrases; at least 20 % of the whole set unanswerable; per-kind minimums (amount 20, time 15,
person 12, count 15, list 25, yesno 18, open 15), at least 200 questions, 30 documents and 12
organisations, a source for every question, no list-share constraint. Prints a kind x split
table. Exit status 1 on any error. Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

SPEC = BlindSet(
    id_letter="sk",
    other_sets=other_sets("skills"),
    kinds={
        "amount": 20,
        "time": 15,
        "person": 12,
        "count": 15,
        "list": 25,
        "yesno": 18,
        "open": 15,
    },
    min_questions=200,
    min_documents=30,
    min_organisations=12,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
