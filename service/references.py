"""The one Dutch source-reference format: what an adviser pastes into a note.

Every place that shows or copies a source (the widget's "Kopieer bron", the
search page, the permalink page, the collected source list and its CSV)
gets its reference from :func:`reference`, through ``POST /v1/references``,
so the format is defined, and tested, once.

Shape (plain text; Markdown adds emphasis and links)::

    Movisie (5 oktober 2019). Aanmeldperiode verlengd, sectie “Aanmelden”, p. 3.
    “Citaat uit de passage.” Vraagbaak: https://…/bron/<id> (origineel: https://…)

The place inside the document is the passage's ``locator`` when the index
has one ("artikel 2.3.2, vierde lid"), otherwise its section heading; the
page is added unless the locator already names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel, Field

from ingest.lang import load

_WORDS = load("references")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


class SourceFields(BaseModel):
    """What a reference is made of: the passage's bibliography and place."""

    passage_id: str
    document: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    locator: str | None = None
    section: str | None = None
    page: int | None = None
    source: str | None = Field(None, description="address of the original document")
    quote: str | None = None


class Reference(SourceFields):
    """A source reference: its fields (for a CSV), and the two pasteable forms."""

    permalink: str
    place: str | None = Field(description="locator, or section, plus page: where in the document")
    text: str = Field(description="plain text, for a Word document")
    markdown: str


def dutch_date(value: str | None) -> str:
    """``2019-10-05`` → ``5 oktober 2019``; ``2017`` stays; other text is kept as written."""
    if not value or not value.strip():
        return _WORDS["no_date"]
    m = _ISO_DATE.match(value.strip())
    if not m:
        return value.strip()
    year, month, day = m.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    name = _WORDS["months"][int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def _place(fields: SourceFields) -> str | None:
    bits: list[str] = []
    if fields.locator:
        bits.append(fields.locator.strip())
    elif fields.section:
        bits.append(f"{_WORDS['section']} “{fields.section.strip()}”")
    page_text = f"{_WORDS['page']} {fields.page}" if fields.page is not None else None
    if page_text and not any(page_text in b for b in bits):
        bits.append(page_text)
    return ", ".join(bits) or None


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def reference(fields: SourceFields, permalink: str) -> Reference:
    """The reference for one passage (and, when given, the quote taken from it).

    Who (publisher, else the title leads), when (Dutch date, "z.d." without
    one), what (title), where (locator or section, page), the quote, then the
    permalink that keeps working across re-indexing and the original's address.
    """
    title = _one_line(fields.title or fields.document)
    publisher = _one_line(fields.publisher) if fields.publisher else None
    when = dutch_date(fields.date)
    place = _place(fields)
    quote = _one_line(fields.quote) if fields.quote and fields.quote.strip() else None

    def render(emph: Callable[[str], str], link: Callable[[str], str], esc: Callable[[str], str]) -> str:
        head = f"{esc(publisher)} ({when}). {emph(esc(title))}" if publisher else f"{emph(esc(title))} ({when})"
        out = head + (f", {esc(place)}." if place else ("" if title[-1] in ".?!" else "."))
        if quote:
            out += f" “{esc(quote)}”"
        out += f" {_WORDS['permalink_label']}: {link(permalink)}"
        if fields.source:
            out += f" ({_WORDS['source_label']}: {link(fields.source)})"
        return out

    text = render(str, str, str)
    markdown = render(lambda s: f"*{s}*", lambda url: f"<{url}>", _md)
    return Reference(**fields.model_dump(), permalink=permalink, place=place, text=text, markdown=markdown)
