"""Check the infra evaluation set for consistency.

The set holds pages on regional and municipal development work on connections and the built
environment: transport and traffic (national transport system plan, CEF rail and port funding,
walking and cycling grants, public transport, regional airports, fairways, private roads),
broadband (Traficom broadband aid, Leader village-network projects, Rural Development Fund
village networks, a municipality's broadband item), land-use planning (a regional land-use
plan, a detailed plan for a data centre, a shore master-plan change, a planning review, town
centre development programmes), water supply and sewerage (ELY-centre water-supply grants and
calls, a municipal water-supply development plan) and municipal district heating. The checks of
../realworld/set_checks.py (not edited), with this set's minimums: no corpus file name or URL is
shared with the other sets and no corpus page is a near-copy of one of their pages (word 8-gram
containment); every SOURCES.tsv row names its organisation and licence; ids are yh001…, and no
question is asked twice; every question carries the split that ../realworld/make_split.py gives
it; list questions have 2-5 items and open questions 1-2 key phrases; at least 20 % of the whole
set unanswerable; per-kind minimums (amount 20, time 15, person 12, count 15, list 25, yesno 18,
open 15), at least 220 questions, 30 documents and 12 organisations, a source for every
question, no list-share constraint. Prints a kind x split table. Exit status 1 on any error.
Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

SPEC = BlindSet(
    id_letter="yh",
    other_sets=other_sets("infra"),
    kinds={
        "amount": 20,
        "time": 15,
        "person": 12,
        "count": 15,
        "list": 25,
        "yesno": 18,
        "open": 15,
    },
    min_questions=220,
    min_documents=30,
    min_organisations=12,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
