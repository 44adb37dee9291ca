"""Text clean-up shared by all readers, so every format yields the same kind of text."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from ingest.safety import decode

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


# Typographic ligatures a PDF's fonts set ("desbetreﬀende", "ﬁnanciële"): letters again, so
# that search, quotes and copied text see the word (only these; NFKC would also change "½").
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


# A footnote's number set in superscript right after what it annotates ("9<sup>1</sup>",
# "respijtzorg<sup>1</sup>"): dropping only the tags glued it on ("91", "respijtzorg1"),
# a wrong number in a table of ratios and a word no search finds. It stays a
# superscript; analysis (``index.analyzer.fold``) reads it as a space.
# An exponent of a unit ("m<sup>2</sup>") is no footnote: it stays "m2", as questions write it.
_NOTE_MARK = re.compile(r"(?<=[^\s<>])(?<!\bm)(?<!\b[cdkm]m)<sup>\s*(\d{1,3})\s*</sup>", re.I)
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def note_marks(text: str) -> str:
    """Footnote numbers written as ``<sup>n</sup>`` right after a word or
    number become superscript digits ("9¹"); a marker that starts a line
    (the footnote itself) is left to the caller."""
    return _NOTE_MARK.sub(lambda m: m.group(1).translate(_SUPERSCRIPT_DIGITS), text)


def clean_line(line: str) -> str:
    """NFC, ligatures as letters, no zero-width or soft hyphens, single spaces, trimmed."""
    line = unicodedata.normalize("NFC", line).translate(_LIGATURES)
    line = _ZERO_WIDTH.sub("", line)
    return _SPACES.sub(" ", line).strip()


def clean_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [clean_line(line) for line in text.split("\n")]


def split_blank_line_blocks(text: str) -> list[str]:
    """Blocks separated by blank lines, each with clean, non-empty lines."""
    blocks: list[str] = []
    current: list[str] = []
    for line in clean_lines(text):
        if line:
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


# A cell that holds nothing: empty, or the dashes an exported table writes for an
# empty cell ("| --- | 14-15 jaar | +2 |"). A line of only such cells (and colons) is
# a Markdown table's separator row.
_EMPTY_CELL = re.compile(r"[\s:]*-*[\s:]*")
# A line that is a table row, "| … |": a Markdown pipe table's, and the one row form below.
TABLE_ROW_LINE = re.compile(r"(?m)^[ \t]*\|.*\|[ \t]*$")


def table_row(cells: list[str]) -> str | None:
    """One row of a table as one line, ``| cell | cell |``, whatever the format
    it came from (Markdown, HTML, Word): every reader gives the chunker and
    the sentence splitter the same form, which keeps a row whole (one
    sentence, never cut at "141. Openlijk geweld"). Empty cells go; a row
    with nothing left is no row (None)."""
    kept = [c for c in (clean_line(c) for c in cells) if not _EMPTY_CELL.fullmatch(c)]
    return f"| {' | '.join(kept)} |" if kept else None


def table_cells(row: str) -> list[str]:
    """The cells of a row line ``| cell | cell |``, stripped."""
    return [cell.strip() for cell in row.strip()[1:-1].split("|")]


def markdown_table_lines(lines: list[str]) -> list[str]:
    """A Markdown block's lines with its pipe-table rows in the one row form
    (separator rows and rows of empty cells dropped); other lines unchanged."""
    out: list[str] = []
    for line in lines:
        if not TABLE_ROW_LINE.fullmatch(line):
            out.append(line)
            continue
        row = table_row(table_cells(line))
        if row is not None:
            out.append(row)
    return out


def decode_text(data: bytes) -> str:
    """The text in the file's own encoding, detected per file (ingest/safety.py
    says how, and reports files that decode with replacement characters)."""
    decoded = decode(data)
    return decoded.text if decoded is not None else data.decode("utf-8", errors="replace")


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def running_line_edges(pages: list[list[str]]) -> list[tuple[int, int]]:
    """Per page, the slice of its lines left when lines that repeat at the top
    or bottom of most pages (a running header or footer; page numbers
    differ, so digits are masked before comparing) are cut off."""
    edges = [(0, len(lines)) for lines in pages]
    if len(pages) < 2:
        return edges
    threshold = max(2, math.ceil(0.6 * len(pages)))
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_edge_key(x) for x in lines[:2] + lines[-2:]})
    running = {k for k, n in counts.items() if n >= threshold}
    if not running:
        return edges
    out = []
    for lines in pages:
        start, end = 0, len(lines)
        for _ in range(2):
            if start < end and _edge_key(lines[start]) in running:
                start += 1
            if start < end and _edge_key(lines[end - 1]) in running:
                end -= 1
        out.append((start, end))
    return out


def remove_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """The pages without their running headers and footers (:func:`running_line_edges`)."""
    return [lines[a:b] for lines, (a, b) in zip(pages, running_line_edges(pages), strict=True)]


# Dutch writes "zorg- en welzijn": a hyphen before these words is not a line-break hyphen.
_ELISION_FOLLOWERS = {"en", "of", "tot", "als", "noch"}


def join_hyphenated(lines: list[str]) -> list[str]:
    """``ondersteu-`` + ``ning is`` → ``ondersteuning is``, but keep ``zorg- en``."""
    out: list[str] = []
    for line in lines:
        if out and re.search(r"[a-zà-ÿ]-$", out[-1]) and line[:1].islower():
            first = line.split(" ", 1)[0]
            if first.rstrip(",.;:") not in _ELISION_FOLLOWERS:
                out[-1] = out[-1][:-1] + line
                continue
        out.append(line)
    return out
