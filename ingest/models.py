"""Data that leaves the ingest layer; everything downstream is built from these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

BlockKind = Literal["heading", "paragraph", "list", "unknown"]


@dataclass
class Block:
    """A run of text that belongs together (a heading, a paragraph, a list).

    Readers that know the structure (HTML, DOCX, Markdown) set ``kind`` and
    ``level``; plain text and PDF leave ``unknown`` for the chunker's heuristics.
    """

    text: str
    kind: BlockKind = "unknown"
    level: int | None = None
    page: int | None = None


@dataclass
class ExtractedDocument:
    """What a reader makes of one file, before chunking."""

    blocks: list[Block]
    page_count: int | None = None
    title_hint: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Fields the file states about itself (front matter, a "Bron:" line, HTML meta).
    meta_hints: dict[str, str] = field(default_factory=dict)


class DocumentMeta(BaseModel):
    """Bibliographic data an adviser needs to cite a source."""

    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    source: str | None = None
    note: str | None = None


class Passage(BaseModel):
    """A retrievable unit: an exact slice ``text == document_text[start:end]``."""

    id: str
    document: str
    ordinal: int
    text: str
    start: int
    end: int
    page: int | None = None
    section_path: list[str] = Field(default_factory=list)
    # How a reader cites the place: "artikel 2.3.2, vierde lid", "Stap 3", "p. 12, § 4.2".
    locator: str | None = None
    # Ids of passages of the same document this one refers to ("als bedoeld in artikel 5").
    references: list[str] = Field(default_factory=list)
    # Text the passage depends on but does not contain (a definition list's lead-in);
    # indexed with it, never shown as its text.
    context: str | None = None

    @property
    def section(self) -> str | None:
        return self.section_path[-1] if self.section_path else None

    @property
    def word_count(self) -> int:
        return len(self.text.split())


class DocumentBase(BaseModel):
    """A document's identity, bibliography and normalised text."""

    name: str
    sha256: str
    format: str
    title: str
    meta: DocumentMeta
    pages: int | None
    text: str
    warnings: list[str] = Field(default_factory=list)
    # Names the document gives itself ("Deze wet wordt aangehaald als: …", "deze
    # handreiking"); questions that use them are steered to this document.
    aliases: list[str] = Field(default_factory=list)
    # Genre nouns it uses for itself ("deze handreiking"); they name it when no
    # other document of the corpus uses the same noun.
    genres: list[str] = Field(default_factory=list)


class IngestedDocument(DocumentBase):
    passages: list[Passage]


class Skipped(BaseModel):
    """A file that could not be indexed, with a reason a person can act on."""

    name: str
    reason: str
