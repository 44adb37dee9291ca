"""Plain BM25 (rank-bm25 over lower-cased whitespace tokens): the bar the
defaults must clear by a clear margin."""

from __future__ import annotations

import numpy as np
from rank_bm25 import BM25Okapi

from eval.questions import Question
from eval.runner import Backend


def plain_bm25_backend(passages, documents) -> Backend:
    """``passages``: the index's passages, so both systems rank the same units."""
    bm25 = BM25Okapi([p.text.lower().split() for p in passages])

    def search(q: Question) -> dict:
        query = q.question
        scores = bm25.get_scores(query.lower().split())
        order = np.lexsort((np.arange(len(scores)), -scores))[:10]
        return {
            "query": query,
            "results": [
                {"rank": i + 1, "document": passages[r].document, "section": passages[r].section,
                 "text": passages[r].text, "score": float(scores[r])}
                for i, r in enumerate(order)
            ],
        }

    return Backend("plain BM25", search, None)
