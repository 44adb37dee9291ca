"""One index build's question path: history → standalone query → passages → answer with citations.

``ChatService`` holds what belongs to one build (the retriever and the
answerer with its per-build caches); service/application.py swaps it when a
new build is published. Every search of the service — ``/v1/ask``,
``/v1/search``, the adviser pages, ``vraagbaak search`` and ``ask`` — runs
through :meth:`ChatService.retrieve` with the options of
``Settings().search_options()``, so they cannot drift apart.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace

from index.api import AnalysedQuery, Passage, Retriever, SearchHit, reciprocal_rank_fusion
from ingest.chunking import span_locator
from service.answer_ids import sign_answer_id
from service.answering import Answerer, CitationDraft, ComposedAnswer
from service.followup import said_before, search_queries
from service.generation import GenerationFailed, generate
from service.logs import log
from service.question import AnalysedQuestion, analyse
from service.rerank import Reranker, RerankModel
from service.schemas import AskResponse, Citation, PassageReference, SearchResponse, SearchResult
from service.settings import Settings


@dataclass
class TurnStats:
    """Retrieval statistics for the request log (never the question itself)."""

    hits: int = 0
    abstained: bool = False
    generated: bool = False
    evidence: dict[str, float] = field(default_factory=dict)
    rewritten: bool = False


# Admission of a query by its text (service.costs.Admission through the application); may raise Busy.
Admit = Callable[[str], AbstractContextManager[None]]


def admit_all(query: str) -> AbstractContextManager[None]:
    return nullcontext()


# (analysed query, fused hits) → the same hits in a better order
Rerank = Callable[[AnalysedQuery, list[SearchHit]], list[SearchHit]]


def fuse_rankings(rankings: list[list[SearchHit]], k: float) -> list[SearchHit]:
    """Several rankings of the same index as one, by the reciprocal rank
    fusion that fuses the legs: a passage scores the sum of 1 / (k + rank)
    over the rankings that hold it. Passages are numbered in order of first
    appearance (the first ranking's first), so equal scores keep that order;
    each passage keeps the hit (and score) of the ranking that met it first,
    ranked anew from 1: the answer tells one passage's sentences from
    another's by rank."""
    first: dict[str, SearchHit] = {}
    for hits in rankings:
        for hit in hits:
            first.setdefault(hit.passage.id, hit)
    number = {pid: n for n, pid in enumerate(first)}
    legs = {str(i): [number[h.passage.id] for h in hits] for i, hits in enumerate(rankings)}
    met = list(first.values())
    fused = reciprocal_rank_fusion(legs, {}, k)
    return [replace(met[n], rank=r) for r, (n, _) in enumerate(fused, start=1)]


@dataclass(frozen=True)
class Turn:
    """A question prepared once: its analysis (focus, parts, named things),
    and the standalone query searched for it as the index analysed it (terms,
    and its vector once computed). Search and answer both read it. ``alone``:
    the question as asked, searched beside a query completed from the
    conversation when it may not need it (``service.followup.search_queries``)."""

    question: str
    analysed: AnalysedQuestion
    query: AnalysedQuery
    alone: AnalysedQuery | None = None
    said: frozenset[str] = frozenset()  # the words of the last answer (``followup.said_before``)


class ChatService:
    def __init__(self, settings: Settings, retriever: Retriever) -> None:
        self.settings = settings
        self.retriever = retriever
        self.options = settings.search_options()
        self.answerer = Answerer(retriever, **settings.answerer_options())
        self.rerank: Rerank | None = None
        self.use_rerank(self.answerer.model.rerank)

    def use_rerank(self, coefficients: dict | None) -> None:
        """Re-rank every search of this service with a fitted model (None: fused order)."""
        if coefficients is None or self.settings.rerank_candidates <= 0:
            self.rerank = None
            return
        reranker = Reranker(
            self.answerer.builder, RerankModel.from_json(coefficients), self.settings.rerank_candidates
        )
        # Only with a query vector some step already computed: a BM25-only search is not embedded for it.
        self.rerank = lambda query, hits: reranker.rerank(analyse(query.text), query, hits, query.known_vector())

    # -- the question, analysed once -------------------------------------------
    def focus_and_query(
        self, question: str, history: list[tuple[str, str]]
    ) -> tuple[AnalysedQuestion, str, str | None]:
        """The analysed question, the query searched for it (its focus,
        completed from the history, then its background) and, when it is
        searched beside that, the focus as asked with its background.
        Subclasses cap them."""
        analysed = self.answerer.analyse(question)
        query, alone = search_queries(analysed.focus, history, self.retriever.named_documents)
        return analysed, analysed.with_background(query), analysed.with_background(alone) if alone else None

    def standalone(self, question: str, history: list[tuple[str, str]]) -> str:
        """The query searched for a question."""
        return self.focus_and_query(question, history)[1]

    @contextmanager
    def turn(self, question: str, history: list[tuple[str, str]], admit: Admit = admit_all) -> Iterator[Turn]:
        """The question analysed once, then admitted by the query searched for
        it; the index analysis and all later work run inside the admission."""
        analysed, query, alone = self.focus_and_query(question, history)
        with admit(query):
            yield Turn(
                question, analysed, self.analyse(query), self.analyse(alone) if alone else None, said_before(history)
            )

    def analyse(self, text: str) -> AnalysedQuery:
        """A query analysed by the index, once (terms now, the vector on demand)."""
        return self.retriever.analyse(text)

    # -- the one search path -------------------------------------------------------
    def retrieve(
        self, query: AnalysedQuery, top_k: int, documents: list[str] | None = None,
        alone: AnalysedQuery | None = None,
    ) -> tuple[list[SearchHit], float]:
        """The best passages and the milliseconds the search took: fused
        retrieval, then the fitted re-ranking of the first candidates. With
        ``alone`` (see :class:`Turn`) both queries are searched and their
        rankings fused by reciprocal rank, the same ``rrf_k`` as the legs."""
        t0 = time.perf_counter()
        n = max(top_k, self.settings.rerank_candidates) if self.rerank is not None else top_k
        hits = self._ranked(query, n, documents)
        if alone is not None:
            hits = fuse_rankings([hits, self._ranked(alone, n, documents)], self.options.rrf_k)
        return hits[:top_k], (time.perf_counter() - t0) * 1000

    def _ranked(self, query: AnalysedQuery, n: int, documents: list[str] | None) -> list[SearchHit]:
        hits = self.retriever.search(query, n, self.options, documents)
        return self.rerank(query, hits) if self.rerank is not None else hits

    def search(
        self, query: str, history: list[tuple[str, str]], top_k: int, documents: list[str] | None = None,
        admit: Admit = admit_all,
    ) -> SearchResponse:
        """Passages for a query, searched exactly as :meth:`ask` searches it (same
        standalone query, same options); in BM25 mode the query is never embedded."""
        with self.turn(query, history, admit) as turn:
            hits, ms = self.retrieve(turn.query, top_k, documents, turn.alone)
        return SearchResponse(
            query=turn.query.text,
            results=[self.result(h) for h in hits],
            timings_ms={"retrieve": round(ms, 2), "total": round(ms, 2)},
        )

    def ask(
        self, question: str, history: list[tuple[str, str]], top_k: int, admit: Admit = admit_all
    ) -> tuple[AskResponse, TurnStats]:
        with self.turn(question, history, admit) as turn:
            return self._answer(turn, top_k)

    def _answer(self, turn: Turn, top_k: int) -> tuple[AskResponse, TurnStats]:
        t0 = time.perf_counter()
        query = turn.query.text
        vector = turn.query.vector()  # the answer's sentence evidence needs it whatever the search mode
        t1 = time.perf_counter()
        hits, _ = self.retrieve(turn.query, top_k, alone=turn.alone)
        t2 = time.perf_counter()
        rewritten = query != turn.analysed.with_background(turn.analysed.focus)
        composed = self.answerer.answer(turn.analysed, turn.query, hits, vector, rewritten=rewritten, said=turn.said)
        generated = False
        if self.settings.llm_url and not composed.abstained and hits:
            composed, generated = self._generate(query, hits, composed)
        t3 = time.perf_counter()
        citations = [self._citation(i, d) for i, d in enumerate(composed.citations, start=1)]
        digest = hashlib.sha256(
            f"{self.retriever.manifest.build_id}\x00{query}\x00{top_k}\x00{composed.text}".encode()
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
        stats = TurnStats(len(hits), composed.abstained, generated, composed.evidence, query != turn.question)
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

    # -- passages as the contract shows them ---------------------------------------
    def passage_fields(self, p: Passage) -> dict:
        """The fields every response that shows a passage carries."""
        doc = self.retriever.documents.get(p.document)
        return {
            "passage_id": p.id, "document": p.document, "title": doc.title if doc else None, "page": p.page,
            "section": p.section, "section_path": p.section_path, "locator": p.locator,
            "text": p.text, "start": p.start, "end": p.end,
        }

    def source_url(self, p: Passage) -> str | None:
        doc = self.retriever.documents.get(p.document)
        return doc.meta.source if doc else None

    def references(self, p: Passage) -> list[PassageReference]:
        """The passages of the same document that ``p`` refers to, in its order."""
        found = (self.retriever.passage(pid) for pid in p.references)
        return [
            PassageReference(passage_id=r.id, locator=r.locator, section=r.section, text=r.text)
            for r in found if r is not None
        ]

    def result(self, hit: SearchHit) -> SearchResult:
        return SearchResult(
            **self.passage_fields(hit.passage), rank=hit.rank, score=round(hit.score, 6), scores=hit.scores
        )

    def _citation(self, n: int, draft: CitationDraft) -> Citation:
        fields = self.passage_fields(draft.passage)
        at = draft.passage.text.find(draft.quote) if draft.quote else -1
        if at >= 0:  # the place of the quote itself: the member it stands in
            fields["locator"] = span_locator(draft.passage, at, at + len(draft.quote))
        return Citation(
            **fields,
            n=n,
            quote=draft.quote,
            score=round(float(draft.score), 6),
            url=self.source_url(draft.passage),
        )
