"""Check the transition evaluation set for consistency.

The set holds pages on the green and just transition, energy, climate, environment and
circular-economy development work of regions and municipalities (JTF calls and application
rounds of regional councils, ELY centres and elinvoimakeskus, EURA 2014 and Maaseutuverkosto
project cards on biogas, renewable energy and circular economy, municipal § items on solar
plants, energy savings and climate programmes, HINKU and climate-work news, water-body
restoration grants, Leader energy-efficiency support, ministry releases). The checks of
../realworld/set_checks.py (not edited), with this set's minimums: no corpus file name or URL
is shared with the other sets and no corpus page is a near-copy of one of their pages (word
8-gram containment); every SOURCES.tsv row names its organisation and licence; ids are
jt001…, and no question is asked twice; every question carries the split that
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
    id_letter="jt",
    other_sets=other_sets("transition"),
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
