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


def decode_text(data: bytes) -> str:
    """The text in the file's own encoding, detected per file (ingest/safety.py
    says how, and reports files that decode with replacement characters)."""
    decoded = decode(data)
    return decoded.text if decoded is not None else data.decode("utf-8", errors="replace")
