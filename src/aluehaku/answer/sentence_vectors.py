"""Dense similarity of the best candidate sentences to the question.

The evidence ranking (:func:`aluehaku.answer.evidence.candidates`) scores a sentence by the
question's words it carries; a sentence that answers in other words ("Päätös tehdään kahden
viikon kuluessa" for "Milloin … päätetään?") ranks below one that repeats the question. The
dense model reads meaning: the first few sentences of the lexical ranking are embedded, each
after its passage's heading ("<heading>: <sentence>", as :mod:`aluehaku.search.sentences`
embeds them), and their cosine to the question joins the score.

Only the first :attr:`Settings.answer_sentence_rerank` sentences are embedded, at question time:
the right sentence is among the first eight of the lexical ranking for 95 % of the dev
questions, eight short texts cost some tens of milliseconds on two cores, and nothing is stored
at ingest (embedding every sentence of Lapua's minutes would take several times as long as
embedding its chunks). Vectors of sentences seen before come from a cache as large as the query
cache (``query_cache_size``; 0 turns both off, as the latency benchmark does).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from aluehaku.config import Settings
    from aluehaku.embed.base import Embedder
    from aluehaku.store import Store

#: Characters of a sentence embedded: a long table row says its topic early, and the model's
#: cost grows with its input.
MAX_CHARS = 400


class SentenceSimilarity:
    """Cosines of sentences to a question with the store's own embedding model."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        #: Sentences of the lexical ranking that are embedded and re-scored.
        self.depth = settings.answer_sentence_rerank
        self._cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def _embedder(self) -> Embedder | None:
        """The store's embedder, or None when the store has no vectors or other ones."""
        model = self.store.get_meta("embed_model")
        if not model:
            return None  # lexical only: no model was ever run over this store
        from aluehaku.embed import embedder_for

        embedder = embedder_for(self.settings)
        return embedder if embedder.model_id == model else None

    def cosines(self, question: str, texts: Sequence[str]) -> list[float] | None:
        """Each text's cosine to ``question``; None when no embedding model is at hand."""
        if not texts:
            return []
        embedder = self._embedder()
        if embedder is None:
            return None
        import numpy as np

        from aluehaku.search.dense import query_vector

        query = query_vector(embedder, question, self.settings.query_cache_size)
        keys = [(embedder.model_id, text[:MAX_CHARS]) for text in texts]
        with self._lock:
            found = {k: self._cache[k] for k in keys if k in self._cache}
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            vectors = embedder.embed_passages([text for _, text in missing])
            size = self.settings.query_cache_size
            with self._lock:
                for key, vector in zip(missing, vectors, strict=True):
                    found[key] = np.asarray(vector, np.float32)
                    if size > 0:
                        self._cache[key] = found[key]
                while len(self._cache) > max(0, size):
                    self._cache.popitem(last=False)
        return [float(found[k] @ query) for k in keys]
