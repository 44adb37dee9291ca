"""The loaded index plus the settings that say how to query it; shared by
the CLI and the HTTP app so both give the same results."""

from __future__ import annotations

import time
from dataclasses import dataclass

from index.embedder import load_embedder
from index.search import LoadedIndex, SearchHit
from ingest.models import Passage
from service.schemas import PassageReference, SearchResponse, SearchResult
from service.settings import Settings


@dataclass
class Engine:
    settings: Settings
    index: LoadedIndex

    @classmethod
    def load(cls, settings: Settings) -> Engine:
        embedder = load_embedder(settings.embedder)
        return cls(settings, LoadedIndex.open(settings.index, embedder))

    def search(self, query: str, top_k: int, documents: list[str] | None = None) -> tuple[list[SearchHit], float]:
        t0 = time.perf_counter()
        hits = self.index.search(query, top_k, self.settings.search_options(), documents)
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
