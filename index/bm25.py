"""BM25 (Okapi, as rank-bm25 scores it) over term-major postings arrays.

The postings are three flat arrays in CSC layout (per term: the passages that
use it, ascending, and how often): ``indptr`` (terms + 1), ``docs`` (int32)
and ``tfs`` (uint16). They are built vectorised, chunk by chunk, without a
Python list of all postings, saved as ``.npy`` and memory-mapped on load, so
several server processes share one copy through the page cache.

A posting's weight is computed when a query touches it, in float64 from the
stored term frequency and passage length, so the scores stay equal to
``rank_bm25.BM25Okapi`` (tests check 1e-9) while the index holds 6 bytes per
posting instead of 12. A query touches only its own terms' postings: scores
are summed into a reusable accumulator and the top k are chosen by partial
selection over the touched passages, never over every passage.
"""

from __future__ import annotations

import json
import queue
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np

BUILD_CHUNK = 20_000  # passages analysed into postings at a time (bounds build memory)
FILES = ("bm25_indptr.npy", "bm25_docs.npy", "bm25_tfs.npy", "bm25_doc_len.npy", "bm25_idf.npy", "bm25_max.npy")
MAX_BLOCK = 8_000_000  # postings weighted at a time when computing each term's highest weight


class BM25Index:
    def __init__(
        self,
        vocab: dict[str, int],
        indptr: np.ndarray,
        docs: np.ndarray,
        tfs: np.ndarray,
        doc_len: np.ndarray,
        idf: np.ndarray,
        k1: float = 1.5,
        b: float = 0.75,
        max_weight: np.ndarray | None = None,
    ) -> None:
        self.vocab = vocab
        self.indptr = indptr
        self.docs = docs
        self.tfs = tfs
        self.doc_len = doc_len
        self.idf = idf
        self.k1 = k1
        self.b = b
        avgdl = float(doc_len.sum()) / len(doc_len) if len(doc_len) else 1.0
        # Per-passage length normalisation, as rank-bm25 computes it (float64).
        self._norm = k1 * (1 - b + b * np.asarray(doc_len, dtype=np.float64) / (avgdl or 1.0))
        # Each term's highest posting weight: the bound that lets top_k skip
        # passages holding only frequent terms (MaxScore).
        self.max_weight = self._max_weights() if max_weight is None else max_weight
        self._scratch: queue.SimpleQueue[tuple[np.ndarray, np.ndarray]] = queue.SimpleQueue()

    @property
    def size(self) -> int:
        return len(self.doc_len)

    @property
    def postings(self) -> int:
        return len(self.docs)

    # ------------------------------------------------------------------ build
    @classmethod
    def build(
        cls, docs: Iterable[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25
    ) -> BM25Index:
        """Same constants and idf floor as ``rank_bm25.BM25Okapi``. ``docs`` may
        be a generator: it is consumed in chunks, so the token lists of all
        passages never need to exist at once."""
        vocab: dict[str, int] = {}
        doc_parts: list[np.ndarray] = []
        term_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        len_parts: list[np.ndarray] = []
        base = 0
        for chunk in _chunks(iter(docs), BUILD_CHUNK):
            lengths = np.fromiter((len(d) for d in chunk), dtype=np.int64, count=len(chunk))
            total = int(lengths.sum())
            ids = np.fromiter(
                (vocab.setdefault(t, len(vocab)) for d in chunk for t in d), dtype=np.int64, count=total
            )
            local = np.repeat(np.arange(len(chunk), dtype=np.int64), lengths)
            pairs, tf = np.unique((local << 32) | ids, return_counts=True)  # sorted by passage, then term
            doc_parts.append(((pairs >> 32) + base).astype(np.int32))
            term_parts.append((pairs & 0xFFFFFFFF).astype(np.int32))
            tf_parts.append(tf.astype(np.int32))
            len_parts.append(lengths.astype(np.int32))
            base += len(chunk)
        n_docs, n_terms = base, len(vocab)
        doc = np.concatenate(doc_parts) if doc_parts else np.zeros(0, dtype=np.int32)
        term = np.concatenate(term_parts) if term_parts else np.zeros(0, dtype=np.int32)
        tf = np.concatenate(tf_parts) if tf_parts else np.zeros(0, dtype=np.int64)
        del doc_parts, term_parts, tf_parts
        tf_type = np.uint16 if (not len(tf) or tf.max() <= np.iinfo(np.uint16).max) else np.uint32
        order = np.argsort(term, kind="stable")  # term-major; passages stay ascending within a term
        df = np.bincount(term, minlength=n_terms)
        del term
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        docs_sorted = doc[order]
        del doc
        tfs_sorted = tf[order].astype(tf_type)
        del tf, order
        idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
        if n_terms:
            eps = epsilon * (idf.sum() / n_terms)
            idf[idf < 0] = eps
        doc_len = np.concatenate(len_parts) if len_parts else np.zeros(0, dtype=np.int32)
        return cls(vocab, indptr, docs_sorted, tfs_sorted, doc_len, idf.astype(np.float64), k1, b)

    def _max_weights(self) -> np.ndarray:
        """Highest weight of each term over its postings, in blocks of terms."""
        n_terms = len(self.indptr) - 1
        out = np.zeros(n_terms, dtype=np.float64)
        start = 0
        while start < n_terms:
            end = max(start + 1, int(np.searchsorted(self.indptr, self.indptr[start] + MAX_BLOCK, "right")) - 1)
            end = min(end, n_terms)
            s, e = self.indptr[start], self.indptr[end]
            df = np.diff(self.indptr[start : end + 1])
            tf = self.tfs[s:e].astype(np.float64)
            w = np.repeat(self.idf[start:end], df) * (tf * (self.k1 + 1) / (tf + self._norm[self.docs[s:e]]))
            nonempty = df > 0
            if nonempty.any():
                out[start:end][nonempty] = np.maximum.reduceat(w, (self.indptr[start:end] - s)[nonempty])
            start = end
        return out

    # ------------------------------------------------------------------ query
    def _postings(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and float64 weights of one term's postings."""
        s, e = self.indptr[t], self.indptr[t + 1]
        rows = self.docs[s:e]
        tf = self.tfs[s:e].astype(np.float64)
        return rows, self.idf[t] * (tf * (self.k1 + 1) / (tf + self._norm[rows]))

    def _query_terms(self, terms: Iterable[str]) -> list[tuple[int, int]]:
        """(term id, count) of the known terms; a repeated query term counts
        again, as in rank-bm25."""
        return [(self.vocab[t], c) for t, c in Counter(terms).items() if t in self.vocab]

    def scores(self, terms: list[str], mask: np.ndarray | None = None) -> np.ndarray:
        """Score of every passage (for analysis and tests; searching uses
        :meth:`top_k`, which never allocates one float per passage)."""
        out = np.zeros(self.size, dtype=np.float64)
        for t, count in self._query_terms(terms):
            rows, w = self._postings(t)
            out[rows] += count * w
        if mask is not None:
            out[~mask] = 0.0
        return out

    def term_scores(self, terms: list[str], rows: np.ndarray) -> np.ndarray:
        """Scores of a few passages only (per-leg scores of the results)."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.zeros(0, dtype=np.float64)
        order = np.argsort(rows, kind="stable")
        out = np.empty(len(rows), dtype=np.float64)
        out[order] = self._lookup(self._query_terms(terms), rows[order])
        return out

    def top_k(self, terms: list[str], k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The k best (rows, scores), best first, ties by row; only passages
        that contain a query term (and pass the mask) are candidates.

        MaxScore, exact: a first pass scores the passages of the rarest terms
        (the other terms' weights looked up by binary search), which gives a
        k-th best score θ. Frequent terms whose highest weights add up to
        less than θ cannot lift a passage that has only them into the top k,
        so their postings are only looked up, never scanned; the final pass
        scores the union of the other terms' postings."""
        query = self._query_terms(terms)
        if not query or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        if len(query) > 1:
            first = self._first_pass(query, k, mask)
            if first is not None:
                scanned, rows, scores, theta = first
                by_bound = sorted(query, key=lambda tc: (tc[1] * float(self.max_weight[tc[0]]), tc[0]))
                bounds = np.cumsum([c * float(self.max_weight[t]) for t, c in by_bound])
                # the prefix whose bounds sum to less than θ is only looked up
                n_lookup = min(int(np.searchsorted(bounds, theta, "left")), len(query) - 1)
                essential = by_bound[n_lookup:]
                rest_bound = sum(c * float(self.max_weight[t]) for t, c in query if (t, c) not in scanned)
                first_is_enough = rest_bound < theta or {t for t, _ in essential} <= {t for t, _ in scanned}
                if not first_is_enough:
                    rows, scores = self._score(essential, by_bound[:n_lookup], mask)
                return self._final_top(query, rows, scores, k)
        rows, scores = self._score(query, [], mask)
        return self._final_top(query, rows, scores, k)

    def _final_top(
        self, query: list[tuple[int, int]], rows: np.ndarray, scores: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rescore the rows at or near the k-th score with every term added
        in query order, as rank-bm25 sums them, so equal scores are equal to
        the last bit and ties fall to the lower row whichever pass found them."""
        if len(rows) > k:
            kth = scores[np.argpartition(-scores, k - 1)[k - 1]]
            rows = rows[scores >= kth - 1e-9 * abs(kth)]
        rows = np.sort(rows)
        exact = self._lookup(query, rows)
        top = top_k_indices(exact, k, rows)
        return rows[top], exact[top]

    def _df(self, t: int) -> int:
        return int(self.indptr[t + 1] - self.indptr[t])

    def _first_pass(
        self, query: list[tuple[int, int]], k: int, mask: np.ndarray | None
    ) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray, float] | None:
        """Exact scores of the passages of the rarest terms (as few terms as
        give k candidates) and their k-th score θ, a lower bound on the final
        k-th score; None when that needs every term."""
        rare = sorted(query, key=lambda tc: (self._df(tc[0]), tc[0]))
        for j in range(1, len(rare)):
            if sum(self._df(t) for t, _ in rare[:j]) >= k:
                rows, scores = self._score(rare[:j], rare[j:], mask)
                if len(rows) >= k:
                    return rare[:j], rows, scores, float(scores[np.argpartition(-scores, k - 1)[k - 1]])
        return None

    def _score(
        self, scanned: list[tuple[int, int]], looked_up: list[tuple[int, int]], mask: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Exact scores of the passages in the ``scanned`` terms' postings."""
        rows, scores = self._accumulate(scanned)
        if mask is not None:
            keep = mask[rows]
            rows, scores = rows[keep], scores[keep]
        if looked_up and len(rows):
            order = np.argsort(rows, kind="stable")
            rows, scores = rows[order], scores[order] + self._lookup(looked_up, rows[order])
        return rows, scores

    def _lookup(self, query: list[tuple[int, int]], rows: np.ndarray) -> np.ndarray:
        """Summed weights of some terms for sorted rows, by binary search."""
        out = np.zeros(len(rows), dtype=np.float64)
        needles = rows.astype(self.docs.dtype)  # same dtype: searchsorted would otherwise copy the postings
        for t, count in query:
            s, e = self.indptr[t], self.indptr[t + 1]
            posting_rows = self.docs[s:e]
            at = np.searchsorted(posting_rows, needles)
            hit = at < len(posting_rows)
            hit[hit] = posting_rows[at[hit]] == rows[hit]
            if hit.any():
                tf = self.tfs[s + at[hit]].astype(np.float64)
                out[hit] += count * self.idf[t] * (tf * (self.k1 + 1) / (tf + self._norm[rows[hit]]))
        return out

    def _accumulate(self, query: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """Sum the terms' weights per passage in O(postings touched): a
        pooled accumulator and seen-flags, reset afterwards only where touched."""
        if len(query) == 1:
            t, count = query[0]
            rows, w = self._postings(t)
            return rows.astype(np.int64), count * w
        try:
            acc, seen = self._scratch.get_nowait()
        except queue.Empty:
            acc, seen = np.zeros(self.size, dtype=np.float64), np.zeros(self.size, dtype=bool)
        try:
            parts: list[np.ndarray] = []
            for t, count in query:
                rows, w = self._postings(t)
                acc[rows] += count * w
                new = rows[~seen[rows]]
                seen[new] = True
                parts.append(new)
            cand = np.concatenate(parts).astype(np.int64)
            scores = acc[cand]
            acc[cand] = 0.0
            seen[cand] = False
        finally:
            self._scratch.put((acc, seen))
        return cand, scores

    # ------------------------------------------------------------------ files
    def save(self, directory: Path) -> None:
        arrays = (self.indptr, self.docs, self.tfs, self.doc_len, self.idf, self.max_weight)
        for name, array in zip(FILES, arrays, strict=True):
            np.save(directory / name, np.ascontiguousarray(array))
        (directory / "bm25_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        (directory / "bm25_params.json").write_text(json.dumps({"k1": self.k1, "b": self.b}), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        """Postings are memory-mapped (read-only, shared between processes)."""
        indptr, docs, tfs, doc_len, idf, max_weight = (np.load(directory / name, mmap_mode="r") for name in FILES)
        vocab = json.loads((directory / "bm25_vocab.json").read_text(encoding="utf-8"))
        params = json.loads((directory / "bm25_params.json").read_text(encoding="utf-8"))
        return cls(vocab, indptr, docs, tfs, doc_len, idf, max_weight=max_weight, **params)


def top_k_indices(scores: np.ndarray, k: int, ids: np.ndarray | None = None) -> np.ndarray:
    """Positions of the k highest scores, best first; equal scores ordered by
    ``ids`` (default: position), including at the cut-off, so the result is
    the same whatever order the candidates came in. Partial selection: only
    the scores at or above the k-th are sorted."""
    n = len(scores)
    ids = np.arange(n) if ids is None else ids
    if k <= 0 or n == 0:
        return np.zeros(0, dtype=np.int64)
    if k < n:
        kth = scores[np.argpartition(-scores, k - 1)[k - 1]]
        sel = np.flatnonzero(scores >= kth)
    else:
        sel = np.arange(n)
    return sel[np.lexsort((ids[sel], -scores[sel]))][:k]


def _chunks(it: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    while chunk := list(islice(it, size)):
        yield chunk
