"""A query analysed once, as every later step needs it.

The service analyses a question's standalone query a single time: its BM25
terms (folded, stemmed, decompounded, typo-corrected against this index's
vocabulary) and, only when some step asks for it, its embedding. The search
legs, the answer evidence and the page highlighting all read this one
object, so nothing is analysed or embedded twice, and a BM25-only search
never runs the embedding model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

# Per content word: its stem and the stems of its compound parts.
WordTerms = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(eq=False)
class AnalysedQuery:
    """``text`` as searched, its ``words`` as the BM25 leg sees them, and its
    query vector, computed on the first call of :meth:`vector` and kept."""

    text: str
    words: WordTerms
    embed: Callable[[str], np.ndarray] = field(repr=False)
    _vector: np.ndarray | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def terms(self) -> list[str]:
        """Every term searched: each stem followed by its compound parts."""
        return [t for stem, parts in self.words for t in (stem, *parts)]

    @property
    def embedded(self) -> bool:
        """Whether the query vector has been computed already."""
        return self._vector is not None

    def vector(self) -> np.ndarray:
        """The query embedding; the model runs at most once per query."""
        with self._lock:
            if self._vector is None:
                self._vector = self.embed(self.text)
            return self._vector

    def known_vector(self) -> np.ndarray | None:
        """The vector when some step already computed it, else None (never embeds)."""
        return self._vector
