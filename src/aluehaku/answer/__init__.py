"""Answers: question understanding, project facts, composed (and optionally generated) answers."""

from .composer import Answer, Citation
from .facts import Fact, extract_facts
from .service import AnswerService

__all__ = ["Answer", "AnswerService", "Citation", "Fact", "extract_facts"]
