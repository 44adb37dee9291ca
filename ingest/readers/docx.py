"""Word (.docx): heading styles (English and Dutch names), list paragraphs, tables."""

from __future__ import annotations

import io
import re
import zipfile

from ingest.models import Block, ExtractedDocument
from ingest.normalize import clean_line
from ingest.readers import UnreadableFile

_HEADING_STYLE = re.compile(r"^(heading|kop)\s*(\d)$", re.IGNORECASE)


def read_docx(data: bytes) -> ExtractedDocument:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

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

    for para in document.paragraphs:
        text = clean_line(para.text)
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        m = _HEADING_STYLE.match(style.strip())
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
    for table in document.tables:
        rows = []
        for row in table.rows:
            cells = [clean_line(c.text) for c in row.cells]
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            blocks.append(Block(text="\n".join(rows), kind="paragraph"))
    return ExtractedDocument(blocks=blocks, title_hint=title)
