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
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _val(node) -> str | None:
    return node.get(f"{_W}val") if node is not None else None


def _int(value: str | None, default: int) -> int:
    """A number from the numbering XML; a malformed one (a damaged file) counts as the default."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _formatted(n: int, fmt: str) -> str:
    """A list counter as Word shows it ("decimal" 3, "lowerLetter" c, "upperRoman" III)."""
    if fmt in {"lowerLetter", "upperLetter"}:
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(97 + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = ""
        for value, numeral in _ROMAN:
            while n >= value:
                roman, n = roman + numeral, n - value
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)


class _Numbering:
    """Word's automatic numbering, counted as Word counts it: the "1.", "a."
    and "Artikel 3" that a reader sees are not in the paragraph's text but
    in the document's numbering definitions. Without them a regulation's
    members lose the numbers their locators are made of."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for definition in root.findall(f"{_W}abstractNum"):
            abstract[definition.get(f"{_W}abstractNumId")] = {
                _int(level.get(f"{_W}ilvl"), 0): (
                    _val(level.find(f"{_W}numFmt")) or "decimal", _val(level.find(f"{_W}lvlText")) or "",
                    _int(_val(level.find(f"{_W}start")), 1),
                )
                for level in definition.findall(f"{_W}lvl")
            }
        for num in root.findall(f"{_W}num"):
            self.levels[num.get(f"{_W}numId")] = abstract.get(_val(num.find(f"{_W}abstractNumId")), {})

    def label(self, paragraph) -> tuple[str | None, bool]:
        """The paragraph's number as Word writes it before its text, and
        whether the paragraph is numbered at all (a bullet has no label)."""
        num_id, level = self._reference(paragraph)
        levels = self.levels.get(num_id or "", {})
        if level not in levels:
            return None, False
        fmt, text, start = levels[level]
        counts = self.counts.setdefault(num_id, {})
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        if fmt in {"bullet", "none"}:
            return None, True

        def counter(m: re.Match[str]) -> str:
            at = int(m.group(1)) - 1
            at_fmt, _, at_start = levels.get(at, ("decimal", "", 1))
            return _formatted(counts.get(at, at_start), at_fmt)

        return clean_line(re.sub(r"%(\d)", counter, text)) or None, True

    @staticmethod
    def _reference(paragraph) -> tuple[str | None, int]:
        """(numId, level) from the paragraph's own properties, else from its
        style's (and their bases); none where the XML is malformed."""
        try:
            p_pr = paragraph._p.pPr
            num_pr = p_pr.numPr if p_pr is not None else None
            style = paragraph.style
            while num_pr is None and style is not None:
                s_pr = style.element.pPr
                num_pr = s_pr.numPr if s_pr is not None else None
                style = style.base_style
            if num_pr is None or num_pr.numId is None or num_pr.numId.val == 0:
                return None, 0
            return str(num_pr.numId.val), num_pr.ilvl.val if num_pr.ilvl is not None else 0
        except (ValueError, TypeError, AttributeError):  # python-docx rejects malformed values as it reads them
            return None, 0


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
    numbering = _Numbering(document)

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
        label, numbered = numbering.label(part)
        text = f"{label} {text}" if label else text
        m = _HEADING_STYLE.match(style)
        if style.lower() in {"title", "titel"}:
            flush()
            blocks.append(Block(text=text, kind="heading", level=0))  # the document's title, not a section
            title = title or text
        elif m:
            flush()
            blocks.append(Block(text=text, kind="heading", level=int(m.group(2))))
        elif numbered or "list" in style.lower() or "lijst" in style.lower():
            items.append(text if label else f"- {text}")
        else:
            flush()
            blocks.append(Block(text=text, kind="paragraph"))
    flush()
    return ExtractedDocument(blocks=blocks, title_hint=title)
