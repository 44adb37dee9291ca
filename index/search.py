"""Query → ranked passages over a loaded index (BM25, dense or hybrid)."""

from __future__ import annotations

import dataclasses
import difflib
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.bm25 import BM25Index
from index.columns import DOCUMENT_CACHE, RowGroups, open_columns
from index.dense import DenseIndex
from index.embedder import Embedder
from index.fusion import Mode, Ranking, SearchOptions, rank, reciprocal_rank_fusion
from index.history import BuildHistory, read_history
from index.query import AnalysedQuery
from index.sentences import SentenceEvidence, SentenceIndex, passage_sentences
from index.steering import DocumentNames
from index.store import (
    DocumentRecord,
    IndexManifest,
    IndexMissing,
    check_compatible,
    current_build,
    read_manifest,
)
from index.termtable import TermTable, load_analyzer
from ingest.models import Passage

# A query word the corpus never uses is compared, as a typo, with the corpus words that start
# with its letter and are as long as it give or take this many characters.
TYPO_LENGTH_SLACK = 2

__all__ = ["AnalysedQuery", "LoadedIndex", "Mode", "SearchHit", "SearchOptions", "indexed_text"]


@dataclass
class SearchHit:
    passage: Passage
    rank: int
    score: float
    scores: dict[str, float] = field(default_factory=dict)


def indexed_text(passage: Passage, context: str, title: str | None = None) -> str:
    """What the legs see: the passage with its heading path (when the text
    does not already start with it), the lead-in it depends on (a definition
    list's "In deze wet wordt verstaan onder:") and, optionally, the document title."""
    parts: list[str] = []
    if context in {"title+section"} and title:
        parts.append(title)
    if context in {"section", "title+section"} and passage.section_path:
        heads = [h for h in passage.section_path if not passage.text.startswith(h)]
        if heads:
            parts.append(" > ".join(heads))
    if context != "none" and passage.context:
        parts.append(passage.context)
    parts.append(passage.text)
    return "\n".join(parts)


class LoadedIndex:
    """An index build, memory-mapped; immutable, so safe to share across threads.

    ``passages`` is a sequence view over the build's columns (``passages[i]``
    builds that one ``Passage``), ``documents`` a mapping that builds a
    ``DocumentRecord`` on access and ``row_of`` finds an id by binary search:
    nothing per passage lives in Python memory, so a million passages open
    in well under a second and several worker processes share the pages."""

    def __init__(self, build_dir: Path, embedder: Embedder) -> None:
        self.build_dir = build_dir
        self.manifest: IndexManifest = read_manifest(build_dir)
        check_compatible(self.manifest, embedder.name)
        self.embedder = embedder
        table, self.passages = open_columns(build_dir, DocumentRecord)
        self.documents: Mapping[str, DocumentRecord] = table
        self._table = table  # passage rows per document, computed on demand
        self.row_of: Mapping[str, int] = self.passages.row_of
        self.analyzer = load_analyzer(build_dir, self.manifest.decompound)
        self.bm25 = BM25Index.load(build_dir)
        self.dense = DenseIndex.load(build_dir, self.manifest.dense_kind)
        self.names = DocumentNames(table.without_text())
        self.correct = lru_cache(maxsize=50_000)(self._correct)
        self._lazy = threading.Lock()
        self._sentences: SentenceEvidence | None = None
        self._history: BuildHistory | None = None
        # Sections are grouped per document, from its rows, when asked: a table
        # of every section cost each worker ~35 MiB at a million passages.
        self._document_sections = lru_cache(maxsize=DOCUMENT_CACHE)(self._sections_of)

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder) -> LoadedIndex:
        build = current_build(index_dir)
        if build is None:
            raise IndexMissing(f"geen index in {index_dir}; maak er een met 'vraagbaak ingest'")
        return cls(build, embedder)

    def __len__(self) -> int:
        return len(self.passages)

    def _mask(self, documents: list[str] | None) -> np.ndarray | None:
        if not documents:
            return None
        mask = np.zeros(len(self.passages), dtype=bool)
        for name in documents:
            rows = self._table.passage_rows(name) if name in self._table else None
            if rows is not None:
                mask[rows] = True
        return mask

    def _correct(self, term: str) -> str:
        """Map a query term the corpus never uses to its nearest corpus term
        (typos: ``initiatif`` → ``initiatief``); other terms pass unchanged."""
        vocab = self.bm25.vocab
        if term in vocab or len(term) < 4 or term.isdigit():
            return term
        if isinstance(vocab, TermTable):
            near = vocab.near_in_length(term[0], len(term), TYPO_LENGTH_SLACK)
        else:
            near = [t for t in vocab if t[:1] == term[0] and abs(len(t) - len(term)) <= TYPO_LENGTH_SLACK]
        match = difflib.get_close_matches(term, near, n=1, cutoff=0.84)
        return match[0] if match else term

    def query_words(self, query: str) -> list[tuple[str, tuple[str, ...]]]:
        return [
            (self.correct(stem), tuple(self.correct(p) for p in parts))
            for stem, parts in self.analyzer.word_terms(query)
        ]

    def query_terms(self, query: str) -> list[str]:
        return [t for stem, parts in self.query_words(query) for t in (stem, *parts)]

    def embed_query(self, query: str) -> np.ndarray:
        return self.embedder.embed_queries([query])[0]

    def analyse(self, text: str, correct: bool = True) -> AnalysedQuery:
        """``text`` analysed as the BM25 leg sees it (typo-corrected against
        this build's vocabulary unless ``correct`` is off); its vector follows on demand."""
        words = self.query_words(text) if correct else self.analyzer.word_terms(text)
        return AnalysedQuery(text, tuple(words), self.embed_query)

    def search(
        self,
        query: AnalysedQuery | str,
        top_k: int,
        options: SearchOptions,
        documents: list[str] | None = None,
    ) -> list[SearchHit]:
        """``options``: the service passes ``Settings().search_options()``. The
        query vector is computed (once, kept in ``query``) only when a dense leg runs."""
        if isinstance(query, str):
            query = self.analyse(query)
        if not self.passages or top_k <= 0:
            return []
        if options.steer and documents is None:
            named = self.names.named(query.text)
            if named:
                return self._steered(query, top_k, options, named)
        ranked = self._ranking(query, top_k, options, documents)
        return [self._hit(ranked, i, i + 1, float(ranked.scores[i])) for i in range(len(ranked.rows))]

    def _ranking(
        self, query: AnalysedQuery, top_k: int, options: SearchOptions, documents: list[str] | None
    ) -> Ranking:
        """Rows and scores only (empty when no passage stands in ``documents``):
        a passage is read from the columns only for the hits returned."""
        mask = self._mask(documents)
        if mask is not None and not mask.any():
            return Ranking(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0), None)
        return rank(self.bm25, self.dense, query.terms, query.vector, options, top_k, mask, query.known_vector())

    def _hit(self, ranked: Ranking, i: int, at: int, score: float) -> SearchHit:
        """The ``i``-th row of a ranking as the hit at rank ``at``, with both legs' scores."""
        scores = {"bm25": round(float(ranked.bm25[i]), 6)}
        if ranked.dense is not None:  # a BM25-only search of a query never embedded has no dense score
            scores["dense"] = round(float(ranked.dense[i]), 6)
        return SearchHit(passage=self.passages[int(ranked.rows[i])], rank=at, score=score, scores=scores)

    def _steered(self, query: AnalysedQuery, top_k: int, options: SearchOptions, named: list[str]) -> list[SearchHit]:
        """The ranking within the named documents fused (RRF) with the ranking
        over all of them: passages of a named document that also rank well
        overall come first, but a strong passage elsewhere (the question
        named one law while the answer is in another) is not pushed out.
        Both rankings hold ``options.candidates`` rows; only the fused first
        ``top_k`` become passages (reading 200 from the columns cost a named
        question some 8 ms)."""
        plain = dataclasses.replace(options, steer=False)
        n = max(options.candidates, top_k)
        inside = self._ranking(self._without_names(query), n, plain, named)
        overall = self._ranking(query, n, plain, None)
        fused = reciprocal_rank_fusion(
            {"named": inside.rows.tolist(), "all": overall.rows.tolist()}, {"named": 1.0, "all": 1.0}, options.rrf_k,
        )
        # Scores as the whole question sees them where it found the passage too (they are evidence later).
        where = {row: (inside, i) for i, row in enumerate(inside.rows.tolist())}
        where |= {row: (overall, i) for i, row in enumerate(overall.rows.tolist())}
        return [self._hit(*where[row], at, float(score)) for at, (row, score) in enumerate(fused[:top_k], start=1)]

    def _without_names(self, query: AnalysedQuery) -> AnalysedQuery:
        """The query as searched inside the documents it names: without the
        words of their names, which only the citation-title article repeats
        ("Deze wet wordt aangehaald als: …"), so that it does not outrank the
        answer on either leg. Its vector is its own (one more embedding, for
        questions that name a document only, and only when a dense leg runs)."""
        rest = self.names.without_names(query.text)  # called only when a name matched
        return self.analyse(" ".join(rest)) if rest else query

    # -- the rest of the Retriever interface (index/api.py) -------------------------------------
    def named_documents(self, text: str) -> list[str]:
        return self.names.named(text)

    def without_names(self, text: str) -> str:
        return " ".join(self.names.without_names(text))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed_queries(texts)

    def passage(self, passage_id: str) -> Passage | None:
        row = self.row_of.get(passage_id)
        return None if row is None else self.passages[row]

    def neighbours(self, passage_id: str, n: int = 1) -> tuple[list[Passage], list[Passage]]:
        """Up to ``n`` passages before and after one, in its document's order."""
        row = self.row_of.get(passage_id)
        if row is None:
            return [], []
        # A document's rows on demand: a dict of one array per document costs every
        # worker ~10 MiB at 20,000 documents.
        rows = self._table.passage_rows(self.passages[row].document)
        at = int(np.searchsorted(rows, row))
        before = [self.passages[int(r)] for r in rows[max(0, at - n) : at]]
        after = [self.passages[int(r)] for r in rows[at + 1 : at + 1 + n]]
        return before, after

    def iter_passages(self) -> Iterator[Passage]:
        for i in range(len(self.passages)):
            yield self.passages[i]

    def section_group(self, document: str, parent: tuple[str, ...]) -> list[Passage]:
        """The passages of ``document`` whose heading path, less its last
        title, is ``parent`` (sibling sections), in text order. Grouped from
        the document's columns, as row arrays: only the passages asked for
        become objects."""
        _, groups = self._document_sections(document)
        rows = groups.get((document, tuple(parent)))
        return [] if rows is None else [self.passages[int(r)] for r in rows]

    def section_paths(self) -> list[tuple[str, tuple[str, ...]]]:
        """Computed anew on each call and not kept: a walk of the whole table
        of contents is rare (the adviser pages, once per build)."""
        return list(self.passages.sections())

    def document_paths(self, document: str) -> list[tuple[str, ...]]:
        sections, _ = self._document_sections(document)
        return [path for _, path in sections]

    def section(self, document: str, path: tuple[str, ...]) -> list[Passage]:
        sections, _ = self._document_sections(document)
        rows = sections.get((document, tuple(path)))
        return [] if rows is None else [self.passages[int(r)] for r in rows]

    def _sections_of(self, document: str) -> tuple[RowGroups, RowGroups]:
        """A document's sections and sibling groups, from its rows only."""
        rows = self._table.passage_rows(document) if document in self.documents else np.zeros(0, np.int64)
        start, stop = (int(rows[0]), int(rows[-1]) + 1) if len(rows) else (0, 0)
        sections = self.passages.sections(start, stop)
        return sections, self.passages.section_groups(sections)

    def terms(self, text: str) -> list[str]:
        return self.analyzer.terms(text)

    def idf(self, term: str) -> float | None:
        t = self.bm25.vocab.get(term)
        return None if t is None else float(self.bm25.idf[t])

    def max_idf(self) -> float:
        return float(np.max(self.bm25.idf)) if len(self.bm25.idf) else 1.0

    def in_vocabulary(self, term: str) -> bool:
        return term in self.bm25.vocab

    def document_frequency(self, term: str) -> int:
        t = self.bm25.vocab.get(term)
        return 0 if t is None else int(self.bm25.indptr[t + 1] - self.bm25.indptr[t])

    def sentences(self) -> SentenceEvidence:
        """The stored sentence vectors; for a build made before ingest stored
        them, embedded now (once per loaded build)."""
        with self._lazy:
            if self._sentences is None:
                stored = SentenceIndex.load(self.build_dir)
                self._sentences = SentenceEvidence(stored or self._embed_sentences(), self.row_of.get)
            return self._sentences

    def _embed_sentences(self) -> SentenceIndex:
        spans = passage_sentences(self.passages)
        texts = [self.passages[r].text[s:e] for r, s, e in spans]
        vectors = self.embedder.embed_passages(texts) if texts else np.zeros((0, self.embedder.dim), np.float32)
        return SentenceIndex(np.asarray(spans, dtype=np.int64).reshape(-1, 3), np.asarray(vectors, np.float32))

    def history(self) -> BuildHistory:
        """What this build remembers of earlier ones (retired passages for old links)."""
        with self._lazy:
            if self._history is None:
                self._history = read_history(self.build_dir)
            return self._history
