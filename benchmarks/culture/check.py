"""Check the culture evaluation set for consistency.

The set holds pages on culture, sport and youth work as regional development, as a Finnish
official meets them: municipal culture grants (kulttuuriavustukset) and their rules, state grants
for sports facility construction (liikuntapaikkarakentamisen avustukset of opetus- ja
kulttuuriministeriö and the aluehallintovirastot), swimming-hall and ice-rink projects in § items
and news (Hollola, Tuusula, Forssa, Helsinki, Salo), the European Capital of Culture Oulu2026
and its funding (Oulu, valtioneuvosto, Kaleva, Rantapohja, Oulu2026 releases, Oulainen), youth
councils (nuorisovaltuusto) and the § items on their rights (Helsinki, Laihia, Tuusula,
Nurmijärvi, Askola, Paimio, Kaarina, Nuva, Yle), cultural wellbeing (kulttuurihyvinvointi) of
Keski-Suomen liitto, Leader youth projects and Nuoriso-Leader, state grants to youth
organisations and festivals (OKM, Taike), libraries' funding plans and Helsinki's keskustakirjasto,
and municipal culture and sports budgets (Turku, Vantaa, Viitasaari's festival support).
The checks of ../realworld/set_checks.py (not edited), with this set's minimums: no corpus file
name or URL is shared with the other sets (every set in set_checks.BLIND_SETS, economy, planning,
innovation, rural and environment included) and no corpus page is a near-copy of one of their
pages (word 8-gram containment); every SOURCES.tsv row names its organisation and licence; ids
are ku001…, and no question is asked twice; every question carries the split that
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

OTHER_SETS = other_sets("culture")
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
    "economy",
} <= set(OTHER_SETS), OTHER_SETS

SPEC = BlindSet(
    id_letter="ku",
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
