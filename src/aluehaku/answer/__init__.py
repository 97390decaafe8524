"""Answers: question understanding, evidence from the passages, composed (and optionally
generated) answers with numbered citations. Project facts are extracted at ingest
(:mod:`aluehaku.ingest.facts`) and stored by :mod:`aluehaku.store.facts`."""

from .composer import Answer, Citation
from .service import AnswerService

__all__ = ["Answer", "AnswerService", "Citation"]
