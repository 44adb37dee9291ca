"""Evidence for one question, computed once: the question's weighted words,
its answer candidates (sentences and list items of the best passages, each
with its similarity to the query and its idf-weighted coverage), and the
question-level signals the confidence model reads.

Sentence similarities come from the sentence vectors made at ingest
(index/sentences.py) against the query vector the search already computed.
"""

from __future__ import annotations

import dataclasses
import math
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from index.api import AnalysedQuery, Retriever, SearchHit
from ingest.lang import load
from ingest.sentences import answer_spans
from ingest.structure import is_in_force_note, is_self_citation
from service.checks import has_answer_type
from service.question import AnalysedQuestion, AnswerType
from service.settings import ANSWER_CACHE

# Content words of a text: (stem, stems of its compound parts, idf weight).
Weights = list[tuple[str, tuple[str, ...], float]]

CANDIDATE_PASSAGES = 5
_QUESTION_END = re.compile(r"\?[\"'’”)]*$")
_ENGLISH = frozenset(load("question")["english"]["function_words"].split())


_SPACES = re.compile(r"\s+")
_LABEL = re.compile(r"[^\W\d_]{2,}|§")


def _heads(sentence: str, path: str) -> bool:
    """Whether a line of a passage is one of its headings: it stands in the
    passage's heading path ("Hoofdstuk II", "De uitkering", "§ 1" of
    "Hoofdstuk II. De uitkering > § 1. …"). A law's passage opens with the
    lines of every heading above its article, not only its own; a bare list
    mark ("1.", "a.") is no heading."""
    line = _SPACES.sub(" ", sentence).strip()
    return bool(line) and len(line.split()) <= 20 and bool(_LABEL.search(line)) and line in path


_SENTENCE_END = re.compile(r"[.!?:;,][\"'’”)*_]*$")


def _fold_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _leading_headings(text: str, spans: tuple[tuple[int, int], ...], marks: set[str]) -> int:
    """How many lines open a passage as headings. The chunker writes the
    headings a passage sits under at its start, and not all of them stand in
    its path: a document's title ("Erfbelasting, partnerregeling voor
    mantelzorgers") and a heading closed by a higher one ("Inleiding" above
    "Taak Inspectie van het Onderwijs") do not; such a line was quoted as the
    answer. The opening run of lines that are blocks of their own (a blank
    line after each, no sentence end) are headings up to the last that is
    the passage's own heading or the document's title (``marks``, folded);
    short lines after that, such as a list of links, are content."""
    last = 0
    for k, (s, e) in enumerate(spans):
        line = text[s:e]
        if not (text.startswith("\n\n", e) and len(line.split()) <= 20 and not _SENTENCE_END.search(line)):
            break
        if _fold_line(line) in marks:
            last = k + 1
    return last


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
    is_citation_title: bool = False  # "Dit besluit wordt aangehaald als: …"

    @property
    def text(self) -> str:
        return self.hit.passage.text[self.start : self.end]


@dataclass(frozen=True)
class SentenceTable:
    """A passage's sentences and list items with what is known of them before
    any question: offsets, rows in the sentence index (None: not embedded),
    analysed terms, the heading path's terms, whether each is the passage's
    heading or a question, and its length in words."""

    spans: tuple[tuple[int, int], ...]
    rows: tuple[int | None, ...]
    terms: tuple[frozenset[str], ...]
    context: frozenset[str]
    headings: tuple[bool, ...]
    questions: tuple[bool, ...]
    words: tuple[int, ...]
    citation_titles: tuple[bool, ...]  # the document's citation title, which answers only a question for it
    first_row: int  # the passage's sentence vectors are rows first_row:last_row
    last_row: int
    types: dict[str, bool] = field(default_factory=dict, compare=False)  # answer types checked so far


@dataclass
class Evidence:
    question: AnalysedQuestion
    query: str
    hits: list[SearchHit]
    weights: Weights
    candidates: list[Candidate]
    signals: dict[str, float] = field(default_factory=dict)
    # The words sentences are chosen by: ``weights`` less those naming a document (content_weights).
    content: Weights = field(default_factory=list)
    # The candidates (passage id, start) that repeat the previous answer of a conversation.
    said: frozenset[tuple[str, int]] = frozenset()


class EvidenceBuilder:
    """Per loaded index: caches of passage analysis, sentence spans and
    the build's sentence vectors."""

    def __init__(self, index: Retriever, sentence_weights: dict[str, float], cache: int = ANSWER_CACHE) -> None:
        self.index = index
        self.sentence_weights = sentence_weights
        self._max_idf = index.max_idf()
        self._cache = cache
        # Texts seen again within an answer and across answers. An answer reads
        # some 40 passages; a small corpus fits whole. At a million passages the
        # term sets and tables of 8,192 passages held 43 MiB more of a worker's heap
        # than 1,024 after 1,000 different questions, and kept growing
        # (eval/RESULTS.md, thirty-seventh slice).
        self.term_set = lru_cache(maxsize=cache)(lambda text: frozenset(index.terms(text)))
        self.spans = lru_cache(maxsize=cache)(answer_spans)  # a link's file label never answers
        self.sentences = index.sentences()
        # Sentence tables by passage id (ids are content hashes, so an id is its
        # text), with each sentence's term set: oldest out first beyond ``cache``.
        self._tables: dict[str, SentenceTable] = {}
        self._tables_lock = threading.Lock()

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

    def content_weights(self, query: AnalysedQuery) -> Weights:
        """The question's words less those that name a document ("volgens de
        Jeugdwet", "in de handreiking"): they tell which document, not which
        of its passages or sentences answers, and the citation-title article
        ("Deze wet wordt aangehaald als: …") holds them all. The whole
        question's words where the names are all it says."""
        if self.index.named_documents(query.text):
            content = self.weights(self.index.without_names(query.text))
            if content:
                return content
        return self.weights(query)

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
        return self.shares(weights, total, present, frozenset())[0]

    @staticmethod
    def shares(weights: Weights, total: float, own: frozenset[str], context: frozenset[str]) -> tuple[float, float]:
        """:meth:`coverage` of a text's terms alone and together with its
        heading path's, in one pass over the question's words (``total``: the
        words' summed weight). The re-ranker asks both of every candidate
        passage and of each of its sentences."""
        alone = with_context = 0.0
        for stem, parts, w in weights:
            if stem in own:
                alone += w
                with_context += w
                continue
            if parts and all(p in own for p in parts):
                alone += 0.7 * w
            if stem in context:
                with_context += w
            elif parts and all(p in own or p in context for p in parts):
                with_context += 0.7 * w
        return alone / total, with_context / total

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
        table = self._table_of(hit)
        out = []
        for k, sim, cov, ctx in self._judged(table, weights, query_vector):
            s, e = table.spans[k]
            cand = Candidate(
                hit=hit, start=s, end=e, similarity=sim, coverage=cov, context_coverage=ctx,
                is_heading=table.headings[k], is_question=table.questions[k], words=table.words[k],
                vector_row=table.rows[k], is_citation_title=table.citation_titles[k],
            )
            cand.score = self.score(cand)
            out.append(cand)
        return out

    def passage_best(
        self, hit: SearchHit, weights: Weights, query_vector: np.ndarray
    ) -> tuple[float, float, float]:
        """The best similarity, coverage and score among a passage's sentences,
        as :meth:`passage_candidates` would give them, without making a
        candidate of each: what the re-ranker reads of every candidate passage."""
        table = self._table_of(hit)
        best_sim = best_cov = best_score = 0.0
        first = True
        for k, sim, cov, ctx in self._judged(table, weights, query_vector):
            score = self._score(sim, cov, ctx, hit.rank, table.words[k], table.questions[k], table.headings[k])
            if first:
                best_sim, best_cov, best_score, first = sim, cov, score, False
            else:
                best_sim, best_cov, best_score = max(best_sim, sim), max(best_cov, cov), max(best_score, score)
        return best_sim, best_cov, best_score

    def passage_has_type(self, hit: SearchHit, answer_type: AnswerType) -> bool:
        """:func:`has_answer_type` of a passage's whole text, kept with its
        sentence table: the re-ranker asks it of every candidate of every
        typed question, and the same passages come back for many questions."""
        known = self._table_of(hit).types
        if answer_type not in known:
            known[answer_type] = has_answer_type(answer_type, hit.passage.text)
        return known[answer_type]

    def _table_of(self, hit: SearchHit) -> SentenceTable:
        p = hit.passage
        table = self._tables.get(p.id)
        if table is None:
            record = self.index.documents.get(p.document)
            table = self._table(p.id, p.text, p.section, tuple(p.section_path), record.title if record else None)
            with self._tables_lock:
                if len(self._tables) >= self._cache:
                    self._tables.pop(next(iter(self._tables)), None)
                self._tables[p.id] = table
        return table

    def _judged(
        self, table: SentenceTable, weights: Weights, query_vector: np.ndarray | None
    ) -> Iterator[tuple[int, float, float, float]]:
        """(index in the table, similarity, coverage, coverage with the heading
        path) of each sentence of a passage."""
        sims = (
            self.sentences.block_similarities(table.first_row, table.last_row, query_vector)
            if query_vector is not None else None
        )
        total = sum(w for _, _, w in weights)
        for k, i in enumerate(table.rows):
            sim = float(sims[i - table.first_row]) if sims is not None and i is not None else 0.0
            cov, ctx = self.shares(weights, total, table.terms[k], table.context) if total else (0.0, 0.0)
            yield k, sim, cov, ctx

    def _table(
        self, passage_id: str, text: str, section: str | None, section_path: tuple[str, ...], title: str | None = None
    ) -> SentenceTable:
        """What no question changes about a passage's sentences, made once
        per passage (cached): spans, vector rows, terms, heading and question
        marks. A question then costs one block of dot products and set lookups."""
        heading = section if section and text.startswith(section) else None
        path = _SPACES.sub(" ", " ".join(section_path))
        rows = self.sentences.rows_of(passage_id)
        spans = tuple(self.spans(text))
        found = [rows.get(span) for span in spans]
        known = [i for i in found if i is not None]
        leading = _leading_headings(text, spans, {_fold_line(x) for x in (section, title) if x})
        return SentenceTable(
            spans=spans,
            rows=tuple(found),
            terms=tuple(self.term_set(text[s:e]) for s, e in spans),
            context=self.term_set(" ".join(section_path)),
            headings=tuple(
                k < leading or (heading is not None and s == 0 and e <= len(heading) + 1) or _heads(text[s:e], path)
                or is_in_force_note(text[s:e])  # heads the unit's text, as the chunker placed it
                for k, (s, e) in enumerate(spans)
            ),
            questions=tuple(bool(_QUESTION_END.search(text[s:e])) for s, e in spans),
            words=tuple(len(text[s:e].split()) for s, e in spans),
            citation_titles=tuple(is_self_citation(text[s:e]) for s, e in spans),
            first_row=min(known, default=0),
            last_row=max(known, default=-1) + 1,
        )

    def score(self, c: Candidate) -> float:
        """How well a sentence answers: a linear model over its evidence
        (weights fitted on the train split, see eval/fit.py)."""
        return self._score(
            c.similarity, c.coverage, c.context_coverage, c.hit.rank, c.words, c.is_question, c.is_heading
        )

    def _score(
        self, similarity: float, coverage: float, context_coverage: float, rank: int, words: int,
        is_question: bool, is_heading: bool,
    ) -> float:
        w = self.sentence_weights
        return (
            w["similarity"] * similarity
            + w["coverage"] * coverage
            + w["context_coverage"] * context_coverage
            + w["rank"] / rank
            + w["short"] * (words < 6)
            + w["question"] * (is_question and not is_heading)
            + w["heading"] * is_heading
        )

    def rescored(self, candidates: list[Candidate], weights: Weights, vector: np.ndarray) -> list[Candidate]:
        """The same candidates judged against other words and another query
        vector (one part of a question)."""
        out = []
        for c in candidates:
            context = " ".join(c.hit.passage.section_path)
            sim = float(self.sentences.vector(c.vector_row) @ vector) if c.vector_row is not None else 0.0
            # what the sentence is (span, heading, citation title, vector row) stays; its judgement changes
            new = dataclasses.replace(
                c, similarity=sim, coverage=self.coverage(weights, c.text),
                context_coverage=self.coverage(weights, context, c.text),
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

