"""Word (.docx): heading styles (English and Dutch names), list paragraphs, tables in place."""

from __future__ import annotations

import io
import re
import zipfile

from ingest.models import Block, ExtractedDocument
from ingest.normalize import clean_line, table_row
from ingest.readers import UnreadableFile

_HEADING_STYLE = re.compile(r"^(heading|kop)\s*(\d)$", re.IGNORECASE)
# Word's table of contents: "TOC 1", "TOC Heading", "Inhopg 1", "Kop van inhoudsopgave".
_TOC_STYLE = re.compile(r"^(toc\b|inhopg\b|kop van inhoudsopgave)", re.IGNORECASE)


def read_docx(data: bytes) -> ExtractedDocument:
    """Paragraphs and tables in the order the document has them (a table
    under "Financiën" belongs to that section); the paragraphs of Word's
    table of contents (styles "TOC 1", "Inhopg 1") are navigation, not text."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(f"beschadigd of onleesbaar Word-bestand ({exc.__class__.__name__})") from exc
    blocks: list[Block] = []
    items: list[str] = []
    title = document.core_properties.title or None

    def flush() -> None:
        if items:
            blocks.append(Block(text="\n".join(items), kind="list"))
            items.clear()

    for part in document.iter_inner_content():
        if isinstance(part, Table):
            flush()
            rows = [r for r in (table_row([c.text for c in row.cells]) for row in part.rows) if r]
            if rows:
                blocks.append(Block(text="\n".join(rows), kind="paragraph"))
            continue
        text = clean_line(part.text)
        style = ((part.style.name if part.style is not None else "") or "").strip()
        if not text or _TOC_STYLE.match(style):
            continue
        m = _HEADING_STYLE.match(style)
        if style.lower() in {"title", "titel"}:
            flush()
            blocks.append(Block(text=text, kind="heading", level=0))  # the document's title, not a section
            title = title or text
        elif m:
            flush()
            blocks.append(Block(text=text, kind="heading", level=int(m.group(2))))
        elif "list" in style.lower() or "lijst" in style.lower():
            items.append(f"- {text}")
        else:
            flush()
            blocks.append(Block(text=text, kind="paragraph"))
    flush()
    return ExtractedDocument(blocks=blocks, title_hint=title)
