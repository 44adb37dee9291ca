"""Ranking over the two legs: BM25 and dense candidates, fused by reciprocal rank.

RRF is robust to the legs' incomparable score scales. ``rank`` is the one
numerical search path: ``LoadedIndex.search`` calls it, and so does the index
benchmark, so what is measured is what the service runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from index.bm25 import BM25Index
    from index.dense import DenseIndex

Mode = Literal["hybrid", "bm25", "dense"]


@dataclass(frozen=True)
class SearchOptions:
    """How to rank. No defaults here on purpose: the product's defaults live
    in ``service.settings.Settings`` (``Settings().search_options()``), so
    tests, benchmarks and the service cannot drift apart."""

    mode: Mode
    rrf_k: float
    weight_bm25: float
    weight_dense: float
    candidates: int
    steer: bool  # a question that names a document searches that document first


@dataclass
class Ranking:
    """Rows best first, their final score, and both legs' scores for each
    (``dense`` is None for a BM25-only ranking of a query never embedded)."""

    rows: np.ndarray
    scores: np.ndarray
    bm25: np.ndarray
    dense: np.ndarray | None


def reciprocal_rank_fusion(
    rankings: dict[str, list[int]], weights: dict[str, float], k: float
) -> list[tuple[int, float]]:
    """``rankings`` maps leg name → row ids, best first. Returns (row, fused
    score) best first; ties broken by row id so results are deterministic."""
    fused: dict[int, float] = {}
    for leg, rows in rankings.items():
        w = weights.get(leg, 1.0)
        if w == 0:
            continue
        for rank, row in enumerate(rows, start=1):
            fused[row] = fused.get(row, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def rank(
    bm25: BM25Index,
    dense: DenseIndex,
    terms: list[str],
    query_vector: Callable[[], np.ndarray],
    options: SearchOptions,
    top_k: int,
    mask: np.ndarray | None = None,
    known_vector: np.ndarray | None = None,
) -> Ranking:
    """Top-k rows for an analysed query. ``query_vector`` is called at most
    once, only when a dense leg runs: BM25 mode never embeds the query, and
    reports dense scores only for a ``known_vector`` the caller already has.
    Each leg contributes its best ``options.candidates`` rows."""
    n_cand = max(options.candidates, top_k)
    rankings: dict[str, list[int]] = {}
    bm25_of: dict[int, float] = {}
    dense_of: dict[int, float] = {}
    vector: np.ndarray | None = None
    if options.mode in {"hybrid", "bm25"}:
        rows, scores = bm25.top_k(terms, n_cand, mask)
        positive = scores > 0
        rankings["bm25"] = rows[positive].tolist()
        bm25_of = dict(zip(rankings["bm25"], scores[positive].tolist(), strict=True))
    if options.mode in {"hybrid", "dense"}:
        vector = query_vector()
        rows, scores = dense.search(vector, n_cand, mask)
        rankings["dense"] = rows.tolist()
        dense_of = dict(zip(rankings["dense"], scores.tolist(), strict=True))

    if options.mode == "hybrid":
        weights = {"bm25": options.weight_bm25, "dense": options.weight_dense}
        fused = reciprocal_rank_fusion(rankings, weights, options.rrf_k)
    elif options.mode == "bm25":
        fused = [(r, bm25_of[r]) for r in rankings["bm25"]]
    else:
        fused = list(dense_of.items())
    fused = fused[:top_k]
    rows = np.array([r for r, _ in fused], dtype=np.int64)
    final = np.array([s for _, s in fused], dtype=np.float64)
    missing_bm25 = [i for i, r in enumerate(rows.tolist()) if r not in bm25_of]
    bm = np.array([bm25_of.get(r, 0.0) for r in rows.tolist()], dtype=np.float64)
    if missing_bm25:  # a dense-only result may still hold query terms beyond the BM25 candidates
        bm[missing_bm25] = bm25.term_scores(terms, rows[missing_bm25])
    if vector is None:
        vector = known_vector
    dn = None if vector is None else np.asarray(dense.scores_for(vector, rows) if len(rows) else [], np.float64)
    return Ranking(rows=rows, scores=final, bm25=bm, dense=dn)
