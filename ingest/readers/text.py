"""Plain text and Markdown."""

from __future__ import annotations

import re

from ingest.models import Block, ExtractedDocument
from ingest.normalize import decode_text, split_blank_line_blocks

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")


def read_text(data: bytes) -> ExtractedDocument:
    blocks = [Block(text=b) for b in split_blank_line_blocks(decode_text(data))]
    return ExtractedDocument(blocks=blocks)


def read_markdown(data: bytes) -> ExtractedDocument:
    """ATX headings become heading blocks (without the #), the rest is text."""
    blocks: list[Block] = []
    title: str | None = None
    for raw in split_blank_line_blocks(decode_text(data)):
        pending: list[str] = []
        for line in raw.split("\n"):
            m = _MD_HEADING.match(line)
            if m:
                if pending:
                    blocks.append(Block(text="\n".join(pending)))
                    pending = []
                level = len(m.group(1))
                blocks.append(Block(text=m.group(2), kind="heading", level=level))
                if title is None and level == 1:
                    title = m.group(2)
            else:
                pending.append(line)
        if pending:
            blocks.append(Block(text="\n".join(pending)))
    return ExtractedDocument(blocks=blocks, title_hint=title)
