"""Evidence for one question, computed once: the question's weighted words,
its answer candidates (sentences and list items of the best passages, each
with its similarity to the query and its idf-weighted coverage), and the
question-level signals the confidence model reads.

Sentence similarities come from the sentence vectors made at ingest
(index/sentences.py) against the query vector the search already computed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from index.api import TEXT_CACHE, AnalysedQuery, Retriever, SearchHit
from ingest.lang import load
from ingest.sentences import sentence_spans
from service.question import AnalysedQuestion

# Content words of a text: (stem, stems of its compound parts, idf weight).
Weights = list[tuple[str, tuple[str, ...], float]]

CANDIDATE_PASSAGES = 5
_QUESTION_END = re.compile(r"\?[\"'’”)]*$")
_ENGLISH = frozenset(load("question")["english"]["function_words"].split())


def looks_english(text: str) -> bool:
    """Enough English function words that Dutch BM25 coverage says little."""
    tokens = re.findall(r"[a-z]+", text.lower())
    return len(tokens) >= 3 and sum(t in _ENGLISH for t in tokens) / len(tokens) >= 0.3


@dataclass
class Candidate:
    """A sentence or list item of a retrieved passage that could answer."""

    hit: SearchHit
    start: int
    end: int
    similarity: float  # cosine of the sentence vector with the query vector
    coverage: float  # idf-weighted share of the question's words in the sentence
    context_coverage: float  # the same over the sentence plus its heading path
    is_heading: bool
    is_question: bool
    words: int
    score: float = 0.0
    vector_row: int | None = None  # row in the sentence index

    @property
    def text(self) -> str:
        return self.hit.passage.text[self.start : self.end]


@dataclass
class Evidence:
    question: AnalysedQuestion
    query: str
    hits: list[SearchHit]
    weights: Weights
    candidates: list[Candidate]
    signals: dict[str, float] = field(default_factory=dict)


class EvidenceBuilder:
    """Per loaded index: caches of passage analysis, sentence spans and
    the build's sentence vectors."""

    def __init__(self, index: Retriever, sentence_weights: dict[str, float]) -> None:
        self.index = index
        self.sentence_weights = sentence_weights
        self._max_idf = index.max_idf()
        # Texts seen again within an answer and across answers; bounded as the
        # index's own cache of texts is (TEXT_CACHE).
        self.term_set = lru_cache(maxsize=TEXT_CACHE)(lambda text: frozenset(index.terms(text)))
        self.spans = lru_cache(maxsize=TEXT_CACHE)(sentence_spans)
        self.sentences = index.sentences()

    # -- words ---------------------------------------------------------------
    def weights(self, text: str | AnalysedQuery) -> Weights:
        """Content words with their idf; a word the corpus never uses weighs
        most, since a passage cannot be about it."""
        out: Weights = []
        seen = set()
        analysed = text if isinstance(text, AnalysedQuery) else self.index.analyse(text)
        for stem, parts in analysed.words:
            if stem in seen:
                continue
            seen.add(stem)
            idf = self.index.idf(stem)
            weight = max(idf, 0.05) if idf is not None else self._max_idf
            out.append((stem, parts, weight))
        return out

    def coverage(self, weights: Weights, *texts: str) -> float:
        """Share (idf-weighted) of the words that the texts together contain; a
        compound counts for 70 % when only all of its parts are there. Each text's
        terms are analysed once and cached, so a heading path shared by every
        sentence of a passage is not analysed again with each of them (a set of
        terms of "a b" is the union of those of "a" and of "b")."""
        total = sum(w for _, _, w in weights)
        if not total:
            return 0.0
        present = self.term_set(texts[0]) if len(texts) == 1 else frozenset().union(*map(self.term_set, texts))
        got = 0.0
        for stem, parts, w in weights:
            if stem in present:
                got += w
            elif parts and all(p in present for p in parts):
                got += 0.7 * w
        return got / total

    def unknown_share(self, weights: Weights) -> float:
        total = sum(w for *_, w in weights) or 1.0
        return sum(w for stem, _, w in weights if not self.index.in_vocabulary(stem)) / total

    # -- candidates ------------------------------------------------------------
    def candidates(self, hits: list[SearchHit], weights: Weights, query_vector: np.ndarray | None) -> list[Candidate]:
        out: list[Candidate] = []
        for hit in hits[:CANDIDATE_PASSAGES]:
            out.extend(self.passage_candidates(hit, weights, query_vector))
        return out

    def passage_candidates(
        self, hit: SearchHit, weights: Weights, query_vector: np.ndarray | None
    ) -> list[Candidate]:
        passage = hit.passage
        heading = passage.section if passage.section and passage.text.startswith(passage.section) else None
        context = " ".join(passage.section_path)
        out = []
        rows = self.sentences.rows_of(passage.id)
        sims = self.sentences.similarities(rows.values(), query_vector) if query_vector is not None else {}
        for s, e in self.spans(passage.text):
            text = passage.text[s:e]
            i = rows.get((s, e))
            sim = sims.get(i, 0.0) if i is not None else 0.0
            cand = Candidate(
                hit=hit, start=s, end=e, similarity=sim,
                coverage=self.coverage(weights, text),
                context_coverage=self.coverage(weights, context, text),
                is_heading=heading is not None and s == 0 and e <= len(heading) + 1,
                is_question=bool(_QUESTION_END.search(text)),
                words=len(text.split()),
                vector_row=i,
            )
            cand.score = self.score(cand)
            out.append(cand)
        return out

    def score(self, c: Candidate) -> float:
        """How well a sentence answers: a linear model over its evidence
        (weights fitted on the train split, see eval/fit.py)."""
        w = self.sentence_weights
        return (
            w["similarity"] * c.similarity
            + w["coverage"] * c.coverage
            + w["context_coverage"] * c.context_coverage
            + w["rank"] / c.hit.rank
            + w["short"] * (c.words < 6)
            + w["question"] * (c.is_question and not c.is_heading)
            + w["heading"] * c.is_heading
        )

    def rescored(self, candidates: list[Candidate], weights: Weights, vector: np.ndarray) -> list[Candidate]:
        """The same candidates judged against other words and another query
        vector (one part of a question)."""
        out = []
        for c in candidates:
            context = " ".join(c.hit.passage.section_path)
            sim = float(self.sentences.vector(c.vector_row) @ vector) if c.vector_row is not None else 0.0
            new = Candidate(
                c.hit, c.start, c.end, sim, self.coverage(weights, c.text),
                self.coverage(weights, context, c.text), c.is_heading, c.is_question, c.words,
                vector_row=c.vector_row,
            )
            new.score = self.score(new)
            out.append(new)
        return out

    # -- question-level signals ----------------------------------------------
    def signals(
        self, question: AnalysedQuestion, query: str, hits: list[SearchHit], weights: Weights,
        candidates: list[Candidate],
    ) -> dict[str, float]:
        top = hits[:3]
        dense = [h.scores.get("dense", 0.0) for h in hits]
        bm25 = [h.scores.get("bm25", 0.0) for h in hits]
        best = max(candidates, key=lambda c: c.similarity, default=None)
        other = max(
            (c.similarity for c in candidates if best is not None and c.hit.rank != best.hit.rank), default=0.0
        )
        idf_total = sum(w for *_, w in weights)
        return {
            "sentence_similarity": best.similarity if best else 0.0,
            "sentence_margin": (best.similarity - other) if best else 0.0,
            "dense_top": dense[0] if dense else 0.0,
            "dense_margin": (dense[0] - dense[1]) if len(dense) > 1 else 0.0,
            "passage_coverage": max(
                (self.coverage(weights, h.passage.text, *h.passage.section_path) for h in top),
                default=0.0,
            ),
            "unknown": self.unknown_share(weights),
            "bm25_top": (bm25[0] / idf_total) if bm25 and idf_total else 0.0,
            "legs_agree": float(bool(hits) and bm25[0] == max(bm25) and dense[0] == max(dense)),
            "question_words": math.log1p(len(weights)),
            "english": float(looks_english(query)),
            "set_aside": float(question.set_aside),
            "parts": float(len(question.parts) > 1),
            # The final ranking's score: the re-ranker's linear score where it runs (as in the fit).
            "rank_top": hits[0].score if hits else 0.0,
            "rank_margin": (hits[0].score - hits[1].score) if len(hits) > 1 else 0.0,
        }

