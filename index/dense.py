"""Dense leg: faiss inner product over L2-normalised float32 vectors.

Exact search (IndexFlatIP) while it is fast enough; HNSW above a
configurable number of passages, where a flat scan would cost tens of ms.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

HNSW_M = 32


class DenseIndex:
    def __init__(self, vectors: np.ndarray, index: faiss.Index, kind: str) -> None:
        self.vectors = vectors
        self.index = index
        self.kind = kind

    @classmethod
    def build(cls, vectors: np.ndarray, hnsw_threshold: int, threads: int | None = None) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if threads:
            faiss.omp_set_num_threads(threads)
        if len(vectors) >= hnsw_threshold:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
            index.add(vectors)
            kind = "hnsw"
        else:
            index = faiss.IndexFlatIP(dim)
            index.add(vectors)
            kind = "flat"
        return cls(vectors, index, kind)

    def save(self, directory: Path) -> None:
        np.save(directory / "embeddings.npy", self.vectors)
        if self.kind == "hnsw":
            faiss.write_index(self.index, str(directory / "dense.hnsw.faiss"))

    @classmethod
    def load(cls, directory: Path, kind: str) -> DenseIndex:
        vectors = np.load(directory / "embeddings.npy")
        if kind == "hnsw":
            index = faiss.read_index(str(directory / "dense.hnsw.faiss"))
        else:
            index = faiss.IndexFlatIP(vectors.shape[1])
            index.add(vectors)
        return cls(vectors, index, kind)

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (rows, scores); with a mask only passages where it is True."""
        n = len(self.vectors)
        k = min(k, n)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if mask is not None and (self.kind == "flat" or mask.sum() <= 50_000):
            rows = np.flatnonzero(mask)
            scores = self.vectors[rows] @ q[0]
            top = _top(scores, k)
            return rows[top], scores[top]
        if self.kind == "hnsw":
            self.index.hnsw.efSearch = max(64, k * 2)
        scores, rows = self.index.search(q, k if mask is None else min(n, k * 8))
        rows, scores = rows[0], scores[0]
        keep = rows >= 0
        if mask is not None:
            keep &= mask[np.clip(rows, 0, None)]
        return rows[keep][:k].astype(np.int64), scores[keep][:k]

    def scores_for(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self.vectors[rows] @ query.astype(np.float32)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, best first; ties by position (deterministic)."""
    if k >= len(scores):
        return np.lexsort((np.arange(len(scores)), -scores))
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]


top_indices = _top
