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
import mmap
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np

from index.analyzer import WordAnalysis
from index.columns import load_array, map_bytes


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


class AnalysisTable:
    """word → its analysis (stem and compound-part stems) for every content
    word of a build, memory-mapped.

    A serving process analyses the passages it ranks and quotes again for
    every answer. Decompounding their words there was half of an answer's CPU
    at a million passages (a split tries every cut against the lexicon), and a
    per-process cache of 300,000 analysed words most of what each worker's
    heap grew by under load. The build analysed every word already; stored
    here, a text's words are looked up in one vectorised binary search, and
    the pages are shared by all workers.
    """

    SEPARATOR = b" "  # terms are [a-z0-9] runs, so a space never occurs in one

    def __init__(self, keys: np.ndarray, offsets: np.ndarray, blob: bytes | mmap.mmap) -> None:
        self.keys = keys  # ASCII words, fixed width, sorted
        self.offsets = offsets  # row i's analysis is blob[offsets[i]:offsets[i + 1]]
        self.blob = blob
        self._width = keys.dtype.itemsize

    @classmethod
    def from_analyses(cls, analyses: Iterable[tuple[str, WordAnalysis]]) -> AnalysisTable:
        items = sorted((w.encode("ascii"), cls.SEPARATOR.join(t.encode("ascii") for t in (stem, *parts)))
                       for w, (stem, parts) in analyses)
        width = max((len(w) for w, _ in items), default=1) or 1
        keys = np.asarray([w for w, _ in items], dtype=f"S{width}") if items else np.zeros(0, dtype="S1")
        offsets = np.zeros(len(items) + 1, dtype=np.int64)
        np.cumsum([len(a) for _, a in items], out=offsets[1:])
        return cls(keys, offsets, b"".join(a for _, a in items))

    def save(self, directory: Path, name: str) -> None:
        np.save(directory / f"{name}_keys.npy", self.keys)
        np.save(directory / f"{name}_offsets.npy", self.offsets)
        (directory / f"{name}.bin").write_bytes(self.blob)

    @classmethod
    def load(cls, directory: Path, name: str) -> AnalysisTable | None:
        """The table, memory-mapped; None for a build made before it was written."""
        paths = [directory / f"{name}_keys.npy", directory / f"{name}_offsets.npy", directory / f"{name}.bin"]
        if not all(p.exists() for p in paths):
            return None
        return cls(load_array(paths[0]), load_array(paths[1]), map_bytes(paths[2]))

    def __len__(self) -> int:
        return len(self.keys)

    def lookup(self, words: list[str]) -> list[WordAnalysis | None]:
        """Each word's analysis, None where the build had no such word. The
        terms are interned: the texts a worker keeps analysed share them."""
        if not words or not len(self.keys):
            return [None] * len(words)
        # A word wider than the keys would be cut to a key's width and could match
        # that key: it stands as b"", which no key is (words are never empty).
        wanted = np.asarray([w.encode("ascii") if len(w) <= self._width and w.isascii() else b"" for w in words],
                            dtype=self.keys.dtype)
        rows = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found = (self.keys[rows] == wanted) & (wanted != b"")
        starts, ends = self.offsets[rows].tolist(), self.offsets[rows + 1].tolist()
        out: list[WordAnalysis | None] = []
        for ok, s, e in zip(found.tolist(), starts, ends, strict=True):
            if not ok:
                out.append(None)
                continue
            stem, *parts = (sys.intern(t) for t in self.blob[s:e].decode("ascii").split(" "))
            out.append((stem, tuple(parts)))
        return out


LEXICON_WORDS, LEXICON_STEMS, WORD_ANALYSES = "lexicon_words", "lexicon_stems", "word_analyses"


def save_lexicon(directory: Path, analyzer, lexicon: Mapping[str, int]) -> None:
    """The decompounder's lookups as tables; without decompounding, the word counts as JSON."""
    tables = analyzer.lexicon_tables()
    if tables is None:
        (directory / "lexicon.json").write_text(json.dumps(dict(lexicon), ensure_ascii=False), encoding="utf-8")
        return
    words, stems = tables
    TermTable.from_mapping(words).save(directory, LEXICON_WORDS)
    TermTable.from_mapping(stems).save(directory, LEXICON_STEMS)
    AnalysisTable.from_analyses(analyzer.analyses_of(lexicon)).save(directory, WORD_ANALYSES)


def load_analyzer(directory: Path, decompound: bool):
    """The build's analyzer over its memory-mapped lexicon tables (or, for a
    build of before the tables, over its lexicon.json)."""
    from index.analyzer import DutchAnalyzer

    words, stems = TermTable.load(directory, LEXICON_WORDS), TermTable.load(directory, LEXICON_STEMS)
    if words is not None and stems is not None:
        analyses = AnalysisTable.load(directory, WORD_ANALYSES)
        return DutchAnalyzer(words, decompound=decompound, stem_freq=stems, analyses=analyses)
    path = directory / "lexicon.json"
    lexicon = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    return DutchAnalyzer(lexicon, decompound=decompound)
