"""Dense leg: inner product over L2-normalised vectors, each vector stored once.

Below the HNSW threshold the vectors are one float32 ``.npy`` file, memory-
mapped and scanned exactly with numpy (a flat scan of up to ~50,000 vectors
costs a few ms). Above it, one faiss ``IndexHNSWSQ`` file holds the graph and
the vectors in float16 (half the memory, recall@10 against exact search
unchanged in the benchmark); it is opened with ``IO_FLAG_MMAP_IFC`` so the
vector codes stay in the page cache, shared by every server process, instead
of a private copy per process. There is no second numpy copy: the few vectors
needed for per-result scores are decoded from the index.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import faiss
import numpy as np

from index.bm25 import top_k_indices
from index.columns import load_array

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128  # at least; raised to twice the candidates asked for
EXACT_FILTER_LIMIT = 100_000  # a document filter keeping fewer passages is searched exactly
FLAT_FILE = "embeddings.npy"
HNSW_FILE = "dense.hnsw.faiss"


class DenseIndex:
    def __init__(self, kind: str, vectors: np.ndarray | None = None, index: faiss.Index | None = None) -> None:
        if (kind == "flat") != (vectors is not None) or (kind == "hnsw") != (index is not None):
            raise ValueError(f"dense index '{kind}' needs {'vectors' if kind == 'flat' else 'a faiss index'}")
        self.kind = kind
        self.vectors = vectors  # flat only
        self.index = index  # hnsw only

    def __len__(self) -> int:
        return len(self.vectors) if self.vectors is not None else int(self.index.ntotal)

    @property
    def dim(self) -> int:
        return self.vectors.shape[1] if self.vectors is not None else int(self.index.d)

    @classmethod
    def build(cls, vectors: np.ndarray, hnsw_threshold: int, threads: int | None = None) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) < hnsw_threshold:
            return cls("flat", vectors=vectors)
        if threads:
            faiss.omp_set_num_threads(threads)
        index = faiss.IndexHNSWSQ(vectors.shape[1], faiss.ScalarQuantizer.QT_fp16, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.train(vectors[:1])  # float16 needs no statistics
        index.add(vectors)
        return cls("hnsw", index=index)

    @classmethod
    def build_in_background(cls, vectors: np.ndarray, hnsw_threshold: int) -> Future[DenseIndex]:
        """Start :meth:`build` on a thread of its own. faiss releases the GIL
        while it builds the graph, so at a million passages (7 minutes of
        graph on this machine) the text analysis and BM25 arrays, or the
        sentence embedding, proceed beside it instead of after it."""
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dense-build")
        try:
            return pool.submit(cls.build, vectors, hnsw_threshold)
        finally:
            pool.shutdown(wait=False)  # the thread ends with its one task

    def save(self, directory: Path) -> None:
        if self.kind == "flat":
            np.save(directory / FLAT_FILE, self.vectors)
        else:
            faiss.write_index(self.index, str(directory / HNSW_FILE))

    @classmethod
    def load(cls, directory: Path, kind: str) -> DenseIndex:
        """Memory-mapped: opening is near-instant and the pages are shared."""
        if kind == "flat":
            return cls("flat", vectors=load_array(directory / FLAT_FILE))
        return cls("hnsw", index=faiss.read_index(str(directory / HNSW_FILE), faiss.IO_FLAG_MMAP_IFC))

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (rows, scores), best first; with a mask only rows where it is True."""
        n = len(self)
        k = min(k, n if mask is None else int(mask.sum()))
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if self.kind == "flat":
            rows = np.arange(n) if mask is None else np.flatnonzero(mask)
            scores = (self.vectors if mask is None else self.vectors[rows]) @ q[0]
            top = top_k_indices(scores, k, rows)
            return rows[top].astype(np.int64), scores[top]
        ef = max(HNSW_EF_SEARCH, 2 * k)
        if mask is None:
            params = faiss.SearchParametersHNSW(efSearch=ef)
            scores, rows = self.index.search(q, k, params=params)
        else:
            bits = np.packbits(mask, bitorder="little")
            selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bits))
            if mask.sum() <= EXACT_FILTER_LIMIT:  # exact scan of the kept rows' codes only
                storage = faiss.downcast_index(self.index.storage)
                scores, rows = storage.search(q, k, params=faiss.SearchParameters(sel=selector))
            else:  # a filtered graph walk needs a wider beam to find k kept rows
                widen = min(8.0, n / max(1, int(mask.sum())))
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=int(ef * widen))
                scores, rows = self.index.search(q, k, params=params)
        rows, scores = rows[0], scores[0]
        keep = rows >= 0
        return rows[keep].astype(np.int64), scores[keep]

    def vectors_for(self, rows: np.ndarray) -> np.ndarray:
        """float32 vectors of some rows (decoded from float16 for HNSW)."""
        rows = np.asarray(rows, dtype=np.int64)
        if self.vectors is not None:
            return np.asarray(self.vectors[rows], dtype=np.float32)
        if not len(rows):
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.index.reconstruct_batch(rows)

    def scores_for(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self.vectors_for(rows) @ query.astype(np.float32)
