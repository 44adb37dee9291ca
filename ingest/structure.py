"""The document structure model: legal units, members, parts, definitions.

Every reader delivers blocks; this module says what a block or a line *is*
in the document's own structure — a unit heading ("Artikel 2.3.2", "§ 4"),
an article member ("1."), a part ("a.", "1°."), a definition ("*term:* …"),
boilerplate (enacting formula, signatures, source lines) — and how a reader
cites a place ("artikel 2.3.2, vierde lid", "artikel 1, onder *mantelzorg*",
"p. 12, § 4.2"). The Dutch words come from ``ingest/lang/nl/structure.toml``;
the patterns here are language-neutral shapes around them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from ingest.lang import load
from ingest.models import Block

# "2.3.5", "12a", "1a1", "IV", "Ia", "2A"; a lettered part ("§ 4.2.a") numbers a sub-unit.
_NUMBER = r"(?:\d+(?:[a-z]{1,2}\d{0,2})?|[IVXLC]+(?:[a-z]\b)?|[A-Z])(?:[.:](?:\d+[a-z]{0,2}|[a-z]\b))*"


@dataclass(frozen=True)
class Unit:
    """A legal unit heading: its kind (citation word), rank and number."""

    cite: str
    rank: int
    number: str
    title: str | None = None

    @property
    def label(self) -> str:
        return f"{self.cite} {self.number}"


@cache
def _data() -> dict:
    return load("structure")


@cache
def _units() -> tuple[dict[str, tuple[int, str]], re.Pattern[str]]:
    by_name: dict[str, tuple[int, str]] = {}
    for rank, unit in enumerate(_data()["unit"], start=1):
        for name in unit["names"]:
            by_name[name.lower()] = (rank, unit["cite"])
    names = sorted(by_name, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    pattern = re.compile(
        rf"^(?P<unit>{alternatives})\s*(?P<num>{_NUMBER})\.?(?:\s*[-–—:.]?\s+(?P<title>\S.*?))?\s*$",
        re.IGNORECASE,
    )
    return by_name, pattern


@cache
def _units_with_members() -> frozenset[str]:
    return frozenset(u["cite"] for u in _data()["unit"] if u.get("members"))


def has_members(unit: Unit) -> bool:
    """Whether a unit's numbered paragraphs are members ("leden") a locator names."""
    return unit.cite in _units_with_members()


def parse_unit(text: str) -> Unit | None:
    """``Artikel 2.3.2`` / ``§ 4 Toezicht`` / ``Hoofdstuk 2A`` → a Unit; anything else → None.

    A heading whose title ends like a sentence is body text that starts with a
    unit word ("Artikel 5 is van toepassing."), not a heading.
    """
    if "\n" in text or len(text) > 160:
        return None
    by_name, pattern = _units()
    m = pattern.match(text.strip())
    if not m:
        return None
    title = m.group("title")
    if title and (title[-1] in ".,;:" or len(title.split()) > 16 or title[0].islower()):
        return None
    rank, cite = by_name[m.group("unit").lower()]
    return Unit(cite=cite, rank=rank, number=m.group("num"), title=title)


@cache
def _annex_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in sorted(_data()["annex"]["names"], key=len, reverse=True))
    return re.compile(
        rf"^(?:{names})(?:\s+(?P<num>{_NUMBER}))?\.?(?:\s*[-–—:.]?\s+(?P<title>\S.*?))?\s*$", re.IGNORECASE
    )


def parse_annex(text: str) -> str | None:
    """``Bijlage 2`` / ``Bijlage II: Strafmaattabel`` / ``Bijlage`` → how a
    reader cites the annex ("bijlage 2", "bijlage II", "bijlage"); anything
    else → None. As with units, a line whose title ends like a sentence
    ("Bijlage 1 bevat de tarieven.") is text that mentions an annex."""
    if "\n" in text or len(text) > 160:
        return None
    m = _annex_pattern().match(text.strip())
    if not m:
        return None
    title = m.group("title")
    if title and (title[-1] in ".,;" or len(title.split()) > 16):
        return None
    cite = _data()["annex"]["cite"]
    return f"{cite} {m.group('num')}" if m.group("num") else cite


def annex_prefix(locator: str) -> tuple[str, str]:
    """A locator split into the annex it names first ("bijlage 2, ") and the
    rest ("artikel 3, tweede lid"); ("", locator) outside an annex."""
    head, sep, rest = locator.partition(", ")
    if sep and parse_annex(head) is not None:
        return head + sep, rest
    return "", locator


# Body lines of an article.
MEMBER = re.compile(r"^(?P<n>\d{1,3}[a-z]?)\.\s+\S")
# A part's label, set apart by white space or, as the official export writes some 34,000 lines
# ("a.een beschrijving …", "b)aan …", "1°.de merken"), glued to a word of two letters or more:
# "o.a. …", "i.v.m. …" glue a single letter, a web address ("nl.wikipedia.org") a dotted name.
_PART_STRICT = re.compile(r"^(?P<n>[a-z]{1,2}[.)]|\d{1,2}[°º]\.?)(?:\s+|(?=[^\W\d_]{2})(?!\S*[./]\w))")
_DEF_TERM = re.compile(r"^\*(?P<term>[^*\n]{1,160}?)\s*:?\s*\*\s*:?\s*")  # marked up: long terms too
_PART_TERM = re.compile(r"^(?:[a-z]{1,2}[.)]|\d{1,2}[°º]\.?)\s*(?P<term>[^:;\n]{1,60}?)\s*:(?:\s|$)")
# Inside a definition list, an unlettered "term: text" line (BWB exports of recent laws).
_BARE_TERM = re.compile(r"^(?P<term>[^\W\d][^:;\n]{0,59}?)\s*:\s+\S")
# ... or a line of only "term:" whose parts follow ("jeugdhulp:" above "1°. ondersteuning …"),
# as a PDF gives it once the italics that marked the term are gone.
_TERM_ALONE = re.compile(r"^(?P<term>[^\W\d][^:;\n]{0,59}?)\s*:\s*$")
MAX_BARE_TERM_WORDS = 5
# The glyphs that mark a bulleted line, as word processors and PDF exports write
# them (a second level often as "○" or "◦", a third as "■" or "▪").
BULLET_MARKS = "•·▪◦●○■□➢►"
# A dash or bullet before a definition ("–  *aanbieder:* …", the notation of recent laws).
_BULLET = re.compile(rf"^[{BULLET_MARKS}\-–—](?:\s+|(?=\*))")  # "–*jeugdhulp:*" is written too


# Quotes that open and close a quoted title or term ("‘Ernstige vrees …’", „…“, «…»).
OPENING_MARKS = "\"'“‘«„"
CLOSING_MARKS = "\"'”’»“"


def _bare_term(term: str) -> str:
    """A defined term without the marks around it ("*mantelzorg*",
    "‘pleegkind’", a lone "“mantelzorg"); a quote inside the term keeps the
    one that closes it. Stripped mark by mark, "categorie
    ‘uitkeringsgerechtigd’" lost its closing quote, and the locator an
    adviser copies read "onder *categorie ‘uitkeringsgerechtigd*"."""
    bare = term.strip().strip("*").strip()
    while len(bare) >= 2 and bare[0] in OPENING_MARKS and bare[-1] in CLOSING_MARKS:
        bare = bare[1:-1].strip().strip("*").strip()
    if bare[:1] in OPENING_MARKS and not any(c in bare[1:] for c in CLOSING_MARKS):
        bare = bare[1:]
    if bare[-1:] in CLOSING_MARKS and not any(c in bare[:-1] for c in OPENING_MARKS):
        bare = bare[:-1]
    return bare.strip()


def member_number(line: str) -> str | None:
    m = MEMBER.match(line)
    return m.group("n") if m else None


def _member_key(n: str) -> tuple[int, str]:
    digits = re.match(r"\d+", n)
    return (int(digits.group()) if digits else 0, n[digits.end() if digits else 0 :])


def opens_member(number: str, current: str | None, parts_seen: bool) -> bool:
    """Whether a numbered line is the article's next member rather than a
    numbered sub-item of a part (some laws number a definition's items "1.",
    "2." where others write "1°."). Members only go up ("2", "2a", "3"), and
    an article that has begun lettered parts outside any member has none."""
    if current is None:
        return not parts_seen
    return _member_key(number) > _member_key(current)


def part_label(line: str) -> str | None:
    """``a.`` / ``b)`` / ``1°.`` at the start of a line → ``a`` / ``b`` / ``1°``."""
    m = _PART_STRICT.match(line)
    return m.group("n").rstrip(".)").replace("º", "°") if m else None


def definition_term(line: str, listed: bool = False, next_line: str | None = None) -> str | None:
    """The term a definition line defines: ``*mantelzorg:* …`` or ``b. mantelzorg: …``;
    ``listed`` (the line stands in a definition list): also ``mantelzorg: …``, and
    ``jeugdhulp:`` alone when ``next_line`` is its first part ("1°. …").
    A dash or bullet before the term (``–  *aanbieder:* …``) is passed over."""
    line = unbulleted(line)
    label = _PART_STRICT.match(line)
    m = _DEF_TERM.match(line) or (_DEF_TERM.match(line[label.end():]) if label else None)  # "a.  *minister:* …"
    if m:
        return m.group("term").strip()
    m = _PART_TERM.match(line)
    if m and len(m.group("term").split()) <= 6:
        return _bare_term(m.group("term"))
    if listed and part_label(line) is None and member_number(line) is None:
        m = _BARE_TERM.match(line) or (_TERM_ALONE.match(line) if next_line and part_label(next_line) else None)
        if m and len(m.group("term").split()) <= MAX_BARE_TERM_WORDS:
            return _bare_term(m.group("term"))
    return None


MAX_NUMBERED_TERM_WORDS = 10  # "2. ambtenaar van de raad voor de kinderbescherming: …"
_BARE_TERM_LONG = re.compile(r"^(?P<term>[^\W\d][^:;\n]{0,99}?)\s*:\s+\S")


def numbered_definition_term(line: str) -> str | None:
    """The term of a numbered line in a definition list ("1. pleegkind: …",
    "2. *Bekostiging:* …"): the number sets the term apart as a letter does,
    so it may be longer than a bare term's."""
    m = MEMBER.match(line)
    if m is None:
        return None
    rest = line[m.end("n") + 1 :].lstrip()  # after "1."
    starred = _DEF_TERM.match(rest)
    if starred:
        return starred.group("term").strip()
    bare = _BARE_TERM_LONG.match(rest)
    if bare and len(bare.group("term").split()) <= MAX_NUMBERED_TERM_WORDS:
        return _bare_term(bare.group("term"))
    return None


def unbulleted(line: str) -> str:
    """A line without the dash or bullet that lists it."""
    return _BULLET.sub("", line, count=1)


def introduces_definitions(line: str) -> bool:
    """A lead-in that ends in a definition cue and a colon ("… wordt verstaan onder:");
    "verstaan onder X de persoon die: …" defines X inline and is not a list."""
    low = line.lower().rstrip().rstrip(":").rstrip()
    return line.rstrip().endswith(":") and any(low.endswith(cue) for cue in _data()["members"]["definition_cues"])


MAX_INLINE_TERM_WORDS = 6  # "installatie ter zee", "Centrale organisatie werk en inkomen"
INLINE_TERMS_CACHE = 1024  # passage texts whose inline definitions are kept (the re-ranker reads them per question)


@cache
def _inline_definitions() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in _data()["members"]["inline_definitions"])


def inline_definition_terms(text: str) -> list[str]:
    """Terms a text defines in a sentence of its own ("In dit besluit wordt
    verstaan onder cliënt: een persoon …"), where no lettered part, and so no
    locator, names the term; a lead-in to a list of them ("… verstaan onder:")
    defines none itself."""
    return list(_inline_terms(text))


@lru_cache(maxsize=INLINE_TERMS_CACHE)
def _inline_terms(text: str) -> tuple[str, ...]:
    """Parsed once per text: the re-ranker asks it of every candidate passage
    of every question (about 25 µs a passage for the patterns)."""
    terms = []
    for pattern in _inline_definitions():
        for m in pattern.finditer(text):
            term = _bare_term(m.group("term"))
            if term and len(term.split()) <= MAX_INLINE_TERM_WORDS and not re.search(r"[\d°º]", term):
                terms.append(term)
    return tuple(terms)


@cache
def _dangling_ends() -> frozenset[str]:
    return frozenset(_data()["headings"]["dangling_ends"].split())


def ends_dangling(text: str) -> bool:
    """Whether a line ends on a word that needs words after it ("… sprake te
    zijn van", "de persoon zelf en/of"): a lead-in cut off before its list,
    which no heading does."""
    words = text.split()
    return bool(words) and words[-1].lower() in _dangling_ends()


@cache
def _status_line() -> re.Pattern[str]:
    return re.compile(_data()["headings"]["status_line"], re.I)


def is_status_line(text: str) -> bool:
    """Whether a line is the export's dated status note on a unit ("Treedt in
    werking per 01-01-2016"): text about the unit above it, which as a heading
    became the title of annexes and the parent of later articles."""
    return bool(_status_line().match(text.strip()))


@cache
def _lapsed_status() -> re.Pattern[str]:
    return re.compile(_data()["headings"]["lapsed_status"], re.I)


def is_in_force_note(text: str) -> bool:
    """Whether a line is a status note saying the unit above it is or will be
    in force ("Treedt in werking per 01-07-2016", "Treedt in werking op een
    nader te bepalen tijdstip"): it heads the unit's text as its heading does,
    where a note that the unit lapsed ("Vervallen per …") is all that is
    left of it."""
    line = text.strip()
    return bool(_status_line().match(line)) and not _lapsed_status().match(line)


def is_never_heading(text: str) -> bool:
    """Parts ("a.", "1°.") and numbered lead-ins ("1. De raad stelt regels over:")
    are content, whatever their length; "Over het project:" may head a section.
    So is the sentence that gives the document's citation title, which some
    exports write without its full stop ("Dit besluit wordt aangehaald als:
    Besluit op de lijkbezorging"): as an article's title it left the article
    without text, and the closing formula under it was kept as that text."""
    stripped = text.strip()
    numbered_lead_in = stripped.endswith(":") and bool(MEMBER.match(stripped))
    return (
        bool(part_label(stripped)) or "°" in stripped[:5] or "º" in stripped[:5] or numbered_lead_in
        or is_self_citation(stripped)
    )


# Locators -----------------------------------------------------------------


def ordinal(n: str) -> str:
    words = _data()["members"]["ordinals"]
    if n.isdigit() and 0 < int(n) <= len(words):
        return words[int(n) - 1]
    return f"{n}e"


def _span(items: list[str]) -> str:
    """``a`` / ``a en b`` / ``a tot en met d`` (a consecutive run)."""
    m = _data()["members"]
    if len(items) == 1:
        return items[0]
    return f"{items[0]} {m['and'] if len(items) == 2 else m['through']} {items[-1]}"


def members_phrase(numbers: list[str], total: int | None) -> str | None:
    """``["4"]`` → "vierde lid"; ``["1", "2"]`` → "eerste en tweede lid";
    ``["1", "2", "3"]`` → "eerste tot en met derde lid"; all members → None."""
    if not numbers or (total is not None and len(numbers) == total and numbers[0] == "1"):
        return None
    return f"{_span([ordinal(n) for n in numbers])} {_data()['members']['member']}"


def parts_phrase(labels: list[str]) -> str | None:
    """``["a", "b", "c"]`` → "onder a tot en met c"."""
    return f"{_data()['members']['under']} {_span(labels)}" if labels else None


# A heading that is only a section number ("### 2.1", or a bare "2.1" a PDF sets in a bigger
# type than the title under it), its title in the heading after it ("Toelichting amendement"),
# as exported circulars and policy texts write them (a legal unit, "### § 1", takes its title
# in the structure model).
_BARE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?$")


def numbers_with_titles(blocks: list[Block]) -> list[Block]:
    """A heading that is only a number followed by its title's heading is one
    heading, "2.1 Toelichting amendement", at the number's level, whichever
    reader found them: the number alone would name no section, its title
    alone would lose the number readers cite ("§ 2.1")."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (previous is not None and previous.kind == "heading" and block.kind == "heading"
                and _BARE_NUMBER.match(previous.text.strip()) and not _BARE_NUMBER.match(block.text.strip())
                and (block.level or 0) >= (previous.level or 0)):
            out[-1] = Block(text=f"{previous.text.strip().rstrip('.')} {block.text}", kind="heading",
                            level=previous.level, page=previous.page)
            continue
        out.append(block)
    return out


# A section number alone ("### 2.4", its title the next heading) or before its title ("### 2.4 Schade").
_NUMBERED_SECTION = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)[.)]?(?:\s|$)")


def is_numbered_section(text: str) -> bool:
    """Whether a heading is a numbered section: its number alone ("### 2.4",
    the title in the heading after it) or before its title ("2.4 Schade")."""
    return bool(_NUMBERED_SECTION.match(text))


def _section_number(text: str) -> tuple[int, ...] | None:
    """A numbered section's number as a tuple ("1.3.1 Criteria" → (1, 3, 1)), or None."""
    m = _NUMBERED_SECTION.match(text)
    return tuple(int(n) for n in m.group(1).split(".")) if m else None


def italic_subheading(blocks: list[Block], level: int, text: str) -> bool:
    """Whether an italic heading heads part of the numbered section before it:
    the last heading at ``level`` or above is a numbered section of that same
    level ("### 2.3", "4 Ondersteunende processen"). Exported policy texts set a
    lesser heading in italics at the level of their numbered sections ("###
    *Oordeel en statustoekenning*" after "### 2.3", in a PDF in the same type):
    it heads part of that section, so a reader puts it one level deeper, and the
    next numbered section closes it. Texts that set every heading in italics
    number their sections too ("*2. De declaratie*" after "*1.2 …*"): a number
    that goes on from the section before is the next section, nested by its
    number; one that starts again ("*1.1 – Algemene gegevens*" after "1.3.1")
    numbers the parts of the section before. A legal unit ("Artikel 5") is no
    numbered section."""
    own = _section_number(text)
    for b in reversed(blocks):
        if b.kind == "heading" and b.level is not None and b.level <= level:
            before = _section_number(b.text) if b.level == level else None
            return before is not None and (own is None or own <= before)
    return False


def note_text(number: str, text: str) -> str:
    """A footnote as the text that follows the paragraph referring to it: "(Noot 11: …)"."""
    return f"({_data()['footnotes']['label']} {number}: {text.strip()})"


def term_phrase(term: str) -> str:
    return f"{_data()['members']['under']} *{term}*"


def page_phrase(page: int) -> str:
    return f"{_data()['members']['page']} {page}"


_NUMBERED_LABEL = re.compile(r"^(?P<word>[A-Za-zÀ-ÿ]+\s+\d+[a-z]?(?:\.\d+)*)\s*[:.)–-]?\s")
# "4.2 Aanvragen", or a bare "4.2" whose title is the next heading (a PDF sets them apart)
_DECIMAL_LABEL = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)[.)]?(?:\s+\S|\s*$)")


def heading_label(heading: str) -> str:
    """How a reader points at a non-legal heading: "Stap 3" for "Stap 3: Wie …",
    "§ 4.2" for "4.2 Aanvragen", otherwise the heading itself."""
    m = _NUMBERED_LABEL.match(heading + " ")
    if m:
        return m.group("word")
    m = _DECIMAL_LABEL.match(heading)
    if m:
        return f"§ {m.group('num')}"
    return heading


# Boilerplate --------------------------------------------------------------


def is_preamble(text: str) -> bool:
    low = text.lower()
    return any(cue in low for cue in _data()["boilerplate"]["preamble"])


def is_closing(text: str) -> bool:
    low = text.lower().lstrip()
    return any(low.startswith(cue) for cue in _data()["boilerplate"]["closing"])


def closing_start(text: str) -> int | None:
    """Where a closing formula starts inside a block: at a sentence start, or
    capitalised at the start of a line (a citation title written without its
    full stop, "… aangehaald als: Regeling X 2012\nDeze regeling zal met de
    toelichting …")."""
    low = text.lower()
    starts = [low.find(cue) for cue in _data()["boilerplate"]["closing"]]
    for at in sorted(i for i in starts if i > 0):
        if re.search(r"[.!?;:]\s*$", text[:at]) or (text[at - 1] == "\n" and text[at].isupper()):
            return at
    return None


@cache
def _signature_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    b = _data()["boilerplate"]
    offices = "|".join(re.escape(x) for x in sorted(b["signature_offices"], key=len, reverse=True))
    titles = "|".join(re.escape(x) for x in b["signature_name_titles"])
    particles = "|".join(re.escape(x) for x in b["signature_name_particles"])
    # "Minister van …", or an office with its department after it ("Directeur Stelsel.")
    office = re.compile(
        rf"^(?:(?:de|het)\s+)?(?:{offices})(?:\s+(?:van|voor)\s+[^.!?]{{1,120}}?|\s+[A-Z][\w-]*(?:\s+[\w-]+){{0,3}})?"
        rf"\s*[,.]?$", re.I,
    )
    # a particle may be glued to the surname by the export ("M. deBoer", "A.C. vanPelt"), an
    # initial may be the digraph IJ and the surname glued to the initials ("R.IJ.M.Kuipers")
    name = re.compile(rf"^(?:(?:{titles})\.?\s+)*(?:[A-Z]J?\.\s?){{1,5}}(?:(?:{particles})\s*)*[A-Z][\w'’-]+", re.U)
    # a first name and a surname ("Simone Roos", "Margaretha deBoer"): a name only right under an office
    full_name = re.compile(rf"^[A-Z][a-z]+\s+(?:(?:{particles})\s*)*[A-Z][\w'’-]+\s*[,.]?$", re.U)
    return office, name, full_name


@cache
def _mandate() -> re.Pattern[str]:
    formulas = "|".join(re.escape(x) for x in _data()["boilerplate"]["signature_mandates"])
    return re.compile(rf"(?:^|,\s*)(?:{formulas})\s*[,:]?$", re.I)


_SIGNATURE_DETERMINERS = frozenset({"de", "het"})  # a lone "De" on the line above the office


def opens_signature(line: str) -> bool:
    """Whether a line can open a signature: a lone "De" or "Het", or an office."""
    line = line.strip()
    return line.lower() in _SIGNATURE_DETERMINERS or bool(_signature_patterns()[0].match(line))


def is_signature(lines: list[str]) -> bool:
    """Whether lines are a signature: an office line ("De Staatssecretaris van
    Financiën,", "Minister van …," after a lone "De") and under it the name of
    who signs, with initials, or first who signs on its behalf ("voor deze, /
    de Raad voor Rechtsbijstand,"); offices may follow the names ("Directeur
    Stelsel."). The name is what tells a signature from a
    sentence that starts with an office ("De staatssecretaris van Financiën
    heeft het volgende besloten.")."""
    office, name, full_name = _signature_patterns()
    lines = [x.strip() for x in lines if x.strip()]
    if lines and lines[0].lower() in _SIGNATURE_DETERMINERS:
        lines = lines[1:]
    mandate, named = _mandate(), False
    if lines and (m := _mandate_inside().match(lines[0])):
        lines = [m.group(1), m.group(2), *lines[1:]]  # lines joined by unwrapping: "…, voor deze, de Raad …,"
    if len(lines) < 2 or len(lines[0].split()) > 16 or not office.match(lines[0]):
        return False
    def is_name(before: str, line: str) -> bool:
        return bool(name.match(line)) or bool(
            full_name.match(line) and (office.match(before) or mandate.search(before)))

    for before, line in zip(lines, lines[1:], strict=False):
        if is_name(before, line):
            named = True
        elif not (office.match(line) or mandate.match(line) or _mandated(before, line, mandate)
                  or line.lower() in _SIGNATURE_DETERMINERS):  # "voor deze: / de / directeur-generaal …"
            return False
    # the name right under the office, unless someone signs on the office's behalf first
    on_behalf = bool(mandate.search(lines[0]) or mandate.match(lines[1]))
    return named and (is_name(lines[0], lines[1]) or on_behalf)


@cache
def _mandate_inside() -> re.Pattern[str]:
    """An office and who signs on its behalf, joined on one line by unwrapping:
    "De Minister van …, voor deze, de Raad …," → the office with its formula, the rest."""
    formulas = "|".join(re.escape(x) for x in _data()["boilerplate"]["signature_mandates"])
    return re.compile(rf"^(.+?,\s*(?:{formulas}),)\s+(\S.*)$", re.I)


def _mandated(before: str, line: str, mandate: re.Pattern[str]) -> bool:
    """Whether ``line`` names who signs on an office's behalf: it follows "voor
    deze," or "namens deze," and is a short phrase closed by a comma ("de Raad
    voor Rechtsbijstand,")."""
    return bool(mandate.search(before)) and line.endswith(",") and len(line.split()) <= 12


@cache
def _source_line() -> re.Pattern[str]:
    labels = "|".join(re.escape(x) for x in _data()["boilerplate"]["source_labels"])
    return re.compile(rf"^\s*(?:{labels})\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)


def source_line(line: str) -> str | None:
    """``Bron: https://…`` → the address; other lines → None."""
    m = _source_line().match(line)
    return m.group("value").strip() if m else None


def front_matter_fields(fields: dict[str, str]) -> dict[str, str]:
    """Front-matter keys mapped onto DocumentMeta fields (title, source, …)."""
    b = _data()["boilerplate"]
    out: dict[str, str] = {}
    for target, keys in (("title", b["title_keys"]), ("source", b["source_keys"]),
                         ("publisher", b["publisher_keys"]), ("date", b["date_keys"])):
        for key in keys:
            value = fields.get(key)
            if value:
                out[target] = value
                break
    return out


# Self-citation and names ---------------------------------------------------


@cache
def _self_citation() -> re.Pattern[str]:
    cues = "|".join(re.escape(c) for c in sorted(_data()["citation"]["self_citation"], key=len, reverse=True))
    return re.compile(rf"(?:{cues})\s*:?\s*[\"“'‘]?(?P<name>[^\"”’\n.;]{{2,120}}?)[\"”'’]?\s*(?:[.;]|$)", re.I)


def is_self_citation(sentence: str) -> bool:
    """Whether a sentence only gives the document's citation title ("Dit besluit
    wordt aangehaald als: …", "Deze wet kan worden aangehaald als "…""): the
    document's name, metadata that answers a question for that name alone."""
    m = _self_citation().search(sentence)
    return m is not None and len(sentence[: m.start()].split()) <= _data()["citation"]["self_citation_lead"]


def short_titles(text: str, title: str | None) -> list[str]:
    """Names a document gives itself: the citation title ("Deze wet wordt
    aangehaald als: …") and a name in brackets closing its long title."""
    names: list[str] = []
    for m in _self_citation().finditer(text):
        names.append(m.group("name").strip())
    if title:
        m = re.search(r"\(([^()]{3,120})\)\s*$", title)
        if m:
            names.append(m.group(1).strip())
    return list(dict.fromkeys(n for n in names if n))


def genre_nouns(text: str) -> set[str]:
    """The genre noun the document uses most for itself ("deze handreiking",
    at least twice); a law that once says "dit besluit" about a decree it
    amends is still a "wet"."""
    c = _data()["citation"]
    det = "|".join(c["self_reference_determiners"])
    nouns = "|".join(sorted(c["genre_nouns"], key=len, reverse=True))
    counts = Counter(m.group(1).lower() for m in re.finditer(rf"\b(?:{det})\s+({nouns})\b", text, re.I))
    if not counts:
        return set()
    noun, n = counts.most_common(1)[0]
    return {noun} if n >= 2 else set()


def title_stop_words() -> frozenset[str]:
    return frozenset(_data()["citation"]["title_stop_words"])


# Cross-references ------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    article: str | None  # None: the same article ("het tweede lid")
    member: str | None
    part: str | None = None


@cache
def _article_words() -> str:
    """The words for an article ("artikel", "art."), as one regex alternation."""
    return "|".join(re.escape(n) for n, (_, cite) in _units()[0].items() if cite == "artikel")


@cache
def _reference_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    m = _data()["members"]
    ordinals = {w: str(i) for i, w in enumerate(m["ordinals"], start=1)}
    ords = "|".join(sorted(ordinals, key=len, reverse=True))
    article_word = _article_words()
    article = re.compile(
        rf"\b(?:{article_word})\s+(?P<num>\d+[a-z]{{0,2}}(?:[.:]\d+[a-z]{{0,2}})*)"
        rf"(?:,?\s+(?P<ord>{ords})\s+{m['member']})?(?:,?\s+{m['under']}\s+(?P<part>[a-z]{{1,2}})\b)?",
        re.I,
    )
    same = re.compile(rf"\b(?:het|in het|dat)\s+(?P<ord>{ords})\s+{m['member']}\b", re.I)
    return article, same, ordinals


def named_members(text: str) -> list[Reference]:
    """The members of articles a text names, in whatever document
    ("artikel 3, tweede lid, van de Regeling Jeugdwet", "artikel 2.3 lid 4"):
    a question that names one asks what that member says."""
    article, _, ordinals = _reference_patterns()
    found = [
        Reference(hit.group("num").rstrip("."), ordinals[hit.group("ord").lower()], hit.group("part"))
        for hit in article.finditer(text) if hit.group("ord")
    ]
    found.extend(Reference(hit.group("num").rstrip("."), hit.group("n")) for hit in _numbered_member().finditer(text))
    return list(dict.fromkeys(found))


@cache
def _numbered_member() -> re.Pattern[str]:
    """"artikel 2.3 lid 4": a member named by its number, as policy texts and questions write it."""
    article_word = _article_words()
    return re.compile(
        rf"\b(?:{article_word})\s+(?P<num>\d+[a-z]{{0,2}}(?:[.:]\d+[a-z]{{0,2}})*),?"
        rf"\s+{_data()['members']['member']}\s+(?P<n>\d+)\b",
        re.I,
    )


def references(text: str) -> list[Reference]:
    """Places inside the same document that a passage points at.

    "artikel 5 van de Wet X" / "artikel 3:40 van het Burgerlijk Wetboek" point
    outside and are left out; "artikel 5 van deze wet" points inside.
    """
    article, same, ordinals = _reference_patterns()
    c = _data()["citation"]
    m = _data()["members"]
    outside = re.compile(
        rf"(?:\s+(?:{m['through']}|{m['and']}|of)\s+[a-z0-9°]{{1,3}}\b){{0,3}},?\s*{c['reference_outside']}\s+"
        rf"(?!(?:{'|'.join(c['reference_inside'])})\b)\S",
        re.I,
    )
    found: list[Reference] = []
    spans: list[tuple[int, int]] = []
    for hit in article.finditer(text):
        if ":" in hit.group("num") or outside.match(text, hit.end()):
            continue
        ord_word = hit.group("ord")
        found.append(Reference(hit.group("num").rstrip("."), ordinals.get(ord_word.lower()) if ord_word else None,
                               hit.group("part")))
        spans.append(hit.span())
    for hit in same.finditer(text):
        if any(s <= hit.start() < e for s, e in spans):
            continue
        found.append(Reference(None, ordinals[hit.group("ord").lower()]))
    return list(dict.fromkeys(found))
