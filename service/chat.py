"""One chat turn: history → standalone query → passages → answer with citations.

Used by the HTTP app and by ``vraagbaak ask`` so both answer identically.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from service.answer_ids import sign_answer_id
from service.answering import Answerer, CitationDraft, ComposedAnswer
from service.engine import Engine
from service.followup import standalone_query
from service.generation import GenerationFailed, generate
from service.logs import log
from service.question import AnalysedQuestion, analyse
from service.rerank import Reranker, RerankModel
from service.schemas import AskResponse, Citation


@dataclass
class TurnStats:
    """Retrieval statistics for the request log (never the question itself)."""

    hits: int = 0
    abstained: bool = False
    generated: bool = False
    evidence: dict[str, float] = field(default_factory=dict)
    rewritten: bool = False


class ChatService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.settings = engine.settings
        self.answerer = Answerer(engine.index, **engine.settings.answerer_options())
        self.use_rerank(self.answerer.model.rerank)

    def use_rerank(self, coefficients: dict | None) -> None:
        """Re-rank every search of this service with a fitted model (None: fused order)."""
        if coefficients is None or self.settings.rerank_candidates <= 0:
            self.engine.rerank = None
            return
        reranker = Reranker(
            self.answerer.builder, RerankModel.from_json(coefficients), self.settings.rerank_candidates
        )
        self.engine.rerank = lambda query, hits, vector: reranker.rerank(analyse(query), query, hits, vector)

    def prepared(self, question: str, history: list[tuple[str, str]]) -> tuple[AnalysedQuestion, str]:
        """The analysed question and the query searched for it: its focus,
        completed from the history. Computed once per turn; subclasses cap it."""
        analysed = self.answerer.analyse(question)
        return analysed, standalone_query(analysed.focus, history)

    def standalone(self, question: str, history: list[tuple[str, str]]) -> str:
        """The query searched for a question."""
        return self.prepared(question, history)[1]

    def ask(
        self,
        question: str,
        history: list[tuple[str, str]],
        top_k: int,
        prepared: tuple[AnalysedQuestion, str] | None = None,
    ) -> tuple[AskResponse, TurnStats]:
        """One turn; ``prepared`` is :meth:`prepared`'s result when the caller
        already computed it (the HTTP route does, for admission)."""
        t0 = time.perf_counter()
        index = self.engine.index
        analysed, query = prepared or self.prepared(question, history)
        vector = index.embed_query(query)
        t1 = time.perf_counter()
        hits, _ = self.engine.search(query, top_k, query_vector=vector)
        t2 = time.perf_counter()
        composed = self.answerer.answer(analysed, query, hits, vector, rewritten=query != analysed.focus)
        generated = False
        if self.settings.llm_url and not composed.abstained and hits:
            composed, generated = self._generate(query, hits, composed)
        t3 = time.perf_counter()
        citations = [self._citation(i, d) for i, d in enumerate(composed.citations, start=1)]
        digest = hashlib.sha256(
            f"{index.manifest.build_id}\x00{query}\x00{top_k}\x00{composed.text}".encode()
        ).hexdigest()[:24]
        response = AskResponse(
            id=sign_answer_id(digest, self.settings),
            answer=composed.text,
            abstained=composed.abstained,
            confidence=composed.confidence,
            query=query,
            citations=citations,
            timings_ms={
                "embed": round((t1 - t0) * 1000, 2),
                "retrieve": round((t2 - t0) * 1000, 2),
                "answer": round((t3 - t2) * 1000, 2),
                "total": round((time.perf_counter() - t0) * 1000, 2),
            },
        )
        stats = TurnStats(len(hits), composed.abstained, generated, composed.evidence, query != question)
        return response, stats

    def _generate(self, query, hits, extractive: ComposedAnswer) -> tuple[ComposedAnswer, bool]:
        context = [CitationDraft(h.passage, h.passage.text, h.score) for h in hits]
        try:
            generated = generate(
                self.settings.llm_url, self.settings.llm_model, query, context,
                self.settings.llm_timeout, self.settings.llm_api_key,
            )
        except GenerationFailed as exc:
            log("llm_fallback", reason=str(exc)[:200])
            return extractive, False
        by_id = {h.passage.id: h for h in hits}
        for draft in generated.citations:
            draft.quote = self.answerer.quote_for(by_id[draft.passage.id], generated.text)
        generated.evidence = extractive.evidence
        generated.confidence = extractive.confidence
        return generated, True

    def _citation(self, n: int, draft: CitationDraft) -> Citation:
        return Citation(
            **self.engine.passage_fields(draft.passage),
            n=n,
            quote=draft.quote,
            score=round(float(draft.score), 6),
            url=self.engine.source_url(draft.passage),
        )
