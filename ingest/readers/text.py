"""Plain text and Markdown."""

from __future__ import annotations

import re
from functools import partial

from ingest.chunking import BULLET_LINE
from ingest.models import Block, ExtractedDocument
from ingest.normalize import (
    TABLE_ROW_LINE,
    clean_line,
    decode_text,
    join_hyphenated,
    markdown_table_lines,
    note_marks,
    running_line_edges,
    split_blank_line_blocks,
)
from ingest.structure import italic_subheading, note_text

# ATX headings as exported legal text writes them too: "####Titel", "### Artikel  1  ".
_MD_HEADING = re.compile(r"^(#{1,6})(?!#)\s*(\S.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FIELD = re.compile(r"^\s*(?P<key>[A-Za-z_][\w -]*?)\s*:\s*(?P<value>.*?)\s*$")
# A line that is only markup: an HTML comment, meta/link tag or a lone tag.
_MARKUP_LINE = re.compile(r"^\s*(<!--.*?-->|<(?:meta|link|base|br|hr)\b[^>]*/?>|</?[a-z][a-z0-9]*\s*/?>)\s*$", re.I)
# An inline link or image, "[text](target)" / "![alt](target)": its text is the document's, the
# target is not ("[artikel 1](../../wet/BWBR0020031/README.md)" in exported legal text).
_LINK = re.compile(
    r"!?\[(?P<text>[^\]\n]*)\]"  # [text] or ![alt]
    r"\(\s*<?[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*>?"  # (target, one level of brackets inside)
    r"(?:\s+[\"'(][^\n]*?[\"')])?\s*\)"  # an optional "title"
)
# A footnote written inside the sentence that refers to it, as exported policy texts have it:
# a superscript holding its number and then its text ("consequenties<sup> 11 Een intensiever
# nader onderzoek … </sup> zullen zijn"). A bare number ("respijtzorg<sup>1</sup>") is a marker only.
_INLINE_NOTE = re.compile(r"<sup>\s*(?P<n>\d{1,3})\s+(?P<text>[^<\n]*?\S\s+\S[^<\n]*?)\s*</sup>", re.I)
# Inline HTML that only formats ("<sup>3</sup>", "<b>…</b>"): the tags go, their text stays.
_INLINE_TAG = re.compile(r"</?(?:sup|sub|span|b|i|em|strong|u|small|font)\b[^>\n]*>|<br\s*/?>", re.I)
# Emphasis in a heading ("## **Stap 1 Het initiatief**", "#### *Uitbetaling door …*"): the heading
# is its text; the markers would otherwise stand in section paths and locators.
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3})(?=\S)(?P<a>[^*\n]+?)(?<=\S)\1(?![\w*])"
                       r"|(?<![\w_])(_{1,3})(?=\S)(?P<b>[^_\n]+?)(?<=\S)\3(?![\w_])")
# A heading wholly in italics, perhaps doubly and with spaces inside the marks as exports write
# them ("### *Wettelijk kader *", "### * *Non-cumulatie* *"); bold ("**…**") is styling only.
_WHOLLY_EMPHASISED = re.compile(r"^\s*(?P<mark>\*{1,3}|_{1,3})\s*(?P<text>\S.*?)\s*(?P=mark)\s*$")
_META_TAG = re.compile(r"<meta\s[^>]*?(?:name|property)\s*=\s*[\"'](?P<name>[^\"']+)[\"'][^>]*?"
                       r"content\s*=\s*[\"'](?P<content>[^\"']*)[\"']", re.I)


# A line that ends what it says: a sentence, a lead-in, an item ("…;").
_LINE_END = re.compile(r"[.!?:;][\"'’”)*_]*$")
# A wrapped line fills most of the width its paragraph is wrapped at.
WRAP_SHARE = 0.6


def unwrap(lines: list[str]) -> list[str]:
    """The lines of one paragraph block with its soft line breaks (and words
    hyphenated over them) undone.

    Text wrapped at a fixed width (an editor's Markdown, a plain-text export
    of a policy PDF) breaks sentences over lines; each line would be a
    sentence of its own and its first line a heading ("De gemeente zorgt
    ervoor dat onafhankelijke cliëntondersteuning"). A line continues the one
    before it when that one ends nothing (no closing punctuation) and either
    it starts in lower case, or every line of the block but its last fills
    most of the block's width (a wrapped paragraph, not a signature's "De /
    Minister van …, / E.M.H. Hirsch Ballin") and the one before is not the
    block's first line (which may head the paragraph). List items, table rows
    and short unpunctuated lines (names one a line) keep their own lines."""
    lines = join_hyphenated(lines)  # "onafhanke-" over "lijke": one word, as in a PDF
    width = max((len(x) for x in lines), default=0)
    uniform = all(len(x) >= WRAP_SHARE * width for x in lines[:-1])
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is None or _LINE_END.search(prev.rstrip()) or BULLET_LINE.match(line.lstrip())
            or TABLE_ROW_LINE.match(prev) or TABLE_ROW_LINE.match(line)
        ):
            out.append(line)
        elif line.lstrip()[:1].islower() or (uniform and len(out) > 1):
            out[-1] = f"{prev.rstrip()} {line.lstrip()}"
        else:
            out.append(line)
    return out


def without_running_lines(text: str) -> str:
    """A plain-text export of a PDF (pdftotext) separates its pages with form
    feeds; the running header and footer each page repeats ("Beleidsplan Wmo
    2025", "Pagina 3 van 12") are cut as the PDF reader cuts them, and the
    pages are joined so that a paragraph runs on over a page break."""
    if "\f" not in text:
        return text
    pages = [page.split("\n") for page in text.replace("\r\n", "\n").split("\f")]
    filled = [[i for i, line in enumerate(page) if line.strip()] for page in pages]
    edges = running_line_edges([[clean_line(page[i]) for i in rows] for page, rows in zip(pages, filled, strict=True)])
    kept = []
    for page, rows, (a, b) in zip(pages, filled, edges, strict=True):
        cut = set(rows[:a]) | set(rows[b:])
        kept.append("\n".join(line for i, line in enumerate(page) if i not in cut).strip("\n"))
    return "\n".join(p for p in kept if p)


def read_text(data: bytes) -> ExtractedDocument:
    text = without_running_lines(decode_text(data))
    blocks = [Block(text="\n".join(unwrap(b.split("\n")))) for b in split_blank_line_blocks(text)]
    return ExtractedDocument(blocks=blocks)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """``---`` key: value ``---`` at the top → (fields, the rest of the text)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group("body").splitlines():
        f = _FIELD.match(line)
        if f and f.group("value"):
            fields[f.group("key").strip().lower()] = f.group("value").strip().strip("\"'")
    return fields, text[m.end():]


# An image's alt text that names nothing: a number or a file name ("![254223](…/Illustration/254223)",
# "![](logo.png)", "![figuur1.png](…)").
_NO_ALT = re.compile(r"[^\w]*|[\d\W_]+|[\w.-]+\.(?:png|jpe?g|gif|svg|bmp|tiff?|webp)", re.I)


def _link_text(m: re.Match[str]) -> str:
    """A link is its text; an image its alt text, unless that is only an id or a file name."""
    text = m.group("text")
    return "" if m.group().startswith("!") and _NO_ALT.fullmatch(text.strip()) else text


def read_markdown(data: bytes) -> ExtractedDocument:
    """ATX (with or without the space) and setext headings become heading
    blocks; front matter and markup-only lines (meta tags, comments) are
    metadata, not text; a link is its text, inline formatting tags go, and
    so does emphasis around a heading's words; a footnote written inside a
    sentence follows its paragraph (``_append_notes``); a pipe table's rows
    take the one row form of every reader (``ingest.normalize.table_row``)."""
    hints, text = front_matter(decode_text(data))
    blocks: list[Block] = []
    title: str | None = None
    notes: list[str] = []  # footnotes taken out of the last paragraph's sentences (and its list's)
    for raw in split_blank_line_blocks(text):
        pending: list[str] = []
        if not _continues_list(raw):
            _append_notes(blocks, notes)
        for line in raw.split("\n"):
            own: list[str] = []  # a heading's footnote follows the heading, not the text before it
            line = _INLINE_NOTE.sub(partial(_take_note, own), line)
            if _MARKUP_LINE.match(line):
                tag = _META_TAG.search(line)
                if tag and tag.group("content"):
                    hints.setdefault(tag.group("name").split(":")[-1].lower(), tag.group("content"))
                continue
            line = _INLINE_TAG.sub("", _LINK.sub(_link_text, note_marks(line)))
            m = _MD_HEADING.match(line)
            setext = _SETEXT.match(line) if len(pending) == 1 and not line.startswith("-- ") else None
            if m or setext:
                level = len(m.group(1)) if m else (1 if line.startswith("=") else 2)
                heading, italic = _without_emphasis(m.group(2) if m else pending.pop())
                if italic and italic_subheading(blocks, level, heading):
                    level += 1
                _append_text(blocks, pending)
                pending = []
                _append_notes(blocks, notes)
                blocks.append(Block(text=heading, kind="heading", level=level))
                if title is None and level == 1:
                    title = heading
            else:
                pending.append(line)
            notes.extend(own)
        _append_text(blocks, pending)
    _append_notes(blocks, notes)
    return ExtractedDocument(blocks=blocks, title_hint=title, meta_hints=hints)


def _without_emphasis(heading: str) -> tuple[str, bool]:
    """A heading's words without emphasis marks, and whether it was wholly in
    italics (a single mark, once or twice over: "* *Non-cumulatie* *")."""
    italic = False
    while m := _WHOLLY_EMPHASISED.match(heading):
        italic = italic or len(m.group("mark")) == 1
        heading = m.group("text")
    return _EMPHASIS.sub(lambda e: e.group("a") or e.group("b"), heading), italic


def _take_note(notes: list[str], m: re.Match[str]) -> str:
    """A footnote taken out of its line into ``notes``; nothing stays in its place."""
    notes.append(note_text(m.group("n"), m.group("text")))
    return ""


def _continues_list(raw: str) -> bool:
    """Whether a block goes on with the list (or table) a lead-in announced."""
    first = raw.lstrip("\n").split("\n", 1)[0].lstrip()
    return bool(BULLET_LINE.match(first)) or first.startswith("|")


def _append_notes(blocks: list[Block], notes: list[str]) -> None:
    """The footnotes taken out of a paragraph's sentences, as the paragraph
    after it ("(Noot 11: …)"), or after the list the paragraph leads in, so
    that they stay in the passage of the sentence that refers to them. Left
    inside, a note broke that sentence in two and the answer quoted both
    halves around it."""
    if notes:
        blocks.append(Block(text=" ".join(notes)))
        notes.clear()


def _append_text(blocks: list[Block], lines: list[str]) -> None:
    """Lines of text as one block, a pipe table's rows in the one row form."""
    lines = unwrap(markdown_table_lines(lines))
    if lines:
        blocks.append(Block(text="\n".join(lines)))

