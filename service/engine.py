"""The loaded index plus the settings that say how to query it; shared by
the CLI and the HTTP app so both give the same results."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.embedder import load_embedder
from index.search import LoadedIndex, SearchHit
from ingest.models import Passage
from service.schemas import PassageReference, SearchResponse, SearchResult
from service.settings import Settings

# (query, hits, query vector or None) → the same hits in a better order
Rerank = Callable[[str, list[SearchHit], "np.ndarray | None"], list[SearchHit]]


@dataclass
class Engine:
    settings: Settings
    index: LoadedIndex
    rerank: Rerank | None = None  # set by the answering service (service/chat.py)

    @classmethod
    def load(cls, settings: Settings) -> Engine:
        embedder = load_embedder(settings.embedder)
        return cls(settings, LoadedIndex.open(settings.index, embedder))

    def search(
        self, query: str, top_k: int, documents: list[str] | None = None, query_vector: np.ndarray | None = None
    ) -> tuple[list[SearchHit], float]:
        """The one search path of /v1/search, /v1/ask and the CLI: fused
        retrieval, then the fitted re-ranking of the first candidates."""
        t0 = time.perf_counter()
        options = self.settings.search_options()
        if self.rerank is not None and options.mode != "bm25" and query_vector is None:
            query_vector = self.index.embed_query(query)
        n = max(top_k, self.settings.rerank_candidates) if self.rerank is not None else top_k
        hits = self.index.search(query, n, options, documents, query_vector)
        if self.rerank is not None:
            hits = self.rerank(query, hits, query_vector)[:top_k]
        return hits, (time.perf_counter() - t0) * 1000

    def passage_fields(self, p: Passage) -> dict:
        """The fields every response that shows a passage carries."""
        doc = self.index.documents.get(p.document)
        return {
            "passage_id": p.id, "document": p.document, "title": doc.title if doc else None, "page": p.page,
            "section": p.section, "section_path": p.section_path, "locator": p.locator,
            "text": p.text, "start": p.start, "end": p.end,
        }

    def references(self, p: Passage) -> list[PassageReference]:
        """The passages of the same document that ``p`` refers to, in its order."""
        rows = (self.index.row_of.get(pid) for pid in p.references)
        return [
            PassageReference(passage_id=r.id, locator=r.locator, section=r.section, text=r.text)
            for r in (self.index.passages[row] for row in rows if row is not None)
        ]

    def source_url(self, p: Passage) -> str | None:
        doc = self.index.documents.get(p.document)
        return doc.meta.source if doc else None

    def result(self, hit: SearchHit) -> SearchResult:
        return SearchResult(
            **self.passage_fields(hit.passage), rank=hit.rank, score=round(hit.score, 6), scores=hit.scores
        )

    def search_response(self, query: str, top_k: int, documents: list[str] | None = None) -> SearchResponse:
        hits, ms = self.search(query, top_k, documents)
        return SearchResponse(
            query=query,
            results=[self.result(h) for h in hits],
            timings_ms={"retrieve": round(ms, 2), "total": round(ms, 2)},
        )
