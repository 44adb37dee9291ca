"""BM25 (Okapi, as rank-bm25 scores it) served from a sparse term matrix.

rank-bm25 scans every document in Python per query term; this keeps the same
scores but precomputes each (term, passage) weight, so a query only touches
the postings of its own terms.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse


class BM25Index:
    def __init__(self, vocab: dict[str, int], matrix: sparse.csc_matrix, idf: np.ndarray) -> None:
        self.vocab = vocab
        self.matrix = matrix.tocsc()
        self.idf = idf

    @property
    def size(self) -> int:
        return self.matrix.shape[0]

    @classmethod
    def build(cls, docs: list[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25) -> BM25Index:
        """Same constants and idf floor as ``rank_bm25.BM25Okapi``."""
        n_docs = len(docs)
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        doc_len = np.zeros(n_docs, dtype=np.float64)
        df: Counter[int] = Counter()
        for d, tokens in enumerate(docs):
            doc_len[d] = len(tokens)
            for term, tf in Counter(tokens).items():
                t = vocab.setdefault(term, len(vocab))
                rows.append(d)
                cols.append(t)
                tfs.append(tf)
                df[t] += 1
        avgdl = doc_len.sum() / n_docs if n_docs else 0.0
        idf = np.zeros(len(vocab), dtype=np.float64)
        for t, n in df.items():
            idf[t] = math.log(n_docs - n + 0.5) - math.log(n + 0.5)
        if len(vocab):
            eps = epsilon * (idf.sum() / len(vocab))
            idf[idf < 0] = eps
        r = np.asarray(rows, dtype=np.int64)
        tf = np.asarray(tfs, dtype=np.float64)
        c = np.asarray(cols, dtype=np.int64)
        norm = k1 * (1 - b + b * doc_len[r] / avgdl) if n_docs else tf
        weights = idf[c] * (tf * (k1 + 1) / (tf + norm))
        matrix = sparse.csc_matrix((weights, (r, c)), shape=(n_docs, len(vocab)), dtype=np.float64)
        return cls(vocab, matrix, idf)

    def scores(self, terms: list[str], mask: np.ndarray | None = None) -> np.ndarray:
        """Score of every passage; repeated query terms count again, as in rank-bm25."""
        out = np.zeros(self.size, dtype=np.float64)
        m = self.matrix
        for term, count in Counter(terms).items():
            t = self.vocab.get(term)
            if t is None:
                continue
            s, e = m.indptr[t], m.indptr[t + 1]
            out[m.indices[s:e]] += count * m.data[s:e]
        if mask is not None:
            out[~mask] = 0.0
        return out

    def term_scores(self, terms: list[str], rows: np.ndarray) -> np.ndarray:
        """Scores of a few passages only, for reporting per-leg scores."""
        counts = Counter(t for t in terms if t in self.vocab)
        if not counts or not len(rows):
            return np.zeros(len(rows))
        ids = [self.vocab[t] for t in counts]
        weights = np.array(list(counts.values()), dtype=np.float64)
        sub = self.matrix[:, ids].tocsr()[rows]
        return np.asarray(sub @ weights).ravel()

    def save(self, directory: Path) -> None:
        sparse.save_npz(directory / "bm25.npz", self.matrix, compressed=False)
        np.save(directory / "bm25_idf.npy", self.idf)
        (directory / "bm25_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        matrix = sparse.load_npz(directory / "bm25.npz").tocsc()
        idf = np.load(directory / "bm25_idf.npy")
        vocab = json.loads((directory / "bm25_vocab.json").read_text(encoding="utf-8"))
        return cls(vocab, matrix, idf)
