"""Reciprocal rank fusion: robust to the two legs' incomparable score scales."""

from __future__ import annotations


def reciprocal_rank_fusion(
    rankings: dict[str, list[int]], weights: dict[str, float], k: float = 60.0
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
