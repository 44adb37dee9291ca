"""Text clean-up shared by all readers, so every format yields the same kind of text."""

from __future__ import annotations

import re
import unicodedata

from ingest.safety import decode

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_line(line: str) -> str:
    """NFC, no zero-width or soft hyphens, single spaces, trimmed."""
    line = unicodedata.normalize("NFC", line)
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


def markdown_table_lines(lines: list[str]) -> list[str]:
    """A Markdown block's lines with its pipe-table rows in the one row form
    (separator rows and rows of empty cells dropped); other lines unchanged."""
    out: list[str] = []
    for line in lines:
        if not TABLE_ROW_LINE.fullmatch(line):
            out.append(line)
            continue
        row = table_row(line.strip()[1:-1].split("|"))
        if row is not None:
            out.append(row)
    return out


def decode_text(data: bytes) -> str:
    """The text in the file's own encoding, detected per file (ingest/safety.py
    says how, and reports files that decode with replacement characters)."""
    decoded = decode(data)
    return decoded.text if decoded is not None else data.decode("utf-8", errors="replace")
