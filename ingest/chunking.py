"""Structure-aware chunking: headings, paragraphs and lists stay together.

A passage is always an exact slice of the document's normalised text, so an
answer's quote can be traced back to its place (offset and page).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ingest.lang import load
from ingest.models import Block, Passage
from ingest.normalize import TABLE_ROW_LINE
from ingest.sentences import sentence_spans
from ingest.structure import (
    BULLET_MARKS,
    CLOSING_MARKS,
    OPENING_MARKS,
    Unit,
    annex_prefix,
    closing_start,
    definition_term,
    ends_dangling,
    has_members,
    heading_label,
    introduces_definitions,
    is_closing,
    is_in_force_note,
    is_never_heading,
    is_numbered_section,
    is_preamble,
    is_signature,
    is_status_line,
    member_number,
    members_phrase,
    numbered_definition_term,
    opens_member,
    opens_signature,
    page_phrase,
    parse_annex,
    parse_unit,
    part_label,
    parts_phrase,
    references,
    term_phrase,
    unbulleted,
)

MIN_WORDS = 80
MAX_WORDS = 250
BLOCK_SEPARATOR = "\n\n"
LONG_TITLE = "long_title"  # a block kind: an act's long title, kept in the text and out of every passage
UNIT_LEVEL = 10  # legal units sit below any free heading level (1–6)
ANNEX_LEVEL = 0.5  # an annex sits above every heading but the document's title (0)
# A plain line found to head a section in a file whose headings are written as such (Markdown,
# a PDF's type sizes) sits below every written heading and above legal units: the next written
# heading closes it, whatever its level, and it never becomes the parent of one.
LEAF_LEVEL = 9.25
MAX_REFERENCES = 10
MEMBER_SPANS_CACHE = 1024  # passages whose members span_locator keeps parsed

# Shared by the PDF reader (line breaking) and the answerer (list answers).
BULLET_LINE = re.compile(rf"^([{BULLET_MARKS}\-–*]|\(?\d{{1,2}}[.)]|[a-z][.)])\s+")


def opens_list_item(line: str) -> bool:
    """Whether a line opens a list item: a glyph or dash, a number, or a part's
    letter, also glued to its text as the official export writes it ("a.een
    beschrijving …", "b)aan …")."""
    return bool(BULLET_LINE.match(line)) or part_label(line) is not None


# Only the glyph or dash of a bulleted line (an answer writes each item as "- …").
BULLET_MARK = re.compile(rf"^\s*[{BULLET_MARKS}\-–*]\s+")
NUMBERED_HEADING = re.compile(
    r"^((stap|fase|deel|hoofdstuk|criterium|artikel)\s+\d+[:.)]?|\d{1,2}(\.\d+)*[.)]?)\s", re.I
)
_NO_HEADING_END = re.compile(r"[.,;]$")
# A table of contents entry: a title, dot leaders (or a tab), a page number ("1.1 Aanleiding ....... 3").
_TOC_LEADER = re.compile(r"^\S.{0,150}?(?:\s*(?:\.\s?){4,}|\s*…+)\s*\d{1,3}\s*$")
# Without leaders: a numbered title ending in its page number ("2.1 Wat is cliëntondersteuning 5").
_TOC_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?P<title>\S.{0,120}?)\s(?P<page>\d{1,3})\s*$")
# A table of contents written as a table: a section number and a title per row, perhaps a page
# ("| 1.1 | Aanleiding |", "| *2.* | *Gegevens over de jeugdige* | 7 |"); a row of one cell between
# such rows ("| *DEEL 1 GEGEVENSDEFINITIES* |") divides it into parts.
_TOC_ROW = re.compile(
    r"^\|\s*\**\s*\d{1,2}(?:\.\d{1,2})*\.?\s*\**\s*\|\s*\**\s*(?P<title>[^|*\s][^|*]{0,120}?)\s*\**\s*\|"
    r"(?:\s*(?P<page>\d{1,3})\s*\|)?\s*$"
)
_ONE_CELL_ROW = re.compile(r"^\|[^|]+\|\s*$")
TOC_MIN_LINES = 3
_MONTH_NAMES: list[str] = load("references")["months"]
_MONTHS = "|".join(_MONTH_NAMES)
_DATE_LINE = re.compile(rf"^(\d{{1,2}}\s+({_MONTHS})\s+\d{{4}}|\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}})\.?$", re.I)


@dataclass(frozen=True)
class ChunkOptions:
    """Switches for the structure model, so an evaluation can measure each part."""

    structure: bool = True  # legal units, members, definitions; members are never headings
    boilerplate: bool = True  # drop enacting formulas and signatures
    # Short sibling members merge while the run is under this many words (never past MAX_WORDS).
    member_run_words: int = MAX_WORDS


@dataclass
class _Block:
    text: str
    kind: str
    level: float | None  # decimal-numbered headings nest in tenths
    page: int | None
    start: int = 0
    end: int = 0
    unit: Unit | None = None
    title: str | None = None  # a unit heading's own title, from the heading after it
    annex: str | None = None  # an annex heading's citation form ("bijlage 2")
    in_chapter: bool = False  # a numbered section moved under its chapter ("2.1" under "Hoofdstuk 2")

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def path_text(self) -> str:
        text = _CONTINUED.sub("", self.text)
        return f"{text}. {self.title}" if self.title else text


def is_heading_candidate(text: str) -> bool:
    if "\n" in text or not text:
        return False
    words = text.split()
    if not 0 < len(words) <= 14 or len(text) > 120 or _NO_HEADING_END.search(text) or _DATE_LINE.match(text):
        return False
    if ends_dangling(text) or is_status_line(text):
        return False
    if len(text) > 2 and text[0] in OPENING_MARKS and text[-1] in CLOSING_MARKS:
        text = text[1:]  # a title in quotes: "‘Ernstige vrees voor verdere verstoring’"
    first = text[0]
    return first.isupper() or first.isdigit() or first == "§"


def _toc_lines(lines: list[str], document: str | None = None) -> list[bool]:
    """Which lines are entries of a table of contents: every line with dot
    leaders before a page number, and runs of at least TOC_MIN_LINES numbered
    titles whose trailing page numbers do not go down and (given the whole
    ``document``, lower-cased) most of whose titles it holds a second time,
    as headings: a numbered list of counts ("1. Aantal meldingen 120") is no
    table. A reader navigates with them; as text they repeat every heading."""
    marks = [bool(_TOC_LEADER.match(x.strip())) for x in lines]
    _mark_toc_rows(lines, document, marks)
    i = 0
    while i < len(lines):
        j, titles, pages = i, [], []
        while j < len(lines) and (m := _TOC_NUMBERED.match(lines[j].strip())) and (
            not pages or int(m.group("page")) >= pages[-1]
        ):
            titles.append(m.group("title").strip().lower())
            pages.append(int(m.group("page")))
            j += 1
        if j - i >= TOC_MIN_LINES and _return_as_headings(titles, document):
            marks[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return marks


def _return_as_headings(titles: list[str], document: str | None) -> bool:
    """Whether most of a run's titles (lower-cased) stand a second time in the
    ``document``, as the headings they list; without the document, they do."""
    found = len(titles) if document is None else sum(document.count(t) >= 2 for t in titles)
    return 2 * found > len(titles)


def _mark_toc_rows(lines: list[str], document: str | None, marks: list[bool]) -> None:
    """Mark the rows of a table of contents written as a table: a run of at
    least TOC_MIN_LINES rows of a section number and a title (one-cell rows
    between them dividing it into parts), most of whose titles the
    ``document`` holds a second time, as headings. A table of numbered data
    rows ("| 1. | Aantal bijstandsontvangers | CBS |") has more cells."""
    i = 0
    while i < len(lines):
        j, titles = i, []
        while j < len(lines):
            m = _TOC_ROW.match(lines[j].strip())
            if m:
                titles.append(m.group("title").strip().lower())
            elif not (titles and _ONE_CELL_ROW.match(lines[j].strip())):
                break
            j += 1
        while j > i and not _TOC_ROW.match(lines[j - 1].strip()):  # a run ends with an entry
            j -= 1
        if len(titles) >= TOC_MIN_LINES and _return_as_headings(titles, document):
            marks[i:j] = [True] * (j - i)
        i = max(j, i + 1)


def _drop_toc(blocks: list[Block]) -> list[Block]:
    """The blocks without table-of-contents lines; the table's own title
    ("Inhoudsopgave", a heading or a short line right above it) goes with them."""
    out: list[Block] = []
    dropped_after: set[int] = set()
    document = "\n".join(b.text for b in blocks).lower()
    for block in blocks:
        lines = block.text.split("\n")
        marks = _toc_lines(lines, document)
        if block.kind == "heading" or not any(marks):
            out.append(block)
            continue
        kept = [x for x, m in zip(lines, marks, strict=True) if not m]
        if len(kept) == 1 and not marks[0] and len(kept[0].split()) <= 3:
            kept = []  # the table's own title ("Inhoudsopgave") on the line above it
        above = out[-1] if out else None
        if above is not None and not any(x.strip() for x in kept) and (
            above.kind == "heading" or ("\n" not in above.text.strip() and len(above.text.split()) <= 3)
        ):
            dropped_after.add(len(out) - 1)
        if any(x.strip() for x in kept):
            out.append(replace(block, text="\n".join(kept)))
    return [b for i, b in enumerate(out) if i not in dropped_after]


def _classify(block: Block, structure: bool) -> list[_Block]:
    if block.kind != "unknown":
        return [_Block(block.text, block.kind, block.level, block.page)]
    lines = block.text.split("\n")
    if len(lines) > 1 and all(BULLET_LINE.match(x) for x in lines):
        return [_Block(block.text, "list", None, block.page)]
    head_ok = is_heading_candidate(lines[0]) and not (structure and is_never_heading(lines[0]))
    if len(lines) > 1 and head_ok and not BULLET_LINE.match(lines[0]):
        head = _Block(lines[0], "candidate", None, block.page)
        rest = Block("\n".join(lines[1:]), page=block.page)
        return [head, *_classify(rest, structure)]
    if len(lines) == 1 and head_ok:
        return [_Block(block.text, "candidate", None, block.page)]
    if len(lines) > 1 and sum(bool(BULLET_LINE.match(x)) for x in lines) >= len(lines) - 1:
        return [_Block(block.text, "list", None, block.page)]
    return [_Block(block.text, "paragraph", None, block.page)]


def _mark_units(blocks: list[_Block]) -> None:
    """Legal unit headings get their rank as level (Markdown levels of laws are
    flat: every unit is "###"); the unnumbered heading right after a unit
    heading is that unit's title, not a level of its own. An annex
    ("Bijlage 1") closes every open unit and holds what follows it: its
    headings keep their own levels under it, whatever the units around the
    body were written as; chapters written in the annex ("### Hoofdstuk 2")
    are the peers of headings written as they are and the parents of those
    written below them."""
    previous: _Block | None = None
    peer_level: dict[int, int] = {}  # a file's heading level → the deepest unit level written at it
    open_numbers: dict[int, list[str]] = {}  # rank → numbers of the open units of that rank, outermost first
    in_article = in_annex = False
    annex_unit: tuple[int, float] | None = None  # (heading level as written, level) of an annex's last unit
    previous_written: float | None = None  # the heading level the previous unit heading was written at
    for b in blocks:
        bare_unit = previous is not None and previous.unit is not None and previous.title is None
        bare_unit = bare_unit and previous.unit.title is None
        below = b.kind == "heading" and previous_written is not None and (b.level or 0) > previous_written
        title = _unit_title(b, below) if bare_unit else None
        if b.kind in {"heading", "candidate"} and not (title and below) and (annex := parse_annex(b.text)) is not None:
            b.kind, b.level, b.annex = "heading", ANNEX_LEVEL, annex
            open_numbers.clear()
            peer_level.clear()  # the body's units say nothing of how the annex writes its own
            in_article, in_annex, previous, annex_unit = False, True, b, None
            continue
        if b.kind in {"list", "paragraph"} and title and _is_dashed_line(b.text):
            # printed or in plain text, "– Aanmeldprocedure" under "Hoofdstuk 2" reads as an item: it is the title
            previous.title, b.kind = title, "title"
            continue
        if b.kind in {"heading", "candidate"} and previous is not None and (named := _annex_title(previous, b)):
            previous.title, b.kind, previous = named, "title", None
            continue
        if b.kind in {"heading", "candidate"}:
            unit = parse_unit(b.text)
            if unit is not None:
                written = b.level if b.kind == "heading" else None
                previous_written = written
                if written is not None:
                    peer_level[written] = max(peer_level.get(written, 0), UNIT_LEVEL + unit.rank)
                depth = _sub_unit_depth(unit, open_numbers)
                b.kind, b.unit, b.level = "heading", unit, UNIT_LEVEL + unit.rank + depth / 10
                if in_annex and written is not None:
                    annex_unit = (written, b.level)
            elif title and (not in_article or (
                    (below or is_heading_candidate(b.text)) and not b.text.endswith(":"))):
                # the title of the bare unit heading right above; an article's title written below it may
                # run long ("####De inschakeling van het Centraal Justitieel Incassobureau (CJIB) …")
                previous.title = title
                b.kind = "title"
                continue
            elif in_article and (not is_heading_candidate(b.text) or b.text.endswith(":")):
                b.kind, b.level = "paragraph", None  # a sentence marked up as a heading is text
            elif (b.kind == "heading" and b.level in peer_level and not _SECTION_NUMBER.match(b.text)):
                # written like the units around it ("### Artilel 21b"): their peer, not their parent;
                # a numbered section ("### 2 Doel …" around quoted articles) keeps its own level
                b.level = peer_level[b.level]
            elif b.kind == "heading" and annex_unit is not None and (b.level or 0) > annex_unit[0]:
                # written below an annex's chapter ("### Hoofdstuk 1", then "####Entreevoorwaarden"): under it
                b.level = annex_unit[1] + ((b.level or 0) - annex_unit[0]) / 100
            elif b.kind == "candidate" and in_article:
                b.kind = "paragraph"  # inside an article a short line is a member or a wrapped line, never a heading
        if b.kind == "heading":
            in_article = b.unit is not None and b.unit.cite == "artikel"
        previous = b if b.kind == "heading" else None


_LEADING_DASH = re.compile(r"^[–—-]\s+")
# What an export leaves of a heading it split in two on the second one's line: the
# separator before a unit's title ("Hoofdstuk 1: Algemene bepalingen", "Hoofdstuk 2 –
# Aanmeldprocedure"), which goes with the title, and the comma of an annex's heading
# split after its name ("### Bijlage", "####, behorend bij artikel 2, vierde lid"),
# which goes from the path ("Bijlage › , behorend bij …").
_LEADING_SEPARATOR = re.compile(r"^(?:[–—-]\s+|:\s*)")
_CONTINUED = re.compile(r"^[,;]\s*")
MAX_UNIT_TITLE_WORDS = 40  # "§ 7" of a decree: "Zelfstandigen die een bedrijf … in de vorm van een rechtspersoon"


def _is_dashed_line(text: str) -> bool:
    """One line opening with a dash ("– Aanmeldprocedure")."""
    text = text.strip()
    return bool(_LEADING_DASH.match(text)) and "\n" not in text


def _unit_title(b: _Block, below: bool = False) -> str | None:
    """The title a heading gives the unit heading above it, or None. Exports
    split "Hoofdstuk 2 – Aanmeldprocedure" into "### Hoofdstuk 2" and
    "####– Aanmeldprocedure" (or "####: Aanmeldprocedure"): the dash or colon
    goes. A heading marked up as such may
    be longer than a heading candidate in plain text (a decree's paragraph
    titles run to 24 words); like any title it does not end like a sentence,
    and it opens with a capital unless it is written one level below the unit
    heading, as exports write titles ("### Paragraaf 1", then
    "####financiële verantwoording"). A title that reads as an annex's name
    ("### Artikel 16", then "####Bijlagen") is still the unit's title."""
    text = _LEADING_SEPARATOR.sub("", b.text.strip())
    if is_heading_candidate(text):
        return text
    fits = b.kind == "heading" and len(text.split()) <= MAX_UNIT_TITLE_WORDS and "\n" not in text
    opens = text[:1].isupper() or (below and text[:1].islower())
    return text if fits and opens and not _NO_HEADING_END.search(text) else None


def _annex_title(annex: _Block, b: _Block) -> str | None:
    """The title a heading gives the bare annex heading right above it
    ("### Bijlage 4", then "####Persoonlijke verzorging"): like a unit's
    title, not a section number ("### 1 Inleiding" opens the annex's first
    section) and not a line going on from the annex's name ("behorende bij
    artikel 7"). Kept apart, the title was closed by the annex's first
    section, and passages of nine annexes on nine kinds of care all read
    "Bijlage n › 4.3 Geldigheidsduur"."""
    if annex.annex is None or annex.title is not None or len(annex.text.split()) > 2:
        return None
    if parse_unit(b.text) is not None or parse_annex(b.text) is not None or is_numbered_section(b.text):
        return None
    title = _unit_title(b)
    return title if title and title[:1].isupper() else None


def _sub_unit_depth(unit: Unit, open_numbers: dict[int, list[str]]) -> int:
    """How deep a unit nests under open units of its own rank whose number
    its own extends: "§ 4.2.a" under "§ 4.2" (its number, a dot, a part).
    A unit closes the deeper ranks' units, and its own rank's that it does
    not extend."""
    for rank in [r for r in open_numbers if r > unit.rank]:
        del open_numbers[rank]
    stack = open_numbers.setdefault(unit.rank, [])
    while stack and not unit.number.lower().startswith(stack[-1].lower() + "."):
        stack.pop()
    stack.append(unit.number)
    return len(stack) - 1


def _drop_boilerplate(blocks: list[_Block]) -> list[_Block]:
    """Enacting formula before the first unit; closing formula and signatures
    up to the next heading that the file or the legal numbering marks (runs of
    short signature lines are only heading *candidates* at this point). A
    publication formula that is the first text of an article is that
    article's text, not the regulation's closing."""
    if not any(b.unit for b in blocks):
        return blocks
    kept: list[_Block] = []
    seen_unit = False
    closing = False
    bare = False  # a unit heading with no text under it yet
    for b in blocks:
        if b.kind == "heading":
            closing = False
            seen_unit = seen_unit or b.unit is not None
            bare = b.unit is not None
        elif bare and b.kind != "title" and is_closing(b.text):
            # the article's own text ("Artikel 10 Inwerkingtreding: Deze regeling zal met de toelichting in
            # de Staatscourant worden geplaatst. Zij treedt in werking met ingang van …"): kept; what follows
            # it under the same heading (a signature) is not
            closing = True
        elif closing or is_closing(b.text) or (not seen_unit and is_preamble(b.text)):
            closing = closing or is_closing(b.text)
            continue
        elif seen_unit and (cut := closing_start(b.text)) is not None:
            # reflowed PDF text: the closing formula runs on after the last sentence
            closing = True
            b.text = b.text[:cut].rstrip()
        bare = bare and b.kind in {"heading", "title"}
        kept.append(b)
    return kept


# A place and a date above a signature: "Den Haag, 28 mei 2013" on one line, or "Den Haag" on the line above.
_PLACE_DATE = re.compile(rf"^[A-Z'’][\w'’ -]{{1,30}},?\s+\d{{1,2}}\s+({_MONTHS})\s+\d{{4}}\.?$", re.I)
MAX_SIGNATURE_BLOCKS = 6  # "De", the office, the names under it: a signature is a few short blocks


def _signature_end(blocks: list[_Block], i: int) -> int:
    """Where a signature that starts at block ``i`` ends (``i`` when none
    does): the longest run of blocks whose lines together are one. Only a
    block that opens with an office or a lone "De" can start one, which
    spares every other block the run's checks."""
    if blocks[i].kind == "heading" or not opens_signature(blocks[i].text.strip().split("\n", 1)[0]):
        return i
    lines: list[str] = []
    end = i
    for j in range(i, min(len(blocks), i + MAX_SIGNATURE_BLOCKS)):
        if blocks[j].kind == "heading":
            break
        lines.extend(blocks[j].text.split("\n"))
        if is_signature(lines):
            end = j + 1
    return end


_DAY_OF_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS})\s+(\d{{4}})\b", re.I)


def _iso_date(text: str) -> str | None:
    """"28 mei 2013" → "2013-05-28", the form a document's date is kept in."""
    m = _DAY_OF_MONTH.search(text)
    if m is None:
        return None
    month = _MONTH_NAMES.index(m.group(2).lower()) + 1
    return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"


def _drop_signatures(blocks: list[_Block], hints: dict[str, str] | None = None) -> list[_Block]:
    """A signature (``is_signature``: an office and the name under it) and the
    place and date above it close circulars, policy rules and tax decisions
    that have no closing formula before them. Kept, "De" and "Den Haag"
    became headings of passages that cited nothing but who signed. The date
    is the document's: it goes to ``hints`` ("date"), where a manifest or
    front matter that gives one still wins."""
    drop: set[int] = set()
    i = 0
    while i < len(blocks):
        end = _signature_end(blocks, i)
        if end == i:
            i += 1
            continue
        drop.update(range(i, end))
        k = i - 1
        dated = k >= 0 and blocks[k].kind != "heading"
        if dated and _PLACE_DATE.match(blocks[k].text.strip()):
            drop.add(k)
        elif dated and _DATE_LINE.match(blocks[k].text.strip()):
            drop.add(k)
            place = blocks[k - 1] if k >= 1 else None
            # "Den Haag" on its own line: a heading candidate, or (inside the last article, where a
            # short line is never a heading) a paragraph of a few words that ends no sentence
            if (place is not None and place.kind in {"candidate", "paragraph"} and len(place.text.split()) <= 3
                    and not place.text.rstrip().endswith((".", ";", ":", "?", "!"))):
                drop.add(k - 1)
        when = _iso_date(blocks[k].text) if k in drop else None
        if when and hints is not None:
            hints.setdefault("date", when)
        i = end
    return [b for n, b in enumerate(blocks) if n not in drop]


_DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s")


def _nest_decimal_headings(blocks: list[_Block]) -> None:
    """"4.2 Aanvragen" sits under "4 Toegang" even when both are set in the
    same style: each further number part nests a tenth of a level deeper."""
    for b in blocks:
        if b.kind == "heading" and b.unit is None and b.level:
            m = _DECIMAL.match(b.text)
            if m:
                b.level = b.level + m.group(1).count(".") / 10


# A chapter's sections sit just below it, at the chapter's level + STEP × (1 + their own level / 10):
# their order among themselves (levels 1-9.9) is kept, and they stay above any heading written a
# Markdown level below the chapter (the chapter's level + 0.01).
CHAPTER_SECTION_STEP = 0.001


def _nest_sections_in_chapters(blocks: list[_Block]) -> None:
    """"2.1 Bekendheid" after "Hoofdstuk 2" sits under that chapter, however
    the two are set: a free heading's level (1-9) ranks above every legal
    unit's, so a numbered section closed its chapter and the next chapter
    became its child ("1.3 Inhoud … › Hoofdstuk 2. Erkenningseisen"), in
    policy frameworks exported as "### Hoofdstuk 2" / "### 2.1" and in
    reports in plain text or PDF alike. A decimal section whose first number
    is the open chapter's, and the headings set below it, move under the
    chapter in their own order; a heading set as high as those sections that
    does not carry the chapter's number ("Samenvatting") closes the chapter as
    before. Articles never open such a chapter: "2.1" after "Artikel 2" is
    no member of it."""
    chapter: _Block | None = None
    base: float | None = None  # the level the chapter's first section was set at
    for b in blocks:
        if b.kind != "heading" or b.level is None:
            continue
        if b.annex is not None:
            chapter = None
            continue
        if b.unit is not None:
            if chapter is None or b.unit.rank <= chapter.unit.rank:
                opens = b.unit.number.isdigit() and not has_members(b.unit)
                chapter, base = (b if opens else None), None
            continue
        if chapter is None:
            continue
        m = _DECIMAL.match(b.text)
        if m and m.group(1).split(".")[0] == chapter.unit.number:
            base = b.level if base is None else min(base, b.level)
        elif b.level > chapter.level:  # set under the chapter already ("####Aanmelders" below "### Hoofdstuk 3")
            b.in_chapter = base is not None  # below a section, it is cited by that section's number
            continue
        elif base is None or b.level <= base:
            chapter = None
            continue
        b.level, b.in_chapter = chapter.level + CHAPTER_SECTION_STEP * (1 + b.level / 10), True


def _mark_title(blocks: list[_Block]) -> None:
    """A heading that opens the document and has no peer above or beside it in
    the body is the document's title (level 0), not a section every passage
    sits in. An annex stands beside the body, under no heading of it, and its
    own headings (a plain line above its table of amounts) are no peers."""
    if (not blocks or blocks[0].kind != "heading" or blocks[0].unit is not None or blocks[0].annex is not None
            or blocks[0].level in (None, 0)):
        return  # a file that is one annex keeps citing it
    top = blocks[0].level
    body = itertools.takewhile(lambda b: b.annex is None, blocks[1:])
    if all(b.level is None or b.level > top for b in body if b.kind == "heading" and b.unit is None):
        blocks[0].level = 0


def _title_apart(blocks: list[_Block]) -> None:
    """A law's or regulation's long title ("Wet van 1 maart 2014 inzake regels
    over …", its opschrift) stays in the document's text but in no passage.
    Glued to the first article it drew every question that names the act to
    the first definition; as a passage of its own it drew them to itself
    (measured: eval/RESULTS.md, twelfth slice)."""
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 0 and any(b.unit for b in blocks):
        blocks[0].kind, blocks[0].level = LONG_TITLE, None


def _leads_in_list(candidate: _Block, following: _Block) -> bool:
    """"De volgende typen worden onderscheiden:" before a list (or the first of
    its bulleted or numbered paragraphs, or a table) leads in that list:
    content, not a heading.
    "Over het project:" before a paragraph may still head a section."""
    first = following.text.lstrip()
    listed = following.kind == "list" or bool(BULLET_LINE.match(first)) or is_never_heading(first)
    listed = listed or first.startswith("|")  # a Markdown table
    return listed and candidate.text.rstrip().endswith(":")


_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s")


def _opens_numbered(candidate: _Block, following: _Block) -> bool:
    """Whether a numbered line is the parent of the numbered line after it ("2." → "2.1")."""
    a, b = _SECTION_NUMBER.match(candidate.text), _SECTION_NUMBER.match(following.text)
    return bool(a and b) and b.group(1).startswith(a.group(1) + ".")


_ITEM_NUMBER = re.compile(r"^\s*(\d{1,2})([.)])\s")


def _numbers(b: _Block, mark: str) -> tuple[int, int] | None:
    """The item numbers a block's first and last lines open with ("2." … "3."),
    if both do with ``mark``; a numbered heading is no item."""
    if b.kind not in {"paragraph", "list", "candidate"}:
        return None
    lines = b.text.strip().split("\n")
    first, last = _ITEM_NUMBER.match(lines[0]), _ITEM_NUMBER.match(lines[-1])
    if not (first and last) or first.group(2) != mark or last.group(2) != mark:
        return None
    return int(first.group(1)), int(last.group(1))


MIN_LIST_RUN = 3  # items "1.", "2.", "3." side by side: a list, whatever their length


def _numbered_step(blocks: list[_Block], k: int) -> bool:
    """Whether candidate ``k`` ("3. Registreer uw onderneming …", "2. Geheugen
    en denken") is an item of a numbered list: the blocks around it, with the
    same mark, count on from it and back to it, at least MIN_LIST_RUN items in
    all, or two items after a line that leads in a list ("De beperkingen kunnen
    gelegen zijn in:"). Numbered headings have their sections between them; an
    item without a full stop looks like one, and as one it headed every section
    after it."""
    m = _ITEM_NUMBER.match(blocks[k].text)
    if m is None:
        return False
    n, mark = int(m.group(1)), m.group(2)
    first = last = n
    i = k
    while i > 0 and (span := _numbers(blocks[i - 1], mark)) is not None and span[1] == first - 1:
        first, i = span[0], i - 1
    j = k
    while j + 1 < len(blocks) and (span := _numbers(blocks[j + 1], mark)) is not None and span[0] == last + 1:
        last, j = span[1], j + 1
    items = last - first + 1
    led_in = i > 0 and first == 1 and blocks[i - 1].kind != "heading" and blocks[i - 1].text.rstrip().endswith(":")
    return items >= MIN_LIST_RUN or (items >= 2 and led_in)


def _resolve_headings(blocks: list[_Block]) -> None:
    """Decide which heading candidates really head a section.

    In a run of candidates only the last one heads the content after it;
    the others are calls to action ("Download de handreiking") that belong
    to the preceding section. At the start of a document every line of the
    run is title or subtitle, and a numbered heading right above its first
    subsection ("2. Cliëntondersteuning", "2.1 Wat is …") heads it. A run
    with no content after it is content. Where the file writes its headings
    as such, a plain line that heads a section is a leaf under them
    (LEAF_LEVEL).
    """
    for k in [k for k, b in enumerate(blocks) if b.kind == "candidate" and _numbered_step(blocks, k)]:
        blocks[k].kind = "paragraph"
    i = 0
    seen_content = written = False
    while i < len(blocks):
        if blocks[i].kind != "candidate":
            seen_content = seen_content or blocks[i].kind != "heading"
            written = written or blocks[i].kind == "heading"
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "candidate":
            j += 1
        has_content_after = j < len(blocks) and blocks[j].kind in {"paragraph", "list"}
        for k in range(i, j):
            is_last = k == j - 1
            if is_last and has_content_after and _leads_in_list(blocks[k], blocks[j]):
                blocks[k].kind = "paragraph"
            elif has_content_after and (is_last or not seen_content or _opens_numbered(blocks[k], blocks[k + 1])):
                blocks[k].kind = "heading"
                numbered = bool(NUMBERED_HEADING.match(blocks[k].text))
                if not seen_content and k == 0 and not numbered:
                    blocks[k].level = 0  # the document's title, not a section
                elif blocks[k].level is None and written:
                    blocks[k].level = LEAF_LEVEL + (0.25 if numbered else 0)
                elif blocks[k].level is None:
                    blocks[k].level = 2 if numbered else 1
            else:
                blocks[k].kind = "paragraph"
        i = j


def _split_span(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, words) pieces of ``text[start:end]`` no larger than MAX_WORDS,
    cut at sentence ends (or, for one enormous sentence, at word boundaries)."""
    span = text[start:end]
    total = len(span.split())
    if total <= MAX_WORDS:
        return [(start, end, total)]
    pieces: list[tuple[int, int, int]] = []
    cur_start: int | None = None
    cur_end = 0
    cur_words = 0
    for s, e in sentence_spans(span):
        s += start
        e += start
        words = len(text[s:e].split())
        if cur_start is not None and cur_words + words > MAX_WORDS:
            pieces.append((cur_start, cur_end, cur_words))
            cur_start, cur_words = None, 0
        if words > MAX_WORDS:
            for m in re.finditer(rf"(?:\S+\s+){{1,{MAX_WORDS}}}", text[s:e] + " "):
                ps, pe = s + m.start(), min(e, s + m.end())
                while pe > ps and text[pe - 1].isspace():
                    pe -= 1
                pieces.append((ps, pe, len(text[ps:pe].split())))
            continue
        if cur_start is None:
            cur_start = s
        cur_end = e
        cur_words += words
    if cur_start is not None:
        pieces.append((cur_start, cur_end, cur_words))
    return pieces


def passage_id(document: str, text: str, occurrence: int) -> str:
    """Same document, same text, same occurrence → same id on every run."""
    digest = hashlib.sha1(f"{document}\x00{occurrence}\x00{text}".encode()).hexdigest()
    return digest[:16]


@dataclass
class _Piece:
    """A self-contained unit inside a legal unit: a member with its parts, one
    definition, or (split from a long member) a run of its parts."""

    start: int
    end: int
    words: int
    member: str | None = None
    parts: list[str] = field(default_factory=list)
    term: str | None = None
    lead_in: str | None = None  # the definition list's lead-in, when not inside the piece
    opens_definitions: bool = False
    split: bool = False  # one of several pieces of a member too long for one passage


@dataclass
class _Group:
    start: int
    end: int
    page: int | None
    path: list[str]
    locator: str | None
    unit: Unit | None = None
    article: str | None = None
    members: list[str] = field(default_factory=list)
    context: str | None = None
    parts: list[str] = field(default_factory=list)


@dataclass
class _Section:
    path: list[str]
    blocks: list[_Block]
    units: list[Unit]  # the open legal units, outermost first
    annex: str | None = None  # the annex it stands in ("bijlage 2")
    in_annex: list[str] = field(default_factory=list)  # the path below that annex's heading

    def cite(self, locator: str | None) -> str | None:
        """A locator inside an annex starts with the annex ("bijlage 1, onder a")."""
        if self.annex is None:
            return locator
        return f"{self.annex}, {locator}" if locator else self.annex


def _without_empty_units(pending: list[_Block], heading: _Block) -> list[_Block]:
    """The headings still waiting for text, less the legal units that
    ``heading``, a unit of the same or an outer rank, closes before any text
    came: a chapter whose articles have all been repealed ("### Hoofdstuk 4",
    "####Financiering", then "### Hoofdstuk 5"), a reserved article
    ("Artikel 39", "Gereserveerd") heads nothing, and its words stood in the
    next chapter's first passage. Its title goes with it. A unit numbered
    inside it ("Afdeling 3.3.1" after "Paragraaf 3.3") does not close it, and
    free headings stay as they are: where they sit among the units is not
    told by their level alone."""
    if heading.unit is None:
        return pending
    new = heading.unit
    kept: list[_Block] = []
    keeping = True
    for b in pending:
        if b.kind == "heading":
            old = b.unit
            keeping = old is None or old.rank < new.rank or new.number.startswith(f"{old.number}.")
        if keeping:
            kept.append(b)
    return kept


def _heads(b: _Block) -> bool:
    """Whether a block heads the text after it: a heading, a title, or the
    export's note that the unit above is in force. "Hoofdstuk 1",
    "Begripsbepalingen", "Treedt in werking op een nader te bepalen tijdstip"
    before "Artikel 1" was a passage of its own that said nothing."""
    return b.kind in {"heading", "title"} or is_in_force_note(b.text)


def _sections(items: list[_Block]) -> list[_Section]:
    """Group blocks into sections: a heading and the blocks under it. Headings
    with nothing under them (a § before its first article) travel with the
    next section's first passage."""
    sections: list[_Section] = []
    stack: list[_Block] = []
    current: list[_Block] = []
    opened = _Section([], [], [])
    for b in items:
        if b.kind == "heading":
            level = 1 if b.level is None else b.level
            if current and any(not _heads(x) for x in current):
                sections.append(replace(opened, blocks=current))
                current = []
            elif current:
                current = _without_empty_units(current, b)
            while stack and (stack[-1].level if stack[-1].level is not None else 1) >= level:
                stack.pop()
            stack.append(b)
            shown = [h for h in stack if (h.level if h.level is not None else 1) > 0]
            annex = next((i for i, h in enumerate(shown) if h.annex), None)
            opened = _Section(
                [h.path_text for h in shown], [], [h.unit for h in stack if h.unit is not None],
                shown[annex].annex if annex is not None else None,
                [h.path_text for h in shown[annex + 1:]] if annex is not None else [],
            )
        current.append(b)
    if current:
        sections.append(replace(opened, blocks=current))
    return sections


def _free_locator(path: list[str], page: int | None) -> str | None:
    """Non-legal text: the deepest numbered heading ("Stap 3", "§ 4.2"), else
    the deepest heading, with the page where there are pages."""
    label = None
    for heading in reversed(path):
        numbered = heading_label(heading)
        if numbered != heading:
            label = numbered
            break
    if label is None and path:
        label = path[-1].lstrip(":;,.–—- ") or path[-1]  # "####: Strafmaat Halt-afdoeningen"
    parts = [page_phrase(page)] if page is not None else []
    if label:
        parts.append(label)
    return ", ".join(parts) or None


def _free_groups(section: _Section, text: str) -> list[_Group]:
    """Headings, paragraphs and lists stay together up to MAX_WORDS."""
    raw: list[list[tuple[int, int, int, int | None]]] = []
    group: list[tuple[int, int, int, int | None]] = []
    words = 0
    only_headings = True
    for b in section.blocks:
        for s, e, w in _split_span(text, b.start, b.end):
            if group and words + w > MAX_WORDS and not only_headings:
                raw.append(group)
                group, words = [], 0
            group.append((s, e, w, b.page))
            words += w
            only_headings = only_headings and b.kind in {"heading", "title"}
    if group:
        raw.append(group)
    if len(raw) > 1 and sum(u[2] for u in raw[-1]) < MIN_WORDS // 2:
        tail = raw.pop()
        raw[-1].extend(tail)
    def locator(page: int | None) -> str | None:
        if section.annex is None:
            return _free_locator(section.path, page)
        inside = section.cite(_free_locator(section.in_annex, None))  # "bijlage 2, § 1.1"
        return inside if page is None else f"{page_phrase(page)}, {inside}"

    return [_Group(g[0][0], g[-1][1], g[0][3], section.path, locator(g[0][3])) for g in raw]


def _lines(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """The non-empty lines of a text with their offsets (``offset`` is where the text starts)."""
    out = []
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, offset + len(line), line))
        offset += len(line) + 1
    return out


def _pieces(lines: list[tuple[int, int, str]]) -> list[_Piece]:
    """Walk an article's lines: members open pieces, parts join their member,
    and inside a definition list every defined term opens a piece of its own."""
    pieces: list[_Piece] = []
    member: str | None = None
    definitions = False
    lead_in: str | None = None
    starred = False  # "*term:* text" definitions: then lettered lines are sub-parts
    parts_seen = False
    for i, (s, e, line) in enumerate(lines):
        words = len(line.split())
        number = member_number(line)
        # Under an unnumbered "… wordt verstaan onder:" a list numbered "1. pleegkind: …" or
        # "2. *Bekostiging:* …" holds definitions, not members.
        listed_number = number is not None and definitions and member is None
        numbered_term = numbered_definition_term(line) if listed_number else None
        if numbered_term is not None or (number is not None and not opens_member(number, member, parts_seen)):
            number = None
        label = part_label(line)
        parts_seen = parts_seen or label is not None
        term = None
        bare = unbulleted(line)
        if definitions and (label is None or "°" not in label) and (bare.startswith("*") or not starred):
            term = definition_term(line, listed=True, next_line=lines[i + 1][2] if i + 1 < len(lines) else None)
            starred = starred or (term is not None and bare.startswith("*"))
        term = numbered_term or term
        if number is not None:
            member = number
            definitions, starred = introduces_definitions(line), False
            lead_in = line if definitions else None
            pieces.append(_Piece(s, e, words, member=member, opens_definitions=definitions))
        elif term is not None:
            previous = pieces[-1] if pieces else None
            if previous is not None and previous.opens_definitions and previous.term is None:
                previous.term, previous.end, previous.words = term, e, previous.words + words
                previous.parts = [label] if label else []
            else:
                pieces.append(_Piece(s, e, words, member=member, term=term, lead_in=lead_in,
                                     parts=[label] if label else []))
        elif not pieces or (label is None and introduces_definitions(line) and pieces[-1].term is None
                            and not definitions):
            definitions = introduces_definitions(line)
            lead_in = line if definitions else None
            pieces.append(_Piece(s, e, words, member=member, opens_definitions=definitions))
        else:
            p = pieces[-1]
            p.end, p.words = e, p.words + words
            if label and "°" not in label and p.term is None:
                p.parts.append(label)
    return pieces


def _split_piece(piece: _Piece, lines: list[tuple[int, int, str]], text: str) -> list[_Piece]:
    """A member longer than MAX_WORDS: runs of its parts (the first with the
    lead-in), and sentences for a single line that is still too long. A run
    that starts inside a part stands under that part: with the sentences
    after the first of a long part ("b. … . Het college …"), or with the
    sub-items of a part ("1°. …" under "b. … indien:"), which name no part
    of their own."""
    if piece.words <= MAX_WORDS:
        return [piece]
    inside = [(s, e, line) for s, e, line in lines if piece.start <= s < piece.end]
    out: list[_Piece] = []
    lead = inside[0][2] if inside and part_label(inside[0][2]) is None else None
    enclosing: str | None = None  # the part a sub-item belongs to
    for s, e, line in inside:
        label = part_label(line)
        top = label if label and "°" not in label else None
        enclosing = top or enclosing
        w = len(line.split())
        cur = out[-1] if out else None
        if cur is not None and cur.words + w <= MAX_WORDS:
            cur.end, cur.words = e, cur.words + w
            if top:
                cur.parts.append(top)
            continue
        under = top or (enclosing if label else None)
        for ps, pe, pw in _split_span(text, s, e):
            out.append(_Piece(ps, pe, pw, member=piece.member, parts=[under] if under else [], term=piece.term,
                              lead_in=lead if out else piece.lead_in, split=True))
    return out


def _unit_locator(unit: Unit, members: list[str], total_members: int, parts: list[str], term: str | None) -> str:
    """"artikel 2, vierde lid", "artikel 1, onder *mantelzorg*"; the numbered
    steps of an annex's chapter are no "eerste lid" (``has_members``)."""
    if not has_members(unit):
        members = []
    bits = [unit.label]
    if term is not None:
        if members and members[0] != "1" and total_members > 1:
            bits.append(members_phrase(members, None) or "")
        bits.append(term_phrase(term))
        return ", ".join(b for b in bits if b)
    phrase = members_phrase(members, total_members)
    if phrase:
        bits.append(phrase)
    if parts and len(members) <= 1:
        bits.append(parts_phrase(parts) or "")
    return ", ".join(b for b in bits if b)


def _unit_groups(section: _Section, text: str, run_limit: int = MIN_WORDS) -> list[_Group]:
    """Inside a legal unit: one passage per member or definition; short
    members merged with their neighbours while the run is under MIN_WORDS."""
    unit = section.units[-1]
    article = next((u.number for u in reversed(section.units) if u.cite == "artikel"), None)
    head_start = section.blocks[0].start
    head_end = head_start
    lines: list[tuple[int, int, str]] = []
    page_at: list[tuple[int, int | None]] = []
    for b in section.blocks:
        page_at.append((b.start, b.page))
        if _heads(b) and not lines:
            head_end = b.end
        else:
            lines.extend(_lines(b.text, b.start))
    if not lines:
        return [_Group(
            head_start, head_end, section.blocks[0].page, section.path, section.cite(unit.label), unit, article)]
    pieces = [q for p in _pieces(lines) for q in _split_piece(p, lines, text)]
    total = len({p.member for p in pieces if p.member is not None})
    runs: list[list[_Piece]] = []
    for p in pieces:
        last = runs[-1] if runs else None
        run_words = sum(x.words for x in last) if last else 0
        if (last is not None and p.term is None and last[-1].term is None and not p.split and not last[-1].split
                and p.words < run_limit and run_words < run_limit and run_words + p.words <= MAX_WORDS):
            last.append(p)
        else:
            runs.append([p])
    runs[0][0].start = head_start

    def page_of(offset: int) -> int | None:
        page = None
        for s, pg in page_at:
            if s <= offset and pg is not None:
                page = pg
        return page

    groups = []
    for run in runs:
        members = list(dict.fromkeys(p.member for p in run if p.member is not None))
        parts = [x for p in run for x in p.parts] if any(p.split or p.term for p in run) else []
        term = run[0].term if len(run) == 1 else None
        groups.append(_Group(
            run[0].start, run[-1].end, page_of(run[0].start), section.path,
            section.cite(_unit_locator(unit, members, total, parts, term)), unit, article, members,
            context=run[0].lead_in, parts=[x for p in run for x in p.parts],
        ))
    return groups


def table_header_above(text: str, start: int) -> str | None:
    """The first row of the table whose row starts at ``start``, when rows
    stand above it; None when that row opens its table (or is no row). A long
    table is cut between rows, and the passages after the first would hold
    rows without the column names ("| Feit | Uren |") they are read by: that
    row becomes their context (indexed with them, never shown as their text),
    and an answer that quotes a row names its cells by it."""
    if not TABLE_ROW_LINE.match(text, start):
        return None
    end = start
    while end > 0 and text[end - 1] in "\n \t":
        end -= 1
    row_start = text.rfind("\n", 0, end) + 1
    if end == 0 or not TABLE_ROW_LINE.fullmatch(text, row_start, end):
        return None  # the passage opens its table
    while row_start > 0:  # up the table's rows, one line each, to its first
        above = text.rfind("\n", 0, row_start - 1) + 1
        if not TABLE_ROW_LINE.fullmatch(text, above, row_start - 1):
            break
        row_start, end = above, row_start - 1
    return text[row_start:end].strip()


def row_header(text: str, start: int, context: str | None) -> str | None:
    """The column names a table row at ``start`` of a passage's text is read
    by: for a row of the table the passage opens in the middle of, the
    header row the passage carries as ``context`` (the passage's own first
    row is data then, not names); otherwise the first row of its table above
    it. None for a row that opens its table (a header itself), and for
    anything not a row. The answer names a row's cells by it: "| 1 tot 4 |
    1 | 7 | 2 | 13 |" alone says nothing of staff or children."""
    if not TABLE_ROW_LINE.match(text, start):
        return None
    header = (context or "").strip()
    if header and TABLE_ROW_LINE.fullmatch(header):
        above = text[:start].rstrip()
        if not above or all(TABLE_ROW_LINE.fullmatch(line) for line in above.split("\n")):
            return header
    return table_header_above(text, start)


def span_locator(passage: Passage, start: int, end: int) -> str | None:
    """How to cite a span of a passage (offsets into its text): a quote from
    one member of a passage that holds several is cited by that member
    ("artikel 3, tweede lid"), as an adviser cites it, although retrieval
    ranked the whole run of members. The members are found with the same
    rules that cut the passage; any other locator is the passage's own."""
    if not passage.locator or " onder *" in passage.locator:
        return passage.locator
    annex, locator = annex_prefix(passage.locator)
    spans = _member_spans(passage.text)
    members = list(dict.fromkeys(member for member, _, _ in spans))
    label = locator.split(", ")[0]
    if len(members) < 2 or locator not in {label, f"{label}, {members_phrase(members, None)}"}:
        return passage.locator  # one member, or a locator this passage's members did not make
    inside = list(dict.fromkeys(member for member, a, b in spans if a < end and b > start))
    if not inside or inside == members:
        return passage.locator
    return f"{annex}{label}, {members_phrase(inside, None)}"


@lru_cache(maxsize=MEMBER_SPANS_CACHE)
def _member_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """(member, start, end) of each member piece of a passage's text, parsed
    once per text: a question that names a member asks it of every candidate
    sentence of the passages it retrieved."""
    return tuple((p.member, p.start, p.end) for p in _pieces(_lines(text)) if p.member is not None)


def _resolve_references(groups: list[_Group], passages: list[Passage]) -> None:
    """Point each passage at the passages of the same document it cites."""
    by_article: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        if g.article is not None:
            by_article.setdefault(g.article.lower(), []).append(i)
    if not by_article:
        return
    for i, (g, p) in enumerate(zip(groups, passages, strict=True)):
        targets: list[int] = []
        for ref in references(p.text):
            if ref.article is not None and ref.article.lower() == (g.article or "").lower() and ref.member is None:
                continue  # the article's own heading, or "dit artikel"
            article = (ref.article or g.article or "").lower()
            rows = by_article.get(article, [])
            if ref.member is not None:
                rows = [r for r in rows if ref.member in groups[r].members] or rows[:1]
            if ref.part is not None:
                rows = [r for r in rows if ref.part in groups[r].parts] or rows[:1]
            targets.extend(r for r in rows if r != i)
        p.references = [passages[r].id for r in dict.fromkeys(targets)][:MAX_REFERENCES]


def chunk(
    document: str, blocks: list[Block], options: ChunkOptions = ChunkOptions(), hints: dict[str, str] | None = None
) -> tuple[str, list[Passage]]:
    """Return the document's normalised text and its passages; what the text
    says about the document itself (the date of its signature) goes to
    ``hints``."""
    items: list[_Block] = []
    for block in _drop_toc(blocks) if options.boilerplate else blocks:
        if block.text.strip():
            items.extend(_classify(block, options.structure))
    if options.structure:
        _mark_units(items)
    if options.boilerplate:
        items = _drop_signatures(_drop_boilerplate(items), hints)
    _resolve_headings(items)
    _nest_decimal_headings(items)
    if options.structure:
        _nest_sections_in_chapters(items)
    _mark_title(items)
    if options.structure:
        _title_apart(items)
    offset = 0
    parts: list[str] = []
    for b in items:
        if parts:
            offset += len(BLOCK_SEPARATOR)
        b.start, b.end = offset, offset + len(b.text)
        parts.append(b.text)
        offset = b.end
    text = BLOCK_SEPARATOR.join(parts)

    groups: list[_Group] = []
    for section in _sections(items):
        if section.blocks[0].kind == LONG_TITLE:
            continue
        deepest = [b for b in section.blocks if b.kind == "heading"][-1:]
        if options.structure and section.units and not (deepest and deepest[0].in_chapter):
            groups.extend(_unit_groups(section, text, options.member_run_words))
        else:
            groups.extend(_free_groups(section, text))

    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for g in groups:
        g.context = g.context or table_header_above(text, g.start)
        body = text[g.start : g.end]
        occurrence = seen.get(body, 0)
        seen[body] = occurrence + 1
        passages.append(
            Passage(
                id=passage_id(document, body, occurrence),
                document=document,
                ordinal=len(passages),
                text=body,
                start=g.start,
                end=g.end,
                page=g.page,
                section_path=list(g.path),
                locator=g.locator,
                context=g.context,
            )
        )
    if options.structure:
        _resolve_references(groups, passages)
    return text, passages
