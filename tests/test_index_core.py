"""The lean numerical core: BM25 postings arrays and top-k, the float16
memory-mapped dense index, and the fusion path both search and benchmark use."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from index import bm25 as bm25_module
from index.bm25 import BM25Index, top_k_indices
from index.columns import is_mapped
from index.dense import DenseIndex
from index.fusion import SearchOptions, rank


def _random_corpus(seed: int, n_docs: int = 400, n_vocab: int = 80) -> tuple[list[list[str]], list[str]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(n_vocab)]
    weights = [1 / (i + 1) for i in range(n_vocab)]
    docs = [rng.choices(vocab, weights, k=rng.randint(0, 50)) for _ in range(n_docs)]
    return docs, vocab


def _reference_top(ref_scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[int]:
    """Plain full sort: score descending, row ascending, positive only."""
    rows = [r for r in range(len(ref_scores)) if ref_scores[r] > 0 and (mask is None or mask[r])]
    return sorted(rows, key=lambda r: (-ref_scores[r], r))[:k]


def test_bm25_top_k_equals_full_sort_of_rank_bm25_scores_with_and_without_mask():
    docs, vocab = _random_corpus(3)
    ours, ref = BM25Index.build(docs), BM25Okapi(docs)
    rng = random.Random(4)
    mask = np.array([rng.random() < 0.3 for _ in docs])
    for _ in range(40):
        query = [rng.choice(vocab + ["onbekend"]) for _ in range(rng.randint(1, 5))]
        expected = ref.get_scores(query)
        for k in (1, 7, 50, 1000):
            for m in (None, mask):
                rows, scores = ours.top_k(query, k, m)
                keep = scores > 0
                assert rows[keep].tolist() == _reference_top(expected, k, m)
                np.testing.assert_allclose(scores, expected[rows], rtol=1e-9)


def test_bm25_build_in_chunks_gives_the_same_index_as_one_chunk(monkeypatch):
    docs, _ = _random_corpus(5, n_docs=250)
    whole = BM25Index.build(docs)
    monkeypatch.setattr(bm25_module, "BUILD_CHUNK", 17)
    chunked = BM25Index.build(iter(docs))  # a generator is fine too
    assert chunked.vocab == whole.vocab
    for a, b in [(chunked.indptr, whole.indptr), (chunked.docs, whole.docs), (chunked.tfs, whole.tfs)]:
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(chunked.idf, whole.idf, rtol=1e-12)


def test_bm25_saved_postings_load_memory_mapped_with_identical_scores(tmp_path):
    docs, vocab = _random_corpus(6)
    built = BM25Index.build(docs)
    built.save(tmp_path)
    loaded = BM25Index.load(tmp_path)
    assert is_mapped(loaded.docs) and is_mapped(loaded.tfs)
    assert loaded.docs.dtype == np.int32 and loaded.tfs.dtype == np.uint16
    query = vocab[:3] + vocab[40:42]
    np.testing.assert_array_equal(loaded.scores(query), built.scores(query))
    rows = np.array([0, 5, 17, 399])
    np.testing.assert_allclose(loaded.term_scores(query, rows), built.scores(query)[rows], rtol=1e-12)


def test_bm25_concurrent_queries_do_not_share_an_accumulator():
    from concurrent.futures import ThreadPoolExecutor

    docs, vocab = _random_corpus(8, n_docs=3000)
    index = BM25Index.build(docs)
    queries = [vocab[i : i + 3] for i in range(0, 60, 3)]
    expected = [index.top_k(q, 20)[0].tolist() for q in queries]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda q: index.top_k(q, 20)[0].tolist(), queries * 5))
    assert got == expected * 5


def test_top_k_indices_breaks_ties_by_id_even_at_the_cut_off():
    scores = np.array([1.0, 3.0, 2.0, 3.0, 2.0, 2.0])
    ids = np.array([50, 40, 30, 20, 10, 60])
    assert top_k_indices(scores, 3, ids).tolist() == [3, 1, 4]  # 3.0 (ids 20, 40), then 2.0 with the lowest id
    assert top_k_indices(scores, 10).tolist() == [1, 3, 2, 4, 5, 0]


def _unit_vectors(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dim))
    v = centres[rng.integers(0, 20, n)] + 0.5 * rng.standard_normal((n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("threshold", [10_000, 100])  # flat, then HNSW
def test_dense_index_saved_once_memory_mapped_and_searches_like_exact(tmp_path, threshold):
    vectors = _unit_vectors(2000)
    dense = DenseIndex.build(vectors, hnsw_threshold=threshold)
    dense.save(tmp_path)
    files = {p.name for p in tmp_path.iterdir()}
    assert files == ({"embeddings.npy"} if threshold > 2000 else {"dense.hnsw.faiss"})  # one copy
    loaded = DenseIndex.load(tmp_path, dense.kind)
    assert loaded.kind == ("flat" if threshold > 2000 else "hnsw") and len(loaded) == 2000
    if loaded.kind == "flat":
        assert is_mapped(loaded.vectors)
    queries = _unit_vectors(50, seed=1)
    recall = []
    for q in queries:
        exact = np.argsort(-(vectors @ q), kind="stable")[:10]
        rows, scores = loaded.search(q, 10)
        recall.append(len(set(rows.tolist()) & set(exact.tolist())) / 10)
        np.testing.assert_allclose(loaded.scores_for(q, rows), vectors[rows] @ q, atol=2e-3)  # float16 storage
    assert np.mean(recall) >= 0.99


@pytest.mark.parametrize("threshold", [10_000, 100])
def test_dense_search_with_a_mask_returns_only_kept_rows_exactly(tmp_path, threshold):
    vectors = _unit_vectors(3000, seed=2)
    dense = DenseIndex.build(vectors, hnsw_threshold=threshold)
    mask = np.zeros(3000, dtype=bool)
    mask[::9] = True
    q = _unit_vectors(1, seed=3)[0]
    rows, _ = dense.search(q, 10, mask)
    kept = np.flatnonzero(mask)
    exact = kept[np.argsort(-(vectors[kept] @ q), kind="stable")[:10]]
    assert mask[rows].all() and rows.tolist() == exact.tolist()


def test_rank_fuses_both_legs_and_reports_both_scores_per_result():
    docs, vocab = _random_corpus(9, n_docs=500)
    bm25 = BM25Index.build(docs)
    vectors = _unit_vectors(500, seed=4)
    dense = DenseIndex.build(vectors, hnsw_threshold=10_000)
    calls = []

    def vector() -> np.ndarray:
        calls.append(1)
        return vectors[7]

    options = SearchOptions("hybrid", rrf_k=10.0, weight_bm25=2.0, weight_dense=1.0, candidates=50, steer=False)
    ranked = rank(bm25, dense, vocab[:2], vector, options, 10)
    assert len(calls) == 1  # embedded once although both legs and the scores need it
    assert ranked.rows[0] == 7 or bm25.scores(vocab[:2])[ranked.rows[0]] > 0
    np.testing.assert_allclose(ranked.bm25, bm25.scores(vocab[:2])[ranked.rows], rtol=1e-9)
    np.testing.assert_allclose(ranked.dense, vectors[ranked.rows] @ vectors[7], rtol=1e-5)
    assert list(ranked.scores) == sorted(ranked.scores, reverse=True)


def test_bm25_top_k_skips_frequent_terms_postings_yet_stays_exact(monkeypatch):
    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(300)]
    weights = [1 / (i + 1) ** 1.1 for i in range(300)]
    docs = [rng.choices(vocab, weights, k=rng.randint(5, 60)) for _ in range(3000)]
    index, ref = BM25Index.build(docs), BM25Okapi(docs)
    accumulated: list[list[str]] = []
    inverse = {i: t for t, i in index.vocab.items()}
    original = BM25Index._accumulate

    def spy(self, query):
        accumulated.append([inverse[t] for t, _ in query])
        return original(self, query)

    monkeypatch.setattr(BM25Index, "_accumulate", spy)
    for _ in range(30):
        query = [rng.choice(vocab[:5]), rng.choice(vocab[:5]), rng.choice(vocab[150:])]
        for k in (1, 10, 100):
            rows, scores = index.top_k(query, k)
            assert rows.tolist() == _reference_top(ref.get_scores(query), k)
            np.testing.assert_allclose(scores, ref.get_scores(query)[rows], rtol=1e-9)
    rare_only = index.top_k(["w200", "w0", "w1"], 5)[0]
    assert accumulated[-1] == ["w200"]  # w0 and w1 (in most passages) were only looked up, never scanned
    assert rare_only.tolist() == _reference_top(ref.get_scores(["w200", "w0", "w1"]), 5)
