"""Passages and documents as memory-mapped columns: text stored once.

A build keeps every string in one UTF-8 file, ``strings.bin``: first each
document's full text, then the distinct section titles, locators, lead-ins
and reference ids that its passages use (each stored once however many
passages share it). A
passage's text is an exact slice of its document's text (``Passage`` says
so), so a passage stores only the byte span of that slice; the rare passage
whose text is not such a slice gets its own string. Everything else is a
fixed-width number per passage in ``.npy`` files:

``passage_fields.npy``  int32 [N, 8]: document, ordinal, start, end, page (-1: none),
                        section path (-1: none), locator and lead-in (string id or -1)
``passage_span.npy``    int64 [N, 2]: byte span of the text in ``strings.bin``
``passage_ids.npy``     the ids (fixed-width bytes); ``passage_ids_sorted.npy`` and
                        ``passage_id_order.npy`` (their rows) find an id by binary search, not a dict
``passage_refs_*.npy``  references as CSR (string ids), ``section_paths_*.npy`` likewise
``string_offsets.npy``  int64 [strings + 1]: byte offsets into ``strings.bin``
``documents.jsonl``     one line per document: its record without the text
``document_rows.npy``   its passages' rows, ``document_text.npy`` its text's string id

Every file is memory-mapped, except ``strings.bin``, whose texts are read
by offset (see ``Strings``): opening a million passages costs a few
milliseconds and almost no private memory, several server processes share
the pages, and a reload maps the new build's files while the old ones are
unmapped when the last request using them is done (no second copy of the
passages in between). ``PassageColumns`` is a ``Sequence[Passage]``: indexing
builds the pydantic object of that one passage on demand.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO, overload

import numpy as np

from ingest.models import Passage

STRINGS = "strings.bin"
OFFSETS = "string_offsets.npy"
FIELDS = "passage_fields.npy"
SPAN = "passage_span.npy"
IDS = "passage_ids.npy"
ID_ORDER = "passage_id_order.npy"
IDS_SORTED = "passage_ids_sorted.npy"
REFS = ("passage_refs_indptr.npy", "passage_refs.npy")
SECTIONS = ("section_paths_indptr.npy", "section_paths.npy")
DOCUMENTS = "documents.jsonl"
DOC_ROWS = "document_rows.npy"  # int64 [documents + 1]: rows of document i (passages are grouped by document)
DOC_TEXT = "document_text.npy"  # int64 [documents]: string id of document i's text
COLUMN_FILES = (
    STRINGS, OFFSETS, FIELDS, SPAN, IDS, ID_ORDER, IDS_SORTED, *REFS, *SECTIONS, DOCUMENTS, DOC_ROWS, DOC_TEXT
)
DOC, ORDINAL, START, END, PAGE, SECTION, LOCATOR, CONTEXT = range(8)
DOCUMENT_CACHE = 64  # document records (with their texts) kept built per loaded index


class _StringWriter:
    """Appends strings to ``strings.bin``; interned ones are written once."""

    def __init__(self, path: Path) -> None:
        self._fh = path.open("wb")
        self.offsets: list[int] = [0]
        self._interned: dict[str, int] = {}
        self._sections: dict[tuple[str, ...], int] = {}
        self.section_indptr: list[int] = [0]
        self.section_items: list[int] = []
        self.refs: list[int] = []

    def add(self, text: str) -> int:
        data = text.encode("utf-8")
        self._fh.write(data)
        self.offsets.append(self.offsets[-1] + len(data))
        return len(self.offsets) - 2

    def intern(self, text: str | None) -> int:
        if text is None:
            return -1
        sid = self._interned.get(text)
        if sid is None:
            sid = self._interned[text] = self.add(text)
        return sid

    def section(self, path: list[str]) -> int:
        """Id of a section path (a list of interned titles), -1 for none."""
        if not path:
            return -1
        key = tuple(path)
        sec = self._sections.get(key)
        if sec is None:
            sec = self._sections[key] = len(self.section_indptr) - 1
            self.section_items.extend(self.intern(s) for s in key)
            self.section_indptr.append(len(self.section_items))
        return sec

    def close(self) -> np.ndarray:
        self._fh.close()
        return np.asarray(self.offsets, dtype=np.int64)


def _byte_offsets(text: str, positions: list[int]) -> dict[int, int]:
    """UTF-8 byte offset of each character position, in one pass over the text."""
    out: dict[int, int] = {}
    done_chars = done_bytes = 0
    for pos in sorted(set(positions)):
        pos = min(max(pos, 0), len(text))
        done_bytes += len(text[done_chars:pos].encode("utf-8"))
        done_chars = pos
        out[pos] = done_bytes
    return out


def write_columns(build_dir: Path, documents: Iterable[tuple[Any, Sequence[Passage]]]) -> None:
    """Write the column files of a build from (``DocumentRecord`` with its
    text, that document's passages) pairs, streamed: one document's objects
    at a time, so a million passages are written without holding them."""
    strings = _StringWriter(build_dir / STRINGS)
    with (build_dir / DOCUMENTS).open("w", encoding="utf-8") as records:
        parts = [_document_columns(i, d, ps, strings, records) for i, (d, ps) in enumerate(documents)]
    offsets = strings.close()
    fields = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, 8), dtype=np.int32)
    span = np.concatenate([p[1] for p in parts]) if parts else np.zeros((0, 2), dtype=np.int64)
    counts = np.array([len(p[0]) for p in parts], dtype=np.int64)
    ref_counts = np.concatenate([p[3] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    ids = [pid for p in parts for pid in p[2]]
    width = max((len(i) for i in ids), default=1)
    id_array = np.array(ids, dtype=f"S{width}")
    if len(np.unique(id_array)) != len(id_array) or any(len(i) != len(i.rstrip(b"\x00")) for i in ids):
        raise ValueError("passage ids must be unique (and not end in NUL)")
    np.save(build_dir / OFFSETS, offsets)
    np.save(build_dir / FIELDS, fields)
    np.save(build_dir / SPAN, span)
    np.save(build_dir / IDS, id_array)
    order = np.argsort(id_array, kind="stable")
    np.save(build_dir / ID_ORDER, order.astype(np.int32))
    np.save(build_dir / IDS_SORTED, id_array[order])
    np.save(build_dir / REFS[0], np.concatenate([[0], np.cumsum(ref_counts)]).astype(np.int64))
    np.save(build_dir / REFS[1], np.asarray(strings.refs, dtype=np.int32))
    np.save(build_dir / SECTIONS[0], np.asarray(strings.section_indptr, dtype=np.int64))
    np.save(build_dir / SECTIONS[1], np.asarray(strings.section_items, dtype=np.int32))
    np.save(build_dir / DOC_ROWS, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))
    np.save(build_dir / DOC_TEXT, np.array([p[4] for p in parts], dtype=np.int64))


def _document_columns(
    doc: int, record: Any, passages: Sequence[Passage], strings: _StringWriter, records: TextIO
) -> tuple[np.ndarray, np.ndarray, list[bytes], np.ndarray, int]:
    """One document's text, record line and passage rows (and its text's string id)."""
    records.write(record.model_dump_json(exclude={"text"}) + "\n")
    text = record.text
    base = strings.offsets[-1]
    text_id = strings.add(text)
    fields = np.full((len(passages), 8), -1, dtype=np.int32)
    span = np.zeros((len(passages), 2), dtype=np.int64)
    ref_counts = np.zeros(len(passages), dtype=np.int64)
    offsets = _byte_offsets(text, [x for p in passages for x in (p.start, p.end)])
    ids: list[bytes] = []
    for r, p in enumerate(passages):
        if p.document != record.name:
            raise ValueError(f"passage {p.id} of {p.document!r} listed under {record.name!r}")
        if 0 <= p.start <= p.end <= len(text) and text[p.start : p.end] == p.text:
            span[r] = (base + offsets[p.start], base + offsets[p.end])
        else:  # not a slice of its document: stored on its own
            sid = strings.add(p.text)
            span[r] = (strings.offsets[sid], strings.offsets[sid + 1])
        f = fields[r]
        f[DOC], f[ORDINAL], f[START], f[END] = doc, p.ordinal, p.start, p.end
        if p.page is not None:
            f[PAGE] = p.page
        f[SECTION] = strings.section(p.section_path)
        f[LOCATOR] = strings.intern(p.locator)
        f[CONTEXT] = strings.intern(p.context)
        strings.refs.extend(strings.intern(x) for x in p.references)
        ref_counts[r] = len(p.references)
        ids.append(p.id.encode("utf-8"))
    return fields, span, ids, ref_counts, text_id


def load_array(path: Path, random_access: bool = False) -> np.ndarray:
    """An ``.npy`` file memory-mapped read-only (an empty array is read:
    it cannot be mapped). ``random_access``: tell the kernel not to read
    ahead, for files that are looked up here and there (postings found by
    binary search, the texts of ten hits): otherwise every page touched
    pulls its neighbours into memory, and the process's resident size
    counts them.

    Returned as a plain ndarray view of the map (its ``base`` keeps the map
    open): the pages are the same, but indexing skips ``np.memmap``'s
    Python-level ``__getitem__`` and ``__array_finalize__``, which a question
    otherwise runs some 400 times (a tenth of a millisecond per hundred)."""
    array = np.load(path, mmap_mode="r")
    if array.size == 0:
        return np.asarray(array)
    if random_access:
        _no_readahead(getattr(array, "_mmap", None))
    return array.view(np.ndarray)


def is_mapped(array: np.ndarray) -> bool:
    """Whether an array's memory is a file map (a memmap, or a view of one)."""
    while array is not None:
        if isinstance(array, np.memmap | mmap.mmap):
            return True
        array = getattr(array, "base", None)
    return False


def _no_readahead(mapped: mmap.mmap | None) -> None:
    if mapped is not None and hasattr(mmap, "MADV_RANDOM"):
        with contextlib.suppress(OSError, ValueError):  # advice only
            mapped.madvise(mmap.MADV_RANDOM)


def map_bytes(path: Path, random_access: bool = False) -> mmap.mmap | bytes:
    """A file's bytes memory-mapped read-only (an empty file, which cannot be
    mapped, as ``b""``); ``random_access`` as for :func:`load_array`."""
    with path.open("rb") as fh:
        if not fh.seek(0, 2):
            return b""
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    if random_access:
        _no_readahead(mapped)
    return mapped


class Strings:
    """Read-only view of ``strings.bin``: string id or byte span → str.

    Texts are read by offset (``pread``), not memory-mapped: a question reads
    some forty texts spread over the file, and a mapped page (with the
    neighbours the kernel maps around every fault) stays in the process's
    resident set, ~220 MiB at a million passages after 200 questions. Read
    this way the bytes live in the page cache only, shared by every worker,
    and a read costs one system call of a few microseconds. ``pread`` has no
    file position, so threads share the descriptor; it closes with this
    object, once no request holds the build any more. Where the system has
    no ``pread`` (Windows) the file is mapped as before."""

    def __init__(self, build_dir: Path) -> None:
        self.offsets = load_array(build_dir / OFFSETS)
        path = build_dir / STRINGS
        self._file = path.open("rb", buffering=0) if hasattr(os, "pread") else None
        self._blob = None if self._file is not None else map_bytes(path, random_access=True)

    def __getitem__(self, sid: int) -> str:
        return self.span(int(self.offsets[sid]), int(self.offsets[sid + 1]))

    def span(self, start: int, end: int) -> str:
        if self._file is None:
            return self._blob[start:end].decode("utf-8")
        data = os.pread(self._file.fileno(), end - start, start)
        if len(data) != end - start:
            raise ValueError(f"{STRINGS} is shorter than its offsets say (byte {start + len(data)} of {end})")
        return data.decode("utf-8")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        elif isinstance(self._blob, mmap.mmap):
            self._blob.close()


class PassageColumns(Sequence[Passage]):
    """All passages of a build as a sequence; ``columns[i]`` builds the
    ``Passage`` of row i from the columns (nothing is cached, nothing per
    passage stays in Python memory)."""

    def __init__(self, build_dir: Path, strings: Strings, document_names: list[str]) -> None:
        self.strings = strings
        self.fields = load_array(build_dir / FIELDS, random_access=True)
        self.span = load_array(build_dir / SPAN, random_access=True)
        self.ids = load_array(build_dir / IDS, random_access=True)
        self.refs_indptr, self.refs = (load_array(build_dir / name) for name in REFS)
        self.section_indptr, self.section_items = (load_array(build_dir / name) for name in SECTIONS)
        self.document_names = document_names
        self.row_of = RowOf(self.ids, load_array(build_dir / IDS_SORTED), load_array(build_dir / ID_ORDER))

    def __len__(self) -> int:
        return len(self.fields)

    @overload
    def __getitem__(self, row: int) -> Passage: ...

    @overload
    def __getitem__(self, row: slice) -> list[Passage]: ...

    def __getitem__(self, row: int | slice) -> Passage | list[Passage]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        row = int(row)
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        f = self.fields[row].tolist()
        start, end = self.span[row].tolist()
        s = self.strings
        section: list[str] = []
        if f[SECTION] >= 0:
            a, b = self.section_indptr[f[SECTION]], self.section_indptr[f[SECTION] + 1]
            section = [s[i] for i in self.section_items[a:b].tolist()]
        refs = [s[i] for i in self.refs[self.refs_indptr[row] : self.refs_indptr[row + 1]].tolist()]
        return Passage.model_construct(
            id=self.ids[row].decode("utf-8"),
            document=self.document_names[f[DOC]],
            ordinal=f[ORDINAL],
            text=s.span(start, end),
            start=f[START],
            end=f[END],
            page=None if f[PAGE] < 0 else f[PAGE],
            section_path=section,
            locator=None if f[LOCATOR] < 0 else s[f[LOCATOR]],
            references=refs,
            context=None if f[CONTEXT] < 0 else s[f[CONTEXT]],
        )

    def __iter__(self) -> Iterator[Passage]:
        for row in range(len(self)):
            yield self[row]

    def document_of(self, row: int) -> str:
        """The document of a row without building its Passage."""
        return self.document_names[int(self.fields[row, DOC])]

    def section_path_of(self, row: int) -> list[str]:
        sec = int(self.fields[row, SECTION])
        if sec < 0:
            return []
        a, b = self.section_indptr[sec], self.section_indptr[sec + 1]
        return [self.strings[i] for i in self.section_items[a:b].tolist()]

    def sections(self, start: int = 0, stop: int | None = None) -> RowGroups:
        """Rows by (document, whole heading path), ascending, the sections in
        the order of their first row; computed from the columns without
        building every Passage, over rows ``start:stop`` (one document's)."""
        stop = len(self) if stop is None else stop
        if stop <= start:
            return RowGroups([], np.zeros(0, np.int64), np.zeros(1, np.int64))
        doc_sec = np.asarray(self.fields[start:stop, [DOC, SECTION]], dtype=np.int64)
        pairs, first, inverse = np.unique(doc_sec, axis=0, return_index=True, return_inverse=True)
        by_first = np.argsort(first, kind="stable")  # group ids in the order of their first row
        rank = np.empty_like(by_first)
        rank[by_first] = np.arange(len(by_first))
        group = rank[inverse.ravel()]
        order = np.argsort(group, kind="stable")  # grouped, ascending within each group
        bounds = np.searchsorted(group[order], np.arange(len(pairs) + 1))
        rows = order + start
        keys = []
        for doc, sec in pairs[by_first].tolist():
            a, b = (self.section_indptr[sec], self.section_indptr[sec + 1]) if sec >= 0 else (0, 0)
            keys.append((self.document_names[doc], tuple(self.strings[j] for j in self.section_items[a:b].tolist())))
        return RowGroups(keys, rows, bounds)

    def section_groups(self, sections: RowGroups | None = None) -> RowGroups:
        """Rows by (document, parent heading path: the section path without
        its last title), ascending: what callers that group sibling sections
        need; from ``sections`` when the caller has them already."""
        groups: dict[tuple[str, tuple[str, ...]], list[np.ndarray]] = {}
        for (document, path), rows in (self.sections() if sections is None else sections).items():
            groups.setdefault((document, path[:-1]), []).append(rows)
        parts = [np.sort(np.concatenate(rows)) for rows in groups.values()]
        bounds = np.cumsum([0, *(len(p) for p in parts)])
        return RowGroups(list(groups), np.concatenate(parts) if parts else np.zeros(0, np.int64), bounds)


class RowGroups(Mapping[tuple[str, tuple[str, ...]], np.ndarray]):
    """Rows per key as slices of one array (and where each group starts),
    in the order the keys were given. A dict of one small array per section
    cost every worker ~40 MiB at 100,000 sections (a million passages)."""

    def __init__(self, keys: list[tuple[str, tuple[str, ...]]], rows: np.ndarray, bounds: np.ndarray) -> None:
        self._index = {key: i for i, key in enumerate(keys)}
        self._rows = rows
        self._bounds = bounds

    def __getitem__(self, key: tuple[str, tuple[str, ...]]) -> np.ndarray:
        i = self._index[key]
        return self._rows[int(self._bounds[i]) : int(self._bounds[i + 1])]

    def __iter__(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class RowOf(Mapping[str, int]):
    """Passage id → row by binary search over the ids sorted once at build
    time (a dict of a million ids would cost ~100 MB per process)."""

    def __init__(self, ids: np.ndarray, sorted_ids: np.ndarray, order: np.ndarray) -> None:
        self._ids = ids
        self._sorted = sorted_ids
        self._order = order

    def __getitem__(self, pid: str) -> int:
        if not isinstance(pid, str) or not len(self._ids):
            raise KeyError(pid)
        key = pid.encode("utf-8")
        if len(key) > self._ids.dtype.itemsize or key.endswith(b"\x00"):
            raise KeyError(pid)
        at = int(np.searchsorted(self._sorted, key))
        if at < len(self._sorted) and self._sorted[at] == key:
            return int(self._order[at])
        raise KeyError(pid)

    def __iter__(self) -> Iterator[str]:
        for raw in self._ids:
            yield raw.decode("utf-8")

    def __len__(self) -> int:
        return len(self._ids)


class DocumentTable(Mapping[str, "object"]):
    """Document name → ``DocumentRecord`` with its text, built on access
    from the record line and the text stored once in ``strings.bin`` (the
    last 64 used are kept; treat them as read-only, they are shared).

    The record lines stay in the memory-mapped ``documents.jsonl`` (page
    cache, shared by the workers); only each name and where its line lies
    are held. Parsed records of 20,000 documents held ~33 MiB per worker."""

    def __init__(self, build_dir: Path, strings: Strings, record_type: type) -> None:
        self._strings = strings
        self._type = record_type
        self._rows: dict[str, int] = {}
        self._lines = map_bytes(build_dir / DOCUMENTS)
        size = len(self._lines)
        spans: list[tuple[int, int]] = []
        start = 0
        while start < size:
            end = self._lines.find(b"\n", start)
            end = size if end < 0 else end
            if self._lines[start:end].strip():
                self._rows[json.loads(self._lines[start:end])["name"]] = len(spans)
                spans.append((start, end))
            start = end + 1
        self._spans = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
        self.rows = load_array(build_dir / DOC_ROWS)
        self._text_ids = load_array(build_dir / DOC_TEXT)
        # Every hit asks for its document (title, bibliography): the records of the
        # documents in use are kept, so a long law's text is not decoded per hit.
        self._record = lru_cache(maxsize=DOCUMENT_CACHE)(self._build)

    def _data(self, i: int) -> dict:
        start, end = self._spans[i].tolist()
        return json.loads(self._lines[start:end])

    def __getitem__(self, name: str):
        if name not in self._rows:
            raise KeyError(name)
        return self._record(name)

    def __contains__(self, name: object) -> bool:  # without building the record (Mapping's default does)
        return name in self._rows

    def _build(self, name: str):
        i = self._rows[name]
        return self._type.model_validate({**self._data(i), "text": self._strings[int(self._text_ids[i])]})

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def without_text(self) -> Iterator:
        """Every record with an empty ``text``, one at a time: titles, aliases
        and bibliography for name matching, without reading the documents'
        texts."""
        return (self._type.model_validate({**self._data(i), "text": ""}) for i in self._rows.values())

    def names(self) -> list[str]:
        return list(self._rows)

    def passage_rows(self, name: str) -> np.ndarray:
        i = self._rows[name]
        return np.arange(int(self.rows[i]), int(self.rows[i + 1]), dtype=np.int64)


def open_columns(build_dir: Path, record_type: type) -> tuple[DocumentTable, PassageColumns]:
    """Map a build's columns: its documents and its passages."""
    strings = Strings(build_dir)
    documents = DocumentTable(build_dir, strings, record_type)
    return documents, PassageColumns(build_dir, strings, documents.names())
