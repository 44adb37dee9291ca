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

Very frequent terms (in at least ``dense_min_df`` passages, default 1/16 of
them) also get an *impact column*: one byte per passage, the posting's weight
quantised to 1-255 of the term's highest weight. A question made only of such
words (the case that made a million passages slow: their postings cover most
of the corpus) is summed column-wise over contiguous bytes instead of
scattered postings; the quantisation error is bounded per term, so every
passage within twice that bound of the k-th approximate score is rescored
exactly, and the top k stay exactly rank-bm25's. The exact rescoring reads
a column term's count back from its level (a level almost always stands for
one count), so the frequent terms' long postings are not probed page by page.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path

import numpy as np

from index.termtable import TermTable

BUILD_CHUNK = 20_000  # passages analysed into postings at a time (bounds build memory)


def _cores() -> int:
    """The cores this process may keep busy: `serve --workers N` gives each
    worker its share in OMP_NUM_THREADS (service/cli.py); else the machine's."""
    share = os.environ.get("OMP_NUM_THREADS", "")
    return int(share) if share.isdigit() and int(share) > 0 else (os.cpu_count() or 2)


SCRATCH_KEPT = _cores()  # scratch pairs kept per index: one per core of this worker's share; more gain nothing
FILES = ("bm25_indptr.npy", "bm25_docs.npy", "bm25_tfs.npy", "bm25_doc_len.npy", "bm25_idf.npy", "bm25_max.npy")
DENSE_FILES = ("bm25_dense_terms.npy", "bm25_dense_cols.npy", "bm25_dense_scale.npy")
MAX_BLOCK = 8_000_000  # postings weighted at a time when computing each term's highest weight
DENSE_FRACTION = 16  # a term in at least 1/16 of the passages gets an impact column ...
DENSE_MIN_DF = 4_096  # ... if that is at least this many (small indexes do without)
DENSE_MAX_TERMS = 512  # at most this many columns (the most frequent terms): N bytes each
QUANT_LEVELS = 255  # impact column values 1..255 (0: term not in the passage)
# An impact column is dequantised into the accumulator a block at a time: the
# block stays in the CPU cache (0.42 against 0.62 ms per column of 1,000,000
# passages), and a worker keeps 256 KB of scratch for it instead of 4 bytes per passage.
COLUMN_BLOCK = 1 << 16
DECODE_SPAN = 8  # counts tried when reading a count back from its impact level
SAMPLE = 65_536  # accumulator entries sampled to guess the k-th score before one thresholding pass


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
        dense: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
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
        self._avgdl = avgdl or 1.0
        # Each term's highest posting weight: the bound that lets top_k skip
        # passages holding only frequent terms (MaxScore).
        self.max_weight = self._max_weights() if max_weight is None else max_weight
        # Impact columns of the most frequent terms: term ids, uint8 [terms, passages], step per term.
        empty = (np.zeros(0, dtype=np.int32), np.zeros((0, len(doc_len)), dtype=np.uint8), np.zeros(0))
        self.dense_terms, self.dense_cols, self.dense_scale = empty if dense is None else dense
        self._dense_pos = {int(t): i for i, t in enumerate(self.dense_terms)}
        # Reusable per-passage accumulators: at most one per core is kept (more
        # searches at once gain nothing on the cores and would each pin 8-17 MB
        # per million passages in every worker); extra ones are freed after use.
        self._scratch: queue.Queue[tuple[np.ndarray, np.ndarray]] = queue.Queue(SCRATCH_KEPT)
        self._scratch32: queue.Queue[tuple[np.ndarray, np.ndarray]] = queue.Queue(SCRATCH_KEPT)

    def _norm(self, rows: np.ndarray) -> np.ndarray:
        """Length normalisation of the passages at ``rows``, as rank-bm25
        computes it (float64), for the rows a query touches: kept as one
        array per passage it cost every worker 8 MB at a million passages."""
        return self.k1 * (1 - self.b + self.b * np.asarray(self.doc_len[rows], dtype=np.float64) / self._avgdl)

    @property
    def size(self) -> int:
        return len(self.doc_len)

    @property
    def postings(self) -> int:
        return len(self.docs)

    # ------------------------------------------------------------------ build
    @classmethod
    def build(
        cls,
        docs: Iterable[list[str]],
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        dense_min_df: int | None = None,
    ) -> BM25Index:
        """Same constants and idf floor as ``rank_bm25.BM25Okapi``. ``docs`` may
        be a generator: it is consumed in chunks, so the token lists of all
        passages never need to exist at once. ``dense_min_df``: the document
        frequency from which a term gets an impact column (default: 1/16 of
        the passages, at least 4,096)."""
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
        index = cls(vocab, indptr, docs_sorted, tfs_sorted, doc_len, idf.astype(np.float64), k1, b)
        if dense_min_df is None:
            dense_min_df = max(DENSE_MIN_DF, -(-n_docs // DENSE_FRACTION))
        index._set_dense(index._impact_columns(dense_min_df))
        return index

    def _impact_columns(self, min_df: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Quantised weights of the terms with ``df >= min_df`` (at most
        ``DENSE_MAX_TERMS``, the most frequent), one byte per passage. Level
        q stands for q × scale; every posting gets at least level 1, so a
        passage that holds the term never reads 0, and each posting's error
        is below one step (``scale``)."""
        df = np.diff(self.indptr)
        terms = np.flatnonzero(df >= max(1, min_df))
        if len(terms) > DENSE_MAX_TERMS:
            terms = np.sort(terms[np.argsort(-df[terms], kind="stable")[:DENSE_MAX_TERMS]])
        cols = np.zeros((len(terms), self.size), dtype=np.uint8)
        scale = np.zeros(len(terms), dtype=np.float64)
        for i, t in enumerate(terms.tolist()):
            rows, w = self._postings(t)
            scale[i] = float(self.max_weight[t]) / QUANT_LEVELS or 1.0
            cols[i, rows] = np.clip(np.rint(w / scale[i]), 1, QUANT_LEVELS).astype(np.uint8)
        return terms.astype(np.int32), cols, scale

    def _set_dense(self, dense: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        self.dense_terms, self.dense_cols, self.dense_scale = dense
        self._dense_pos = {int(t): i for i, t in enumerate(self.dense_terms)}

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
            w = np.repeat(self.idf[start:end], df) * (tf * (self.k1 + 1) / (tf + self._norm(self.docs[s:e])))
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
        return rows, self.idf[t] * (tf * (self.k1 + 1) / (tf + self._norm(rows)))

    def _query_terms(self, terms: Iterable[str]) -> list[tuple[int, int]]:
        """(term id, count) of the known terms; a repeated query term counts
        again, as in rank-bm25."""
        ids = ((self.vocab.get(t), c) for t, c in Counter(terms).items())  # one lookup per term
        return [(i, c) for i, c in ids if i is not None]

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
        scores the union of the other terms' postings. When a term that has
        an impact column must be scanned, the column-wise path
        (:meth:`_top_k_columns`) takes over, also exact."""
        query = self._query_terms(terms)
        if not query or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        columns = any(t in self._dense_pos for t, _ in query)
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
                if first_is_enough:
                    return self._final_top(query, rows, scores, k)
                if not any(t in self._dense_pos for t, _ in essential):
                    rows, scores = self._score(essential, by_bound[:n_lookup], mask)
                    return self._final_top(query, rows, scores, k)
        if columns:
            return self._top_k_columns(query, k, mask)
        rows, scores = self._score(query, [], mask)
        return self._final_top(query, rows, scores, k)

    def _top_k_columns(
        self, query: list[tuple[int, int]], k: int, mask: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Exact top k through the impact columns. Approximate scores a(r)
        (columns dequantised, other terms exact) are within ``slack`` of the
        true s(r). The k best by a have s ≥ θa − slack, so the true k-th
        score is at least θa − slack and every true top-k passage has
        a ≥ θa − 2·slack: those few are rescored exactly from the postings."""
        n = self.size
        try:
            acc, tmp = self._scratch32.get_nowait()
        except queue.Empty:
            acc, tmp = np.zeros(n, dtype=np.float32), np.empty(min(n, COLUMN_BLOCK), dtype=np.float32)
        try:
            slack = 0.0
            total = 0.0
            for t, count in query:
                d = self._dense_pos.get(t)
                if d is None:
                    rows, w = self._postings(t)
                    acc[rows] += (count * w).astype(np.float32)
                else:
                    step = count * float(self.dense_scale[d])
                    column, step32 = self.dense_cols[d], np.float32(step)
                    for lo in range(0, n, COLUMN_BLOCK):
                        hi = min(n, lo + COLUMN_BLOCK)
                        part = tmp[: hi - lo]
                        np.multiply(column[lo:hi], step32, out=part, dtype=np.float32)
                        acc[lo:hi] += part
                    slack += step  # at most one quantisation step per posting
                total += count * float(self.max_weight[t])
            if mask is not None:
                np.multiply(acc, mask, out=acc)
            slack += 1e-6 * (len(query) + 1) * total  # float32 rounding of the sums
            cand = self._near_top(acc, k, 2 * slack)
        finally:
            acc.fill(0.0)
            _release(self._scratch32, (acc, tmp))
        exact = self._lookup(query, cand)
        top = top_k_indices(exact, k, cand)
        return cand[top], exact[top]

    @staticmethod
    def _near_top(acc: np.ndarray, k: int, margin: float) -> np.ndarray:
        """Rows (ascending) whose positive score is within ``margin`` of the
        k-th highest, found with one or two thresholding passes: a threshold
        guessed from a strided sample is checked against the count it
        keeps, never trusted."""
        n = len(acc)
        step = max(1, n // SAMPLE)
        sample = acc[::step]
        want = min(len(sample), max(1, (4 * k * len(sample)) // n + 1))
        guess = float(np.partition(sample, len(sample) - want)[len(sample) - want])
        sel = np.flatnonzero(acc >= guess) if guess > 0 else np.zeros(0, dtype=np.int64)
        if len(sel) < k:  # the guess was too high (or no sample was positive)
            sel = np.flatnonzero(acc > 0)
            if len(sel) <= k:
                return sel
            guess = 0.0
        vals = acc[sel]
        theta = float(np.partition(vals, len(vals) - k)[len(vals) - k])
        low = theta - margin
        if low <= 0:
            return sel if guess == 0.0 else np.flatnonzero(acc > 0)
        if low < guess:
            return np.flatnonzero(acc >= low)
        return sel[vals >= low]

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
            if rare[j - 1][0] in self._dense_pos:  # scanning a column term's postings: the column path is cheaper
                return None
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
        """Summed weights of some terms for sorted rows, added in query order.
        A term's counts come from its impact column where it has one (see
        :meth:`_counts_from_column`), else by binary search in its postings."""
        out = np.zeros(len(rows), dtype=np.float64)
        for t, count in query:
            d = self._dense_pos.get(t)
            hit, tf = self._counts_by_search(t, rows) if d is None else self._counts_from_column(t, d, rows)
            if hit.any():
                out[hit] += count * self.idf[t] * (tf * (self.k1 + 1) / (tf + self._norm(rows[hit])))
        return out

    def _counts_by_search(self, t: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which sorted rows hold term t, and their counts (float64)."""
        s, e = self.indptr[t], self.indptr[t + 1]
        posting_rows = self.docs[s:e]
        at = np.searchsorted(posting_rows, rows.astype(self.docs.dtype))  # same dtype: no copy of the postings
        hit = at < len(posting_rows)
        hit[hit] = posting_rows[at[hit]] == rows[hit]
        return hit, self.tfs[s + at[hit]].astype(np.float64)

    def _counts_from_column(self, t: int, d: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Counts read back from the impact column, exactly. The level q of a
        posting is ``rint(w(tf) / scale)`` with w increasing in tf, so the
        counts that give level q are a run of integers around
        ``w⁻¹(q · scale)``; where that run is one integer, it is the count,
        found without touching the postings (whose pages a binary search
        would pull into memory). Where neighbouring counts share a level
        (a passage that repeats the word many times) the postings decide."""
        q = np.asarray(self.dense_cols[d][rows])
        hit = q > 0
        r = rows[hit]
        level = q[hit].astype(np.float64)
        norm = self._norm(r)
        idf, scale, gain = self.idf[t], self.dense_scale[d], self.k1 + 1
        w_lo, w_hi = np.maximum(level - 0.5, 0.0) * scale, (level + 0.5) * scale
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            lo = np.maximum(np.floor(w_lo * norm / (idf * gain - w_lo)) - 1, 1.0)
            hi = np.ceil(w_hi * norm / (idf * gain - w_hi)) + 1
        ok = (w_hi < idf * gain) & (hi - lo <= DECODE_SPAN)
        tf = np.zeros(len(r), dtype=np.float64)
        if ok.any():
            cand = lo[ok, None] + np.arange(DECODE_SPAN + 1)  # the counts that could give this level
            w = idf * (cand * gain / (cand + norm[ok, None]))  # as _impact_columns computed it
            match = (np.clip(np.rint(w / scale), 1, QUANT_LEVELS) == level[ok, None]) & (cand <= hi[ok, None])
            unique = match.sum(axis=1) == 1
            tf[np.flatnonzero(ok)[unique]] = cand[unique][match[unique]]
            ok[np.flatnonzero(ok)[~unique]] = False
        if not ok.all():
            _, searched = self._counts_by_search(t, r[~ok])
            tf[~ok] = searched
        return hit, tf

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
            _release(self._scratch, (acc, seen))
        return cand, scores

    # ------------------------------------------------------------------ files
    def save(self, directory: Path) -> None:
        arrays = (self.indptr, self.docs, self.tfs, self.doc_len, self.idf, self.max_weight)
        arrays += (self.dense_terms, self.dense_cols, self.dense_scale)
        for name, array in zip(FILES + DENSE_FILES, arrays, strict=True):
            np.save(directory / name, np.ascontiguousarray(array))
        vocab = self.vocab if isinstance(self.vocab, TermTable) else TermTable.from_mapping(self.vocab)
        vocab.save(directory, "bm25_vocab")
        (directory / "bm25_params.json").write_text(json.dumps({"k1": self.k1, "b": self.b}), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        """Postings are memory-mapped (read-only, shared between processes)."""
        from index.columns import load_array

        indptr, doc_len, idf, max_weight = (load_array(directory / FILES[i]) for i in (0, 3, 4, 5))
        # Postings are scanned per term but also probed by binary search (MaxScore lookups, exact
        # rescoring): no read-ahead, so what stays resident is what queries touch.
        docs, tfs = (load_array(directory / FILES[i], random_access=True) for i in (1, 2))
        terms, cols, scale = (load_array(directory / name) for name in DENSE_FILES)
        # Memory-mapped, shared by the workers; a build of before the tables has the JSON.
        vocab: Mapping[str, int] | None = TermTable.load(directory, "bm25_vocab")
        if vocab is None:  # an empty table is still a table
            vocab = json.loads((directory / "bm25_vocab.json").read_text(encoding="utf-8"))
        params = json.loads((directory / "bm25_params.json").read_text(encoding="utf-8"))
        dense = (np.asarray(terms), cols, np.asarray(scale))
        return cls(vocab, indptr, docs, tfs, doc_len, idf, max_weight=max_weight, dense=dense, **params)


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


def _release(pool: queue.Queue, item: tuple[np.ndarray, np.ndarray]) -> None:
    """Give a scratch pair back to its pool, or drop it when the pool is full."""
    with contextlib.suppress(queue.Full):
        pool.put_nowait(item)


def _chunks(it: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    while chunk := list(islice(it, size)):
        yield chunk
