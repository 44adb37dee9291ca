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


# The hand-set abstention rule that the fitted confidence replaced (the first
# slice's defaults), kept here only to measure the replacement against it.
OLD_THRESHOLDS = {"min_coverage": 0.45, "min_dense": 0.83, "confident_dense": 0.88, "max_unknown": 0.4,
                  "english_min_dense": 0.76}


def old_rule_abstains(signals: dict[str, float], confidence: float = 0.0) -> bool:
    """The old decision from the same evidence (confidence is ignored)."""
    t = OLD_THRESHOLDS
    dense = signals.get("dense_top", 0.0)
    if signals.get("english"):
        return dense < t["english_min_dense"]
    if dense < t["min_dense"]:
        return True
    if dense >= t["confident_dense"]:
        return False
    if signals.get("question_words", 0.0) == 0:
        return True
    return signals.get("passage_coverage", 0.0) < t["min_coverage"] or signals.get("unknown", 0.0) > t["max_unknown"]
