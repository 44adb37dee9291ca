"""PDF through pypdf: text per page, running headers/footers removed,
hyphenated line ends joined, lines reflowed into paragraphs.

A PDF holds no headings, paragraphs or tables, only pieces of text set in a
type at a place. The reader rebuilds the structure from that layout, the way
any producer sets it (word processors, browsers, reportlab): headings from a
bigger or bolder type, paragraphs and items from the space between lines,
table rows from pieces that start in the same columns line after line,
footnotes from the small type at a page's foot, note marks from small digits
after a word."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from ingest.chunking import BULLET_LINE, is_heading_candidate
from ingest.models import Block, ExtractedDocument
from ingest.normalize import clean_line, join_hyphenated, remove_running_lines, table_row
from ingest.readers import UnreadableFile
from ingest.structure import BULLET_MARKS, italic_subheading, note_text

_SENTENCE_END = re.compile(r"[.!?:;…\"'’”)]$")
# A bullet or dash set apart from its item by position, not by a space ("–jeugdhulp:").
_GLUED_BULLET = re.compile(rf"^([{BULLET_MARKS}–—])(?=\w)")


def _is_heading_line(line: str, typical: int) -> bool:
    """A heading candidate that is unpunctuated and clearly shorter than body lines."""
    return is_heading_candidate(line) and len(line) < 0.75 * typical and not _SENTENCE_END.search(line)


Style = tuple[float, bool]  # font size in points, bold
_BOLD_FONTS = ("bold", "black", "heavy", "semibold")  # what a font's name says of its weight
_ITALIC_FONTS = ("italic", "oblique")
# A heading's next line in its style, at most this many times its size below it, is the same
# heading wrapped; further down it is the next heading (headings are set apart by space).
WRAP_GAP = 1.6
# Lines further apart than this many times the page's usual distance between two lines of
# text are in different paragraphs (or items): layouts set paragraphs apart by space.
PARAGRAPH_GAP = 1.2
# A table's cells start at the same place on every row: a piece of a line that starts within
# this many points of where a piece of a nearby line starts stands in the same column.
COLUMN_TOLERANCE = 1.5
TABLE_NEIGHBOURS = 3  # lines above and below that are looked at for the columns
MAX_TERM_WORDS = 16  # an italic run this long at most, ending in a colon, is a defined term
# Footnotes and their marks are set in a smaller type than the text: at most this share of it.
SMALL_TYPE = 0.92
_NOTE_MARK = re.compile(r"\d{1,3}")  # a mark: the note's number, set small after a word
# A footnote's first line at the foot of a page: its number, then its text ("3 Kabinetsreactie …").
_NOTE_LINE = re.compile(r"^(?P<n>\d{1,3})[.)]?\s*(?P<text>[^\W\d].*)$")
# Raised after a unit of length it is a power ("50 m²"), not a mark; lowered, a subscript ("CO₂").
_POWER_OF = re.compile(r"(?<![^\W\d_])[cdkm]?m$")
# A list's mark set apart from its item ("1.", "b.", "2°.", "•"), which lines up as a column does.
_LIST_MARK = re.compile(rf"^\s*(?:[{BULLET_MARKS}–—-]|\(?\w{{1,3}}[.)°]\.?)\s*$")


@dataclass(frozen=True)
class Placed:
    """How and where one text line is set: its style and its baseline's height on the page."""

    style: Style
    y: float | None = None
    pieces: tuple[tuple[float, str], ...] = ()  # where each piece of the line starts, and its text
    notes: tuple[tuple[str, str], ...] = ()  # footnote marks set small after a word: (the text before, the mark)
    term: str | None = None  # a defined term the line opens with in italics ("accommodatie:")
    slanted: bool = False  # the whole line in italics


Placements = dict[str, list[Placed]]  # per text line, each time it occurs on the page, in order


def _product(m: list[float], n: list[float]) -> list[float]:
    """Two PDF transformation matrices multiplied (text matrix times current matrix)."""
    return [
        m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def line_key(line: str) -> str:
    """A text line without its spaces: pypdf puts spaces between the pieces
    of a line where the visitor saw none, and the other way round."""
    return "".join(clean_line(line).split())


def _visited_page(page) -> tuple[str, Placements]:
    """The page's text and, per text line, its font size, weight and height
    on the page, each time the line occurs (PDFs carry no headings, only
    bigger or bolder type; "Gemeentewet" may be a wrapped title once and a
    small heading later on the same page). pypdf's visitor hands over the
    text in pieces; the pieces up to a line break are one line, set in the
    style of most of its characters."""
    placed: Placements = {}
    pieces: list[tuple[str, Style, float | None, float | None]] = []
    italic: list[bool] = []

    def flush() -> None:
        key = line_key("".join(text for text, _, _, _ in pieces))
        if key:
            weight: Counter[Style] = Counter()
            for text, style, _, _ in pieces:
                weight[style] += len(text.strip())
            y = next((y for text, _, y, _ in pieces if text.strip()), None)
            main = weight.most_common(1)[0][0]
            starts = tuple((x, text) for text, _, _, x in pieces if x is not None and text.strip())
            notes = tuple(
                (clean_line(before)[-12:], text.strip())
                for (before, _, y0, _), (text, style, y1, _) in zip(pieces, pieces[1:], strict=False)
                if _NOTE_MARK.fullmatch(text.strip()) and style[0] <= SMALL_TYPE * main[0]
                and before.strip() and not _POWER_OF.search(before) and (y0 is None or y1 is None or y1 >= y0)
            )
            slanted = all(s for (text, *_), s in zip(pieces, italic, strict=True) if text.strip())
            placed.setdefault(key, []).append(Placed(main, y, starts, notes, _italic_term(pieces, italic), slanted))
        pieces.clear()
        italic.clear()

    def visit(text, cm, tm, font_dict, font_size) -> None:
        matrix = _product(list(tm), list(cm)) if tm and cm else None
        scale = abs(matrix[3] if matrix else (tm[3] if tm else 1) * (cm[3] if cm else 1)) or 1.0
        y = round(float(matrix[5]), 1) if matrix else None
        x = round(float(matrix[4]), 1) if matrix else None
        font = str((font_dict or {}).get("/BaseFont", "")).lower()
        style = (round(float(font_size) * scale, 1), any(w in font for w in _BOLD_FONTS))
        slanted = any(w in font for w in _ITALIC_FONTS)
        for i, part in enumerate(text.split("\n")):
            if i:
                flush()
            if part.strip():
                pieces.append((part, style, y, x))
                italic.append(slanted)

    text = page.extract_text(visitor_text=visit) or ""
    flush()
    return text, placed


def _italic_term(pieces: list[tuple[str, Style, float | None, float | None]], italic: list[bool]) -> str | None:
    """The term a line opens with in italics, colon included ("accommodatie:"),
    after a dash or a part's label set upright: how laws print a defined term
    (the Markdown of the same law writes it "*accommodatie:*")."""
    texts = [text for text, _, _, _ in pieces]
    first = 1 if texts and _LIST_MARK.match(texts[0]) and not italic[0] else 0
    run = ""
    for text, slanted in zip(texts[first:], italic[first:], strict=True):
        if not slanted:
            break
        run += text
    run = clean_line(run)
    return run if run.endswith(":") and 0 < len(run.split()) <= MAX_TERM_WORDS else None


def body_size(styles: list[Placements]) -> float | None:
    """The font size most of the text is set in (weighted by characters)."""
    weight: Counter[float] = Counter()
    for page in styles:
        for line, occurrences in page.items():
            for placed in occurrences:
                weight[placed.style[0]] += len(line)
    return weight.most_common(1)[0][0] if weight else None


def _heading_levels(styles: list[Placements], body: float | None) -> dict[Style, int]:
    """Styles that stand out from the body text → heading levels (bigger is
    higher; bold at body size is the lowest level)."""
    if body is None:
        return {}
    found = {
        p.style for page in styles for occurrences in page.values() for p in occurrences
        if p.style[0] >= body + 1.0 or (p.style[1] and p.style[0] >= body - 0.1)
    }
    ordered = sorted(found, key=lambda st: (-st[0], not st[1]))
    return {st: i + 1 for i, st in enumerate(ordered)}


def _without_note_marks(line: str, placed: Placed | None) -> str:
    """The line without the footnote marks set small after its words
    ("voortvarende14 handhaving" → "voortvarende handhaving"): glued to the
    word they would make another word for search and quotes."""
    for before, mark in placed.notes if placed else ():
        m = re.search(rf"(?<={re.escape(before)}) ?{mark}(?!\d)", line)
        if m:  # "slachtoffers7worden": the mark stood where the space was
            line = line[: m.start()] + (" " if line[m.end() : m.end() + 1].isalnum() else "") + line[m.end() :]
    return line


def _marked_term(line: str, placed: Placed | None) -> str:
    """The line with its italic defined term marked as Markdown marks it
    ("– *accommodatie:* bouwkundige voorziening …"), so that the structure
    model finds every definition, however many words its term has."""
    term = placed.term if placed else None
    at = line.find(term) if term else -1
    if term is None or at < 0 or (line[:at].strip() and not _LIST_MARK.match(line[:at])):
        return line
    return f"{line[:at]}*{term}*{line[at + len(term):]}"


def _continues(previous: Placed, placed: Placed, line: str) -> bool:
    """Whether a heading line in the previous heading line's style is that heading wrapped."""
    if previous.y is None or placed.y is None:
        return line[:1].islower()
    return 0 < previous.y - placed.y <= WRAP_GAP * placed.style[0]


def _spaced_lines(placements: list[Placed | None], heading_styles: set[Style]) -> list[bool | None]:
    """Per line, whether it stands apart from the line above it (True: a new
    paragraph or item), follows it at the page's usual line distance (False:
    the same paragraph wrapped), or cannot be told (None: its height is
    unknown, or it starts a new column or page)."""
    gaps = [
        a.y - b.y for a, b in zip(placements, placements[1:], strict=False)
        if a and b and a.y is not None and b.y is not None and a.style not in heading_styles
        and b.style not in heading_styles and 0 < a.y - b.y < 3 * b.style[0]
    ]
    if not gaps:
        return [None] * len(placements)
    usual = sorted(gaps)[len(gaps) // 2]
    out: list[bool | None] = [None]
    for a, b in zip(placements, placements[1:], strict=False):
        gap = a.y - b.y if a and b and a.y is not None and b.y is not None else None
        out.append(None if gap is None or not 0 < gap < 4 * usual else gap > PARAGRAPH_GAP * usual)
    return out


def _table_rows(placements: list[Placed | None]) -> list[list[str] | None]:
    """Per line, its cells when it is a row of a table: a line in pieces,
    every piece after the first starting in a column (where a piece of a
    nearby line in pieces starts too), next to another such line. Running
    text broken into pieces (a link, a bold word) lines up by chance at most
    once, never on two lines in a row."""
    split = [p if p is not None and len(p.pieces) >= 2 and not _LIST_MARK.match(p.pieces[0][1]) else None
             for p in placements]
    aligned: list[bool] = []
    for i, p in enumerate(split):
        near = [q for j in range(max(0, i - TABLE_NEIGHBOURS), min(len(split), i + TABLE_NEIGHBOURS + 1))
                if j != i and (q := split[j]) is not None]
        starts = [x for q in near for x, _ in q.pieces[1:]]
        aligned.append(p is not None and bool(starts) and all(
            any(abs(x - y) <= COLUMN_TOLERANCE for y in starts) for x, _ in p.pieces[1:]))
    return [
        _cells(p.pieces)
        if ok and p is not None and ((i and aligned[i - 1]) or (i + 1 < len(aligned) and aligned[i + 1])) else None
        for i, (p, ok) in enumerate(zip(placements, aligned, strict=True))
    ]


def _cells(pieces: tuple[tuple[float, str], ...]) -> list[str]:
    """A row's cells: a piece that starts where the cell before it started
    (or further left) is that cell's text wrapped onto a second line, which
    pypdf hands over on the row's line ("Verzwarende" | "omstandigheden")."""
    cells: list[tuple[float, str]] = []
    for x, text in pieces:
        if cells and x <= cells[-1][0] + COLUMN_TOLERANCE:
            cells[-1] = (cells[-1][0], f"{cells[-1][1].rstrip()} {text.strip()}")
        else:
            cells.append((x, text))
    return [text for _, text in cells]


def _placements(lines: list[str], styles: Placements) -> list[Placed | None]:
    """Each line's style and place: its occurrences taken in order."""
    seen: Counter[str] = Counter()
    out: list[Placed | None] = []
    for line in lines:
        key = line_key(line)
        occurrences = styles.get(key) or []
        out.append(occurrences[min(seen[key], len(occurrences) - 1)] if occurrences else None)
        seen[key] += 1
    return out


def _foot_notes_start(lines: list[str], placements: list[Placed | None], body: float | None) -> int:
    """Where the footnotes at the foot of a page begin (``len(lines)`` where
    there are none): the page's last lines all set in a smaller type than the
    body text, from the first of them that opens with a note's number."""
    start = len(lines)
    while body and start and (p := placements[start - 1]) is not None and p.style[0] <= SMALL_TYPE * body:
        start -= 1
    while start < len(lines) and not _NOTE_LINE.match(lines[start]):
        start += 1
    return start


def _note_blocks(lines: list[str], page: int) -> list[Block]:
    """Footnote lines as the text that follows the paragraph referring to
    them, "(Noot 3: Kabinetsreactie …)", as the Markdown reader gives them."""
    notes: list[list[str]] = []
    for line in lines:
        m = _NOTE_LINE.match(line)
        if m:
            notes.append([m.group("n"), m.group("text")])
        elif notes:
            notes[-1][1] = " ".join(join_hyphenated([notes[-1][1], line]))
    return [Block(text=" ".join(note_text(n, text) for n, text in notes), page=page)] if notes else []


def lines_to_blocks(
    lines: list[str], page: int, placements: list[Placed | None] | None = None,
    levels: dict[Style, int] | None = None,
) -> list[Block]:
    """Reflow wrapped lines into paragraphs; bullets and short title lines
    start blocks of their own. Lines set in a heading style are headings; a
    line in the style of the heading line just above it, at the distance of a
    wrapped line, continues that heading (where the height is unknown, a line
    that starts in lower case does)."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    table: list[str] = []  # rows of a table, in the one row form every reader gives
    typical = sorted(len(x) for x in lines)[len(lines) // 2] if lines else 0
    placements = placements or [None] * len(lines)
    levels = levels or {}
    last: Placed | None = None

    def flush_para() -> None:
        if para:
            blocks.append(Block(text=" ".join(para), page=page))
            para.clear()

    def flush_items() -> None:
        if items:
            blocks.append(Block(text="\n".join(items), kind="list", page=page))
            items.clear()

    def flush_table() -> None:
        if table:
            blocks.append(Block(text="\n".join(table), kind="paragraph", page=page))
            table.clear()

    lines = [_marked_term(_without_note_marks(line, placed), placed)
             for line, placed in zip(lines, placements, strict=True)]
    spaced = _spaced_lines(placements, set(levels))
    smallest = min((st[0] for st in levels), default=0.0)  # bold at body size: a heading only if it looks like one
    for line, placed, apart, cells in zip(lines, placements, spaced, _table_rows(placements), strict=True):
        if cells is not None:  # a table's header row is no heading, however bold
            flush_para()
            flush_items()
            row = table_row(cells)
            if row is not None:
                table.append(row)
            continue
        flush_table()
        style = placed.style if placed else None
        level = levels.get(style) if style else None
        wrapped = level is not None and last is not None and style == last.style and _continues(last, placed, line)
        if level is not None and (wrapped or style[0] > smallest or is_heading_candidate(line)):
            flush_para()
            flush_items()
            if wrapped and blocks and blocks[-1].kind == "heading":
                blocks[-1].text += " " + line  # a heading wrapped over two lines
            else:  # a heading in italics in the type of the numbered section before it is its subheading
                deeper = placed.slanted and italic_subheading(blocks, level, line)
                blocks.append(Block(text=line, kind="heading", level=level + 1 if deeper else level, page=page))
            last = placed
            continue
        last = None
        if BULLET_LINE.match(line):
            flush_para()
            items.append(line)
            continue
        if items and (apart is False or (apart is None and line[:1].islower())):
            items[-1] += " " + line
            continue
        flush_items()
        if para and apart:
            flush_para()
        if _is_heading_line(line, typical) and (not para or _SENTENCE_END.search(para[-1])):
            flush_para()
            blocks.append(Block(text=line, page=page))
            continue
        para.append(line)
        if _SENTENCE_END.search(line) and len(line) < 0.7 * typical:
            flush_para()
    flush_para()
    flush_items()
    flush_table()
    return blocks


def _runs_on(last: Block, first: Block) -> bool:
    """Whether a page's first paragraph continues the previous page's last one:
    that one stops without ending its sentence, this one starts in lower case
    ("… waarna" | "de inspecteur het nader onderzoek verbreedt …")."""
    return (last.kind == "unknown" and first.kind == "unknown" and "\n" not in last.text
            and not _SENTENCE_END.search(last.text) and first.text[:1].islower())


def _unmarked_items(blocks: list[Block]) -> list[Block]:
    """Paragraphs in lower case under a lead-in ("… zijn:" | "het stimuleren
    van gemeenten …," | "het aanspreken van gemeenten …,") are the items of
    a list whose marks were drawn, not written (a browser prints bullets as
    shapes): one list block after the lead-in, as the other readers give it."""
    out: list[Block] = []
    listing: Block | None = None
    for block in blocks:
        last = out[-1] if out else None
        if last is not None and block.kind == "unknown" and block.text[:1].islower() and "\n" not in block.text and (
            last is listing or (last.kind == "unknown" and last.text.rstrip().endswith(":"))
        ):
            if last is not listing:
                listing = Block(text=f"- {block.text}", kind="list", page=block.page)
                out.append(listing)
            else:
                listing.text += f"\n- {block.text}"
            continue
        listing = None
        out.append(block)
    return out


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
    pages = [[_GLUED_BULLET.sub(r"\1 ", c) for c in map(clean_line, text.split("\n")) if c] for text, _ in visited]
    styles = [st for _, st in visited]
    body = body_size(styles)
    levels = _heading_levels(styles, body)
    warnings = [
        f"pagina {i} heeft geen tekstlaag en is overgeslagen (OCR nodig)"
        for i, lines in enumerate(pages, start=1)
        if not lines
    ]
    if len(warnings) == len(pages):
        raise UnreadableFile("PDF zonder tekstlaag (alleen afbeeldingen); OCR nodig")
    pages = remove_running_lines(pages)
    blocks: list[Block] = []
    notes: list[Block] = []  # a page's footnotes wait for the paragraph that may run on
    for number, lines in enumerate(pages, start=1):
        lines = join_hyphenated(lines)
        placed = _placements(lines, styles[number - 1])
        foot = _foot_notes_start(lines, placed, body)
        page_blocks = lines_to_blocks(lines[:foot], number, placed[:foot], levels)
        if blocks and page_blocks and _runs_on(blocks[-1], page_blocks[0]):
            blocks[-1].text = " ".join(join_hyphenated([blocks[-1].text, page_blocks.pop(0).text]))
        blocks.extend(notes + page_blocks)
        notes = _note_blocks(lines[foot:], number)
    blocks.extend(notes)
    blocks = _unmarked_items(blocks)
    title = None
    try:
        title = (reader.metadata.title if reader.metadata else None) or None
    except Exception:  # noqa: BLE001 - broken metadata must not lose the text
        title = None
    return ExtractedDocument(blocks=blocks, page_count=len(pages), title_hint=title, warnings=warnings)
