"""Check the housing evaluation set for consistency.

The set holds pages on housing and living as regional development in Finnish municipalities
and regions (asuminen): municipal housing programmes (Järvenpää kaupunginhallitus § 132, Tuusula
valtuusto § 135 and its re-preparation), municipal and city-owned rental housing companies
(Auroranlinna, Heka, Hyrynsalmi's municipal housing company, tenant selection, rent increases, empty
flats and demolition), ARA grants and rules (purkuavustus, purkulupa, tyhjäkäyttö, hissiavustus,
ikääntyneiden korjausavustus, asumisneuvonta-avustus, esteettömyysavustus), housing fairs
(asuntomessut: Kouvola 2019, Oulu 2025, Salo's plans, visitor numbers, the cooperative's
finances and host selection), plot sales and plot campaigns (Nurmijärvi's Kylänpää, Tuusula
valtuusto § 106, Koski, Marttila, Salo, Somero), MAL agreements and their housing goals,
homelessness programmes (ympäristöministeriö, Y-Säätiö), housing advice grants announced by
municipalities (Juva, Imatra, Harjavalta), elderly housing grants and student housing.
The checks of ../realworld/set_checks.py (not edited), with this set's minimums: no corpus file
name or URL is shared with the other sets (every set in set_checks.BLIND_SETS, economy and
culture included) and no corpus page is a near-copy of one of their pages (word 8-gram
containment); every SOURCES.tsv row names its organisation and licence; ids are as001…, and no
question is asked twice; every question carries the split that ../realworld/make_split.py gives
it; list questions have 2-5 items and open questions 1-2 key phrases; at least 20 % of the whole
set unanswerable; per-kind minimums (amount 18, time 18, person 15, count 15, list 20, yesno 20,
open 15), at least 270 questions, 42 documents and 14 organisations, a source for every
question, no list-share constraint. Prints a kind x split table. Exit status 1 on any error.
Standard library only, no network.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)
from set_checks import BlindSet, check_blind_set, other_sets  # noqa: E402

OTHER_SETS = other_sets("housing")
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
    "culture",
} <= set(OTHER_SETS), OTHER_SETS

SPEC = BlindSet(
    id_letter="as",
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
    min_questions=270,
    min_documents=42,
    min_organisations=14,
    need_sources=True,
)

if __name__ == "__main__":
    sys.exit(check_blind_set(HERE, SPEC, split_of))
