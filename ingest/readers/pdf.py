"""PDF through pypdf: text per page, running headers/footers removed,
hyphenated line ends joined, lines reflowed into paragraphs."""

from __future__ import annotations

import io
import re
from collections import Counter

from ingest.chunking import BULLET_LINE, is_heading_candidate
from ingest.models import Block, ExtractedDocument
from ingest.normalize import clean_line, join_hyphenated, remove_running_lines
from ingest.readers import UnreadableFile

_SENTENCE_END = re.compile(r"[.!?:;…\"'’”)]$")


def _is_heading_line(line: str, typical: int) -> bool:
    """A heading candidate that is unpunctuated and clearly shorter than body lines."""
    return is_heading_candidate(line) and len(line) < 0.75 * typical and not _SENTENCE_END.search(line)


Style = tuple[float, bool]  # font size in points, bold


def _visited_page(page) -> tuple[str, dict[str, Style]]:
    """The page's text and, per text line pypdf's visitor saw, its font size
    and weight (PDFs carry no headings, only bigger or bolder type)."""
    styles: dict[str, Style] = {}

    def visit(text, cm, tm, font_dict, font_size) -> None:
        scale = abs((tm[3] if tm else 1) * (cm[3] if cm else 1)) or 1.0
        font = str((font_dict or {}).get("/BaseFont", ""))
        bold = any(w in font.lower() for w in ("bold", "black", "heavy", "semibold"))
        for piece in text.split("\n"):
            key = clean_line(piece)
            if key:
                styles.setdefault(key, (round(float(font_size) * scale, 1), bold))

    text = page.extract_text(visitor_text=visit) or ""
    return text, styles


def body_size(styles: list[dict[str, Style]]) -> float | None:
    """The font size most of the text is set in (weighted by characters)."""
    weight: Counter[float] = Counter()
    for page in styles:
        for line, (size, _) in page.items():
            weight[size] += len(line)
    return weight.most_common(1)[0][0] if weight else None


def _heading_levels(styles: list[dict[str, Style]], body: float | None) -> dict[Style, int]:
    """Styles that stand out from the body text → heading levels (bigger is
    higher; bold at body size is the lowest level)."""
    if body is None:
        return {}
    found = {st for page in styles for st in page.values() if st[0] >= body + 1.0 or (st[1] and st[0] >= body - 0.1)}
    ordered = sorted(found, key=lambda st: (-st[0], not st[1]))
    return {st: i + 1 for i, st in enumerate(ordered)}


def lines_to_blocks(
    lines: list[str], page: int, styles: dict[str, Style] | None = None, levels: dict[Style, int] | None = None
) -> list[Block]:
    """Reflow wrapped lines into paragraphs; bullets and short title lines
    start blocks of their own. Lines set in a heading style are headings
    (consecutive lines of one style are one wrapped heading)."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    typical = sorted(len(x) for x in lines)[len(lines) // 2] if lines else 0
    styles = styles or {}
    levels = levels or {}
    last_style: Style | None = None

    def flush_para() -> None:
        if para:
            blocks.append(Block(text=" ".join(para), page=page))
            para.clear()

    def flush_items() -> None:
        if items:
            blocks.append(Block(text="\n".join(items), kind="list", page=page))
            items.clear()

    for line in lines:
        style = styles.get(line)
        level = levels.get(style) if style else None
        wrapped = level is not None and style == last_style and line[:1].islower()
        if level is not None and (wrapped or style[0] > min(s[0] for s in levels) or is_heading_candidate(line)):
            flush_para()
            flush_items()
            if wrapped and blocks and blocks[-1].kind == "heading":
                blocks[-1].text += " " + line  # a heading wrapped over two lines
            else:
                blocks.append(Block(text=line, kind="heading", level=level, page=page))
            last_style = style
            continue
        last_style = None
        if BULLET_LINE.match(line):
            flush_para()
            items.append(line)
            continue
        if items and line[:1].islower():
            items[-1] += " " + line
            continue
        flush_items()
        if _is_heading_line(line, typical) and (not para or _SENTENCE_END.search(para[-1])):
            flush_para()
            blocks.append(Block(text=line, page=page))
            continue
        para.append(line)
        if _SENTENCE_END.search(line) and len(line) < 0.7 * typical:
            flush_para()
    flush_para()
    flush_items()
    return blocks


def read_pdf(data: bytes) -> ExtractedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.strip():
        raise UnreadableFile("leeg bestand")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 - pypdf raises several kinds here
                raise UnreadableFile("versleutelde PDF; ontsleutelen lukt niet") from exc
            if not opened:
                raise UnreadableFile("versleutelde PDF met wachtwoord; sla hem onbeveiligd op")
        visited = [_visited_page(page) for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadableFile(f"beschadigde of onleesbare PDF ({exc.__class__.__name__})") from exc
    if not visited:
        raise UnreadableFile("PDF zonder pagina's")
    pages = [[c for c in (clean_line(x) for x in text.split("\n")) if c] for text, _ in visited]
    styles = [st for _, st in visited]
    levels = _heading_levels(styles, body_size(styles))
    warnings = [
        f"pagina {i} heeft geen tekstlaag en is overgeslagen (OCR nodig)"
        for i, lines in enumerate(pages, start=1)
        if not lines
    ]
    if len(warnings) == len(pages):
        raise UnreadableFile("PDF zonder tekstlaag (alleen afbeeldingen); OCR nodig")
    pages = remove_running_lines(pages)
    blocks: list[Block] = []
    for number, lines in enumerate(pages, start=1):
        blocks.extend(lines_to_blocks(join_hyphenated(lines), number, styles[number - 1], levels))
    title = None
    try:
        title = (reader.metadata.title if reader.metadata else None) or None
    except Exception:  # noqa: BLE001 - broken metadata must not lose the text
        title = None
    return ExtractedDocument(blocks=blocks, page_count=len(pages), title_hint=title, warnings=warnings)
