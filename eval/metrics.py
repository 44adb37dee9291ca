"""Metrics exactly as shared/EVAL_FORMAT.md defines them."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def _longest_common_run(quote: list[str], passage: list[str]) -> int:
    """Length of the longest run of consecutive quote words that also stands
    consecutively in the passage (dynamic programming over word positions)."""
    if not quote or not passage:
        return 0
    best = 0
    prev = [0] * (len(passage) + 1)
    for qw in quote:
        cur = [0] * (len(passage) + 1)
        for j, pw in enumerate(passage, start=1):
            if qw == pw:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def covers(passage_text: str, passage_document: str | None, quote: str, quote_document: str | None) -> bool:
    if quote_document and passage_document and quote_document != passage_document:
        return False
    if normalise(quote) in normalise(passage_text):
        return True
    qw = _words(quote)
    return bool(qw) and _longest_common_run(qw, _words(passage_text)) * 2 >= len(qw)


@dataclass(frozen=True)
class Retrieved:
    document: str | None
    text: str


def coverage_matrix(retrieved: Sequence[Retrieved], quotes: Sequence[tuple[str | None, str]]) -> list[list[bool]]:
    """[passage][quote] → covers."""
    return [[covers(r.text, r.document, q, d) for d, q in quotes] for r in retrieved]


def recall_at(matrix: list[list[bool]], k: int) -> float:
    return float(any(any(row) for row in matrix[:k]))


def evidence_recall_at(matrix: list[list[bool]], k: int, n_quotes: int) -> float:
    if not n_quotes:
        return 0.0
    covered = {j for row in matrix[:k] for j, hit in enumerate(row) if hit}
    return len(covered) / n_quotes


def mrr_at(matrix: list[list[bool]], k: int = 10) -> float:
    for i, row in enumerate(matrix[:k], start=1):
        if any(row):
            return 1.0 / i
    return 0.0


def ndcg_at(matrix: list[list[bool]], k: int, n_quotes: int) -> float:
    """Binary gain for a passage that covers a quote no higher passage covered;
    the ideal ranking covers one new quote per rank."""
    if not n_quotes:
        return 0.0
    seen: set[int] = set()
    dcg = 0.0
    for i, row in enumerate(matrix[:k], start=1):
        new = {j for j, hit in enumerate(row) if hit} - seen
        if new:
            dcg += 1.0 / math.log2(i + 1)
            seen |= new
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(n_quotes, k) + 1))
    return dcg / ideal


def token_f1(answer: str, reference: str) -> float:
    a = _words(re.sub(r"\[\d+\]", " ", answer))
    r = _words(reference)
    if not a or not r:
        return float(a == r)
    common = 0
    pool = list(r)
    for w in a:
        if w in pool:
            pool.remove(w)
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(r)
    return 2 * precision * recall / (precision + recall)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
