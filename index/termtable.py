"""A read-only ``str → int`` table over two sorted arrays, memory-mapped from
the build.

A Python dict of the ~400,000 terms of a million passages costs every
serving process about 40 MiB of private heap (the BM25 vocabulary, the
decompounder's lexicon and its stem counts: about 100 MiB together, measured
with tracemalloc on the 1M benchmark index). As arrays on disk the pages are
shared by all workers, and a lookup is one binary search.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np


class TermTable(Mapping[str, int]):
    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        self.keys = keys  # UTF-8 bytes, fixed width, sorted
        self.values = values
        self._lengths: np.ndarray | None = None

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, int]) -> TermTable:
        encoded = [k.encode("utf-8") for k in mapping]
        width = max((len(k) for k in encoded), default=1) or 1
        keys = np.asarray(encoded, dtype=f"S{width}") if encoded else np.zeros(0, dtype="S1")
        order = np.argsort(keys, kind="stable")
        values = np.fromiter(mapping.values(), dtype=np.int64, count=len(encoded))
        return cls(keys[order], values[order])

    def save(self, directory: Path, name: str) -> None:
        np.save(directory / f"{name}_keys.npy", self.keys)
        np.save(directory / f"{name}_values.npy", self.values)

    @classmethod
    def load(cls, directory: Path, name: str) -> TermTable | None:
        """The table, memory-mapped; None for a build made before tables were written."""
        keys, values = directory / f"{name}_keys.npy", directory / f"{name}_values.npy"
        if not (keys.exists() and values.exists()):
            return None
        # Plain array views of the mapped files: shared pages, without memmap's per-call overhead.
        return cls(np.asarray(np.load(keys, mmap_mode="r")), np.asarray(np.load(values, mmap_mode="r")))

    def _row(self, key: str) -> int | None:
        b = key.encode("utf-8")
        if not self.keys.size or len(b) > self.keys.dtype.itemsize or b.endswith(b"\0"):
            return None
        i = int(np.searchsorted(self.keys, np.bytes_(b)))
        return i if i < len(self.keys) and self.keys[i] == b else None

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        row = self._row(key) if isinstance(key, str) else None
        return default if row is None else int(self.values[row])

    def __getitem__(self, key: str) -> int:
        row = self._row(key) if isinstance(key, str) else None
        if row is None:
            raise KeyError(key)
        return int(self.values[row])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._row(key) is not None

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[str]:
        return (k.decode("utf-8") for k in self.keys.tolist())

    def near_in_length(self, prefix: str, length: int, slack: int) -> list[str]:
        """The keys that begin with ``prefix`` and are ``length`` characters
        long give or take ``slack``: the candidates a typo is compared with.
        Only those are made into strings, not the whole run of the prefix
        (every word of a large vocabulary, kept per worker, was ~13 MiB)."""
        lo, hi = self._prefix_rows(prefix)
        lengths = self._char_lengths()[lo:hi]
        rows = lo + np.flatnonzero(np.abs(lengths - length) <= slack)
        return [k.decode("utf-8") for k in self.keys[rows].tolist()]

    def _char_lengths(self) -> np.ndarray:
        """Each key's length in characters (not UTF-8 bytes), computed once."""
        if self._lengths is None:
            self._lengths = np.fromiter((len(k.decode("utf-8")) for k in self.keys.tolist()), np.int32, len(self.keys))
        return self._lengths

    def starting_with(self, prefix: str) -> list[str]:
        """The keys that begin with ``prefix``, in order (a contiguous run of the sorted keys)."""
        lo, hi = self._prefix_rows(prefix)
        return [k.decode("utf-8") for k in self.keys[lo:hi].tolist()]

    def _prefix_rows(self, prefix: str) -> tuple[int, int]:
        """Where the run of keys that begin with ``prefix`` starts and ends."""
        p = prefix.encode("utf-8")
        return int(np.searchsorted(self.keys, np.bytes_(p))), int(np.searchsorted(self.keys, np.bytes_(p + b"\xff")))


LEXICON_WORDS, LEXICON_STEMS = "lexicon_words", "lexicon_stems"


def save_lexicon(directory: Path, analyzer, lexicon: Mapping[str, int]) -> None:
    """The decompounder's lookups as tables; without decompounding, the word counts as JSON."""
    tables = analyzer.lexicon_tables()
    if tables is None:
        (directory / "lexicon.json").write_text(json.dumps(dict(lexicon), ensure_ascii=False), encoding="utf-8")
        return
    words, stems = tables
    TermTable.from_mapping(words).save(directory, LEXICON_WORDS)
    TermTable.from_mapping(stems).save(directory, LEXICON_STEMS)


def load_analyzer(directory: Path, decompound: bool):
    """The build's analyzer over its memory-mapped lexicon tables (or, for a
    build of before the tables, over its lexicon.json)."""
    from index.analyzer import DutchAnalyzer

    words, stems = TermTable.load(directory, LEXICON_WORDS), TermTable.load(directory, LEXICON_STEMS)
    if words is not None and stems is not None:
        return DutchAnalyzer(words, decompound=decompound, stem_freq=stems)
    path = directory / "lexicon.json"
    lexicon = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    return DutchAnalyzer(lexicon, decompound=decompound)
