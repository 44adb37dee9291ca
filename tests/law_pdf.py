"""Render a law in Markdown (as published by wetten.overheid.nl mirrors) to a
real PDF with reportlab: bold unit headings in a larger font, a running header
with the law's name, a footer with page numbers, and every third page set in
two columns — the layout of printed regulations and policy PDFs."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

_HEADING = re.compile(r"^(#{1,6})\s*(\S.*?)\s*$")


def markdown_blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) per Markdown block: ``h1``…``h6`` or ``p`` (one per line)."""
    out: list[tuple[str, str]] = []
    for line in markdown.splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            continue
        m = _HEADING.match(line)
        if m:
            out.append((f"h{len(m.group(1))}", m.group(2)))
        else:
            out.append(("p", line.replace("*", "")))
    return out


def render_law_pdf(markdown: str, path: Path, running_title: str) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate, Paragraph

    width, height = A4
    margin = 60
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=5)
    unit = ParagraphStyle("unit", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=8, spaceAfter=3)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceAfter=4)
    top = ParagraphStyle("top", fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=10)

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, height - 35, running_title)
        canvas.drawRightString(width - margin, 30, f"Pagina {doc.page}")
        canvas.restoreState()

    one = Frame(margin, 50, width - 2 * margin, height - 110, id="one")
    col = (width - 2 * margin - 18) / 2
    left = Frame(margin, 50, col, height - 110, id="left")
    right = Frame(margin + col + 18, 50, col, height - 110, id="right")
    doc = BaseDocTemplate(str(path), pagesize=A4, title=running_title)
    doc.addPageTemplates([
        PageTemplate(id="single", frames=[one], onPage=decorate),
        PageTemplate(id="double", frames=[left, right], onPage=decorate),
    ])
    story = []
    blocks = markdown_blocks(markdown)
    for i, (kind, text) in enumerate(blocks):
        style = {"h1": top, "h2": top, "h3": unit}.get(kind, title if kind.startswith("h") else body)
        story.append(Paragraph(escape(text), style))
        if i and i % 60 == 0:  # switch layout now and then: some pages in two columns
            story.append(NextPageTemplate("double" if (i // 60) % 3 == 1 else "single"))
    doc.build(story)
    return path


def ingest_written(folder: Path, name: str, text: str):
    """The document ``text`` saved as ``name`` in ``folder`` and ingested."""
    from ingest import ingest_file

    path = folder / name
    path.write_text(text, encoding="utf-8")
    return ingest_file(path, name)


def ingest_printed(folder: Path, markdown: str, name: str, running_title: str):
    """The law in ``markdown`` printed to a PDF named ``name`` and ingested."""
    from ingest import ingest_file

    path = render_law_pdf(markdown, folder / name, running_title)
    return ingest_file(path, path.name)


def passage_with(doc, words: str):
    """The first passage of an ingested document that holds ``words``."""
    found = [p for p in doc.passages if words in p.text]
    assert found, words
    return found[0]


def ingest_all_printed(folder: Path, documents: dict[str, tuple[str, str, str]]) -> dict:
    """Each (markdown, file name, running title) printed to PDF and ingested, by key."""
    return {key: ingest_printed(folder, md, name, title) for key, (md, name, title) in documents.items()}
