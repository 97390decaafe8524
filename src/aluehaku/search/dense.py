"""The dense leg: embed the query, search the FAISS index of the data directory."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import numpy as np

from aluehaku.config import Settings
from aluehaku.embed import dense, embedder_for
from aluehaku.embed.query_queue import embed_query_fairly
from aluehaku.embed.step import check_model
from aluehaku.store import Store

if TYPE_CHECKING:
    from aluehaku.embed.base import Embedder

NO_VECTORS = "Vektoreita ei ole vielä laskettu (aja `aluehaku embed`); haku perustuu sanoihin."
_LOCK = threading.Lock()
#: Recent query vectors by (model, query): officials repeat questions, and the UI sends the
#: same query for the search list and for the answer. Bounded, so memory stays small.
_QUERY_CACHE: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


class DenseLeg:
    """Query embedding plus FAISS search, restricted by an optional set of allowed chunk ids."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def available(self) -> str | None:
        """None when the leg can run, else a note (in Finnish) saying why it cannot."""
        if not self.store.get_meta("embed_model"):
            return NO_VECTORS
        if dense.load(self.store) is None:
            return "Vektori-indeksiä ei löytynyt (aja `aluehaku embed`); haku perustuu sanoihin."
        return None

    def search(
        self, query: str, k: int, allowed: AbstractSet[int] | None
    ) -> list[tuple[int, float]]:
        """The ``k`` chunks nearest to ``query`` by cosine similarity."""
        index = dense.load(self.store)
        if index is None:
            return []
        embedder = embedder_for(self.settings)  # the configured engine and model cache
        check_model(self.store, embedder.model_id)
        vector = query_vector(embedder, query, self.settings.query_cache_size)
        return index.search(vector, k, allowed)


def query_vector(embedder: Embedder, query: str, cache_size: int = 2048) -> np.ndarray:
    """The query's embedding, from a small LRU cache when it was asked recently; otherwise cut to
    the model's window and computed in its fair turn (:mod:`aluehaku.embed.query_queue`)."""
    if cache_size <= 0:
        return embed_query_fairly(embedder, query)
    key = (embedder.model_id, query)
    with _LOCK:
        cached = _QUERY_CACHE.get(key)
        if cached is not None:
            _QUERY_CACHE.move_to_end(key)
            return cached
    vector = embed_query_fairly(embedder, query)
    with _LOCK:
        _QUERY_CACHE[key] = vector
        while len(_QUERY_CACHE) > cache_size:
            _QUERY_CACHE.popitem(last=False)
    return vector
