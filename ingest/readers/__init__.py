"""One reader per file format; each turns bytes into an ExtractedDocument.

Readers raise :class:`UnreadableFile` with a Dutch reason when a file cannot
be used, so the pipeline can report it and carry on with the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.models import ExtractedDocument


class UnreadableFile(Exception):
    """The file cannot be indexed; ``str(exc)`` says why, for the operator."""


Reader = Callable[[bytes], ExtractedDocument]


def reader_for(path: Path) -> tuple[str, Reader] | None:
    from ingest.readers import docx, html, pdf, text

    suffix = path.suffix.lower()
    table: dict[str, tuple[str, Reader]] = {
        ".pdf": ("pdf", pdf.read_pdf),
        ".txt": ("text", text.read_text),
        ".text": ("text", text.read_text),
        ".md": ("markdown", text.read_markdown),
        ".markdown": ("markdown", text.read_markdown),
        ".html": ("html", html.read_html),
        ".htm": ("html", html.read_html),
        ".docx": ("docx", docx.read_docx),
    }
    return table.get(suffix)


SUPPORTED_SUFFIXES = (".pdf", ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx")
