"""Build a store from the answer test corpus (loader -> sections -> chunks -> facts), and
read an answer that must not be a decline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aluehaku.config import Settings
from aluehaku.store import Store

if TYPE_CHECKING:
    from aluehaku.answer import AnswerService

CORPUS = Path(__file__).parent / "corpora" / "answers"


def build_store(data_dir: Path, **overrides: object) -> tuple[Store, Settings]:
    """Ingest the answer test corpus (facts included) through the real pipeline."""
    from aluehaku.ingest.pipeline import Ingestor

    settings = Settings(data_dir=data_dir, search_mode="lexical", workers=1, **overrides)  # type: ignore[arg-type]
    store = Store(data_dir)
    report = Ingestor(store, settings).run([CORPUS])
    assert not report.failed, report.failed
    return store, settings


def answer_service(data_dir: Path, *folders: Path) -> AnswerService:
    """An answer service over ``folders`` ingested into a fresh ``data_dir``."""
    from aluehaku.answer import AnswerService

    from ._api_support import build_index

    settings = build_index(data_dir, *folders)
    return AnswerService(Store(settings.data_dir), settings)


def one_page(tmp_path: Path, name: str, text: str) -> AnswerService:
    """An answer service over one page the test writes."""
    return pages(tmp_path, {name: text}, folder="page")


def pages(tmp_path: Path, texts: dict[str, str], folder: str = "pages") -> AnswerService:
    """An answer service over the pages the test writes, by file name."""
    where = tmp_path / folder
    where.mkdir()
    for name, text in texts.items():
        (where / name).write_text(text, encoding="utf-8")
    return answer_service(tmp_path / "idx", where)


def answered(service: AnswerService, question: str) -> str:
    """The answer's text, after checking that the service answered rather than declined."""
    answer = service.ask(question)
    assert not answer.abstained, (question, answer.answer, answer.notes)
    return answer.answer
