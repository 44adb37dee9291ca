"""Checks on chosen sentences: does the text hold what the question asks for?

Near-miss questions share their topic and words with a passage but ask for a
fact it does not give (a year where only day and month are stated; the
alderman of a named city). Closeness of meaning cannot see that; these checks
can: a part's answer must contain its answer type, and the cited text must
name what the question names. Patterns: ``ingest/lang/nl/question.toml``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache

from index.api import STOP_WORDS, Passage, fold
from ingest.chunking import BULLET_LINE, NUMBERED_HEADING, opens_list_item
from ingest.lang import load
from service.question import AnswerType, NamedThing, unit_numbers


@cache
def _evidence_patterns() -> dict[str, re.Pattern[str]]:
    data = load("question")["answer_types"]["evidence"]
    case_sensitive = set(data.get("case_sensitive", []))
    own = {name: pattern for name, pattern in data.items() if isinstance(pattern, str)}
    own.update({name: own[other] for name, other in data.get("alike", {}).items()})
    for name, others in data.get("includes", {}).items():  # "when" is answered by a date too
        mine = [own[name]] if name in own else []  # "timespan" is answered by the others alone
        own[name] = "|".join(f"(?:{p})" for p in [*mine, *(own[o] for o in others)])
    return {name: re.compile(pattern, 0 if name in case_sensitive else re.IGNORECASE) for name, pattern in own.items()}


# The number of a member or list item at the start of a line ("1. Onze Ministers kunnen …",
# "(2) De aanvraag …"): a place in the text, not a count.
_ITEM_NUMBER = re.compile(r"(?m)^\s*\(?\d{1,2}[.)°]\s+")


@cache
def _answering_nothing() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Per type, the numbers in a text that answer nothing of it: a place's
    label ("artikel 1, eerste lid", "artikel 1.50", "en 8.2.3, eerste lid", a member's "1.") answers
    neither "hoeveel" nor "hoe laat", and a date ("25 oktober 2019") answers
    no "hoeveel", an age ("18 jaar of ouder") no "hoe lang", the date an act is
    cited by ("de Wet van 7 april 2005") no "wanneer" or "in welk jaar", and
    the article an age is defined in ("de leeftijd, bedoeld in artikel 18") no
    "tot welke leeftijd"."""
    data = load("question")
    items, units = _ITEM_NUMBER, unit_numbers()
    dates = re.compile(data["answer_types"]["date_numbers"], re.IGNORECASE)
    refs = re.compile(data["answer_types"]["reference_numbers"], re.IGNORECASE)
    ages = re.compile(data["answer_types"]["age_numbers"], re.IGNORECASE)
    acts = re.compile(data["answer_types"]["act_dates"], re.IGNORECASE)
    # a count ("hoeveel leden") is not answered by a stretch of time or a sum
    periods = re.compile(data["answer_types"]["evidence"]["period"], re.IGNORECASE)
    sums = re.compile(data["named"]["amount"], re.IGNORECASE)
    return {
        "amount": (items, refs, units, dates), "number": (items, refs, units, dates),
        "count": (items, refs, units, dates, periods, sums), "clock": (items, refs, units),
        "period": (ages,), "duration": (ages,), "timespan": (ages, acts), "age": (refs, units),
        "year": (acts,), "date": (acts,), "when": (acts,), "calendar": (acts,), "month": (acts,),
    }


_NAME_WINDOW = int(load("question")["answer_types"]["name_of"]["window"])
_FIRST_CAPITAL_IS_NO_NAME = frozenset(load("question")["answer_types"]["evidence"]["first_capital_is_no_name"])


_URL = re.compile(r"<?(https?://|www\.)\S+>?")
_WEB_ADDRESS_ANSWERS = frozenset(load("question")["answer_types"]["evidence"]["web_address_answers"])


@cache
def _kin() -> dict[str, frozenset[str]]:
    """Each type with the types whose evidence answers it or is answered by its evidence
    (``includes`` and ``alike``: a date answers "wanneer", a number a count)."""
    data = load("question")["answer_types"]["evidence"]
    pairs = [(a, b) for a, others in data.get("includes", {}).items() for b in others]
    pairs += list(data.get("alike", {}).items())
    kin: dict[str, set[str]] = {}
    for a, b in pairs:
        kin.setdefault(a, set()).add(b)
        kin.setdefault(b, set()).add(a)
    return {name: frozenset(others) for name, others in kin.items()}


def answered_alike(first: AnswerType, second: AnswerType) -> bool:
    """Whether the two types ask for one kind of answer: the same type, or one answered by the
    other's evidence ("binnen hoeveel dagen" and "hoe lang": a period and a duration). A
    sentence that answered a part of one of them answers no later part of the other."""
    return first == second or second in _kin().get(first, frozenset())


def checkable(answer_type: AnswerType) -> bool:
    """Whether the type can be checked by content (a definition or a reason cannot)."""
    return answer_type in _evidence_patterns()


def has_answer_type(
    answer_type: AnswerType, text: str, given: Callable[[str], bool] | None = None, name_of: str | None = None
) -> bool:
    """True when ``text`` contains something of the expected type (always
    True for types that cannot be checked by content).

    ``given`` tells a match the question itself already holds: the date in
    "hoeveel gemeenten meldden zich na 25 oktober 2019 aan?" or the
    "gemeenten" in "wie kiest welke gemeenten meedoen?" answers nothing, so
    only a match that is new to the question counts. ``name_of``: the noun
    a name is asked for ("staatssecretaris"); a name counts only within a few
    words of it."""
    pattern = _evidence_patterns().get(answer_type)
    if pattern is None:
        return True
    if answer_type in _WEB_ADDRESS_ANSWERS and any(given is None or not given(m.group()) for m in _URL.finditer(text)):
        return True  # where something is found online
    text = _URL.sub(" ", text)  # a year in a link's path answers nothing
    for numbers in _answering_nothing().get(answer_type, ()):
        text = numbers.sub(" ", text)
    if pattern.flags & re.IGNORECASE:
        bodies = [fold(text), text]
    else:  # Capitals mark names; a capital that only starts the sentence (after any list mark) does not.
        body = BULLET_LINE.sub("", text.strip(), count=1)
        opening = body[:1].isupper() and answer_type in _FIRST_CAPITAL_IS_NO_NAME
        bodies = [body[1:] if opening else body]
    return any(
        (given is None or not given(m.group())) and (name_of is None or _near(b, m, name_of))
        for b in bodies for m in pattern.finditer(b)
    )


_DEFERRAL_TEMPLATES = tuple(load("question")["answer_types"]["deferred"]["patterns"])
NOUN_PATTERN_CACHE = 256  # nouns asked about whose patterns (deferring phrases, compound heads) stay compiled


@lru_cache(maxsize=NOUN_PATTERN_CACHE)
def _deferrals(noun: str) -> tuple[re.Pattern[str], ...]:
    """The deferring phrases around one noun, compiled once per noun: every
    "welke" question is checked against them."""
    stem = re.sub(r"(en|s)$", "", noun) if len(noun) > 5 else noun
    word = rf"\b{re.escape(stem)}\w*"
    return tuple(re.compile(p.replace("{noun}", word)) for p in _DEFERRAL_TEMPLATES)


def defers_naming(text: str, nouns: Iterable[str]) -> bool:
    """Whether ``text`` leaves naming the ones of a noun to another
    instrument or a later decision: "de bij algemene maatregel van bestuur
    aangewezen gemeenten", "een door de SVB aan te wijzen … organisatie",
    "de aanwijzing van de bewerker", "Bij ministeriële regeling wordt een
    correctiefactor … vastgesteld". Such a text does not answer "Welke
    gemeenten zijn aangewezen?" or "Welke correctiefactor geldt?" (language
    data: ``answer_types.deferred``). A noun is matched with its endings
    ("gemeente" and "gemeenten")."""
    folded = fold(text)
    return any(p.search(folded) for noun in nouns for p in _deferrals(noun))


def _near(body: str, match: re.Match[str], noun: str) -> bool:
    """Whether ``noun`` (or a compound or plural of it) stands within the
    window of words before or after the match. A Dutch compound ends in its
    head ("Movisie-adviseur", "oud-minister"); a word that only starts with
    the noun is another thing ("ministerie" is no "minister")."""
    before = fold(body[: match.start()]).split()[-_NAME_WINDOW:]
    after = fold(body[match.end() :]).split()[:_NAME_WINDOW]
    headed = _headed_by(noun)
    return any(headed.search(w) for w in (*before, *after, fold(match.group())))


@lru_cache(maxsize=NOUN_PATTERN_CACHE)
def _headed_by(noun: str) -> re.Pattern[str]:
    """A word that ends in ``noun``, perhaps plural: compiled once per office noun,
    as every candidate sentence of a "wie is de wethouder …?" question is checked."""
    return re.compile(rf"{re.escape(fold(noun))}(s|en|'s)?(?![a-z])")


@cache
def _counted() -> tuple[re.Pattern[str], int, tuple[frozenset[str], ...]]:
    data = load("question")["answer_types"]["counted"]
    alike = tuple(frozenset(fold(w) for w in group) for group in data["alike"])
    return re.compile(data["numeral"]), int(data["gap"]), alike


@cache
def _time_units() -> frozenset[str]:
    return frozenset(load("question")["answer_types"]["counted"]["time_units"].split())


def asks_time_unit(noun: str | None) -> bool:
    """Whether a counted noun is a unit of time ("weken", "werkdagen"): a
    stretch asked in it is answered only by a count of it (``counts``)."""
    return noun is not None and noun in _time_units()


def counts(noun: str, text: str, terms: Callable[[str], list[str]]) -> bool:
    """Whether ``text`` counts ``noun``: a numeral with the noun right after
    it, or a word or so later ("zeven dagen", "ten hoogste zes kinderen",
    "vier kalendermaanden", "zestien uren" for "uur"). ``terms`` gives a
    word's index terms (stems, compound parts), so plural and singular and a
    compound ending in the noun count alike."""
    numeral, gap, alike = _counted()
    folded = fold(noun)
    forms = {folded}.union(*(group for group in alike if folded in group))
    stems = {t for form in forms for t in terms(form)}
    words = re.findall(r"[\w€%-]+", fold(text))
    for i, word in enumerate(words):
        if not numeral.match(word):
            continue
        for after in words[i + 1 : i + 2 + gap]:
            if after in forms or any(t.endswith(s) for t in terms(after) for s in stems):
                return True
    return False


def holds_list(passage: Passage) -> bool:
    """Whether a passage can answer a "which ones" question as a list: two
    list lines in a row ("a. …", "- …", "1. …"), or it is one of a run of
    numbered sections ("Stap 2 …", "3. Vernieuwende aanpakken")."""
    if NUMBERED_HEADING.match(passage.section or ""):
        return True
    previous = False
    for line in passage.text.split("\n"):
        listed = opens_list_item(line.strip())
        if listed and previous:
            return True
        previous = listed if line.strip() else previous
    return False


def _name_forms(thing: NamedThing) -> list[str]:
    """Spellings that count as naming the thing: folded, and for amounts the
    digits alone (``€ 8 miljoen`` is named by ``8 miljoen``)."""
    forms = [thing.folded]
    if thing.kind == "amount":
        digits = re.sub(r"[^\d,.]", "", thing.text).strip(".,")
        if digits:
            forms.append(digits)
    return forms


_RATE_NAMED_BY = load("question")["named"]["rate_named_by"]


def _rate_named(thing: NamedThing, folded: str) -> bool:
    """Whether a folded text names a rate ("per jaar") in other words: its unit
    as the end of a compound after "per" ("per kalenderjaar"), or after "elk"
    or "ieder" ("voor ieder kind" names "per kind")."""
    unit = thing.folded.split(maxsplit=1)[-1]
    return bool(re.search(rf"(?<!\w){_RATE_NAMED_BY}{re.escape(unit)}(?!\w)", folded))


_ABBREVIATION = re.compile(r"[A-Z]{2,6}")
_TOKEN = re.compile(r"[^\W\d_]+")
# How often words that spell an abbreviation only by chance-prone means (words in lower
# case, or two letters) must stand in the text before they count as its spelling.
SPELLING_RECURS = 2
TERM_GAP = 1  # function words that may stand between two words of such a term


def is_abbreviation(thing: NamedThing) -> bool:
    """A name written as capitals only, two to six letters ("WW", "UWV", "GGD")."""
    return thing.kind == "name" and bool(_ABBREVIATION.fullmatch(thing.text))


def abbreviates(abbreviation: str, text: str, parts: Callable[[str], tuple[str, ...]]) -> bool:
    """Whether ``text`` spells out ``abbreviation``: consecutive words (function
    words between them skipped) whose initials, or the initials of the
    compound parts of a word, give its letters, as laws and policy texts write
    "Uitvoeringsinstituut werknemersverzekeringen" where a question says
    "UWV", "Gemeentelijke Gezondheidsdienst" for "GGD", "burgerservicenummer"
    for "BSN". The first word is capitalised, or one word gives several
    letters by its compound parts; words in lower case that give one letter
    each ("een verklaring omtrent het gedrag" for "VOG", "werk en inkomen naar
    arbeidsvermogen" for "WIA") count where the same words stand in the text
    :data:`SPELLING_RECURS` times: a term the text uses, where any three words
    in lower case would do once ("verslag nam gemeente" for "VNG"). Two letters
    are spelled by chance too often ("Stichting Welzijn" for "SW"): their
    words must recur in any case. ``parts`` gives a word's compound parts
    (empty when it has none)."""
    target = abbreviation.lower()
    tokens = _TOKEN.findall(text)
    at = [i for i, t in enumerate(tokens) if t.lower() not in STOP_WORDS]  # the content words' places
    content = [tokens[i] for i in at]
    lowered = [t.lower() for t in content]
    for start, first in enumerate(content):
        if first[0].lower() != target[0]:
            continue
        # what is spelled so far, and whether a word gave more than one letter of it
        spelled = {("", False)}
        for end, word in enumerate(content[start:], start=start + 1):
            options = {word[0].lower(), "".join(p[0] for p in parts(word) if p).lower()} - {""}
            spelled = {
                (s + o, compound or len(o) > 1) for s, compound in spelled for o in options
                if target.startswith(s + o)
            }
            done = [compound for s, compound in spelled if s == target]
            if done and len(target) > 2 and (any(done) or first[:1].isupper()):
                return True
            if done and _term_like(at[start:end]) and _recurs(lowered, start, end):
                return True
            if not spelled:
                break
    return False


def _term_like(places: list[int]) -> bool:
    """Whether words at these token places stand as one term does: at most one
    function word between two of them ("verklaring omtrent het gedrag"), not a
    clause's worth ("bedrag van de uitkering op basis van het inwonertal")."""
    return all(b - a <= TERM_GAP + 1 for a, b in itertools.pairwise(places))


def _recurs(words: list[str], start: int, end: int) -> bool:
    """Whether ``words[start:end]`` stands at least :data:`SPELLING_RECURS` times in ``words``."""
    phrase, n = words[start:end], end - start
    return sum(words[i : i + n] == phrase for i in range(len(words) - n + 1)) >= SPELLING_RECURS


def names_present(named: Iterable[NamedThing], text: str) -> tuple[NamedThing, ...]:
    """The named things that ``text`` does NOT name (empty: all are there).
    A year is named by a span of years that holds it ("1984 t/m 1991"), a
    year or a sum by a table row's band that holds it (:func:`in_band`)."""
    folded = fold(text)
    missing = []
    for thing in named:
        if any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", folded) for f in _name_forms(thing)):
            continue
        if thing.kind == "year" and year_in_span(int(thing.text), folded):
            continue
        if thing.kind == "rate" and _rate_named(thing, folded):
            continue
        if in_band(thing, text):
            continue
        missing.append(thing)
    return tuple(missing)


# An open band ("lager dan € 17.918", "€ 174.885 en hoger") holds sums of its
# bound's order: one ten times smaller or larger is a sum of another kind (an
# hourly price of € 7,50 beside a band of yearly incomes).
OPEN_BAND_SPAN = 10.0
_FIRST_YEAR, _LAST_YEAR = 1800, 2099  # the years ``named.year`` reads
_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_NUMBER_CELL = re.compile(r"(?P<sum>€|eur\b|euro\b)?\s*(?P<n>\d[\d.,]*\d|\d)[,.]?[-–]?\s*(?P<unit>%|procent|euro|eur)?")


def stated_number(text: str) -> float | None:
    """The number a year or sum states, read in Dutch notation: "." before
    each group of three digits, "," before decimals ("€ 17.918" is 17918,
    "12,5 procent" 12.5, "€ 340,–" 340); a lone "." before fewer or more than
    three digits is a decimal point ("90.7%"). None for no number, or for a
    sum in millions ("8 miljoen"), which bands do not state."""
    m = _NUMBER.search(text)
    if m is None or set(fold(text).split()) & _scale_words():
        return None
    digits = m.group()
    if "," in digits:
        whole, _, decimals = digits.rpartition(",")
        return float(whole.replace(".", "") + "." + decimals.replace(".", ""))
    groups = digits.split(".")
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    return float(digits) if len(groups) <= 2 else None


def _number_kind(thing: NamedThing) -> str:
    """"year", "sum" (euros) or "share" (a percentage) for a named number."""
    if thing.kind == "year":
        return "year"
    low = thing.text.lower()
    return "share" if "%" in low or "procent" in low else "sum"


def _cell_number(cell: str) -> tuple[float, str] | None:
    """A cell that is one number and nothing else: its value and kind
    ("sum" with a euro sign or word, "share" with a percent, else "plain")."""
    m = _NUMBER_CELL.fullmatch(cell.strip().lower())
    if m is None:
        return None
    value = stated_number(m.group("n"))
    if value is None:
        return None
    unit = m.group("unit") or ""
    kind = "sum" if m.group("sum") or unit in ("euro", "eur") else "share" if unit in ("%", "procent") else "plain"
    return value, kind


def _fits(kind: str, cells: list[str]) -> bool:
    """Whether a band of cells of these kinds can hold a named number of
    ``kind``: a year between plain numbers of four digits' size, a sum or a
    share where one bound carries its sign (the other may leave it out:
    "| € 94.045 | 96.930 |")."""
    if kind == "year":
        return all(c == "plain" for c in cells)
    return kind in cells and all(c in (kind, "plain") for c in cells)


def in_band(thing: NamedThing, text: str) -> bool:
    """Whether a table row of ``text`` states a band that holds the year or
    sum ``thing`` names: two neighbouring cells of one number each, the first
    not above the second, or one number beside an open end ("lager dan",
    "en hoger"; ``named.band_below`` / ``band_above`` in the language data).
    Tables of income bands, building years and age groups state their rows
    so; a question gives one value inside a band, which no word matches. A
    span ("1 tot 4") is held by a cell that states the same bounds."""
    if "|" not in text:
        return False
    if thing.kind == "span":
        return _in_span_cell(thing.text, text)
    if thing.kind not in ("year", "amount"):
        return False
    value = stated_number(thing.text)
    if value is None:
        return False
    kind = _number_kind(thing)
    below, above = _band_ends()
    for cells in _table_rows(text):
        read = [(c, _cell_number(c)) for c in cells]  # each cell read once, as a left and as a right bound
        for (left, low), (right, high) in zip(read, read[1:], strict=False):
            if low and high and _fits(kind, [low[1], high[1]]) and low[0] < high[0]:
                band = (low[0], high[0])
            elif high and fold(left) in below and _fits(kind, [high[1]]):
                band = (_FIRST_YEAR if kind == "year" else high[0] / OPEN_BAND_SPAN, high[0])
            elif low and fold(right) in above and _fits(kind, [low[1]]):
                band = (low[0], _LAST_YEAR if kind == "year" else low[0] * OPEN_BAND_SPAN)
            else:
                continue
            if band[0] <= value <= band[1] and _plausible(kind, *band):
                return True
    return False


def _in_span_cell(span: str, text: str) -> bool:
    """Whether a table row of ``text`` has a cell stating the span ``span``
    ("1 tot 4") with the same bounds: "| 1 tot 4 | 1 | 7 |", "| 1 t/m 4 jaar |"."""
    low, high = (int(n) for n in span.split(" tot "))
    pattern = _cell_span()
    for cells in _table_rows(text):
        for cell in cells:
            m = pattern.fullmatch(fold(cell).strip())
            if m and (int(m.group("low")), int(m.group("high"))) == (low, high):
                return True
    return False


def _table_rows(text: str) -> Iterator[list[str]]:
    """The cells of each line of ``text`` that holds a table row. Read
    leniently (two pipes or more, not a whole ``| … |`` line): a citation's
    context joins the headings after the passage's text, on its last row's line."""
    for line in text.splitlines():
        if line.count("|") >= 2:
            yield [c.strip() for c in line.strip().strip("|").split("|")]


@cache
def _cell_span() -> re.Pattern[str]:
    return re.compile(load("question")["named"]["cell_span"])


def _plausible(kind: str, low: float, high: float) -> bool:
    """A year band's bounds are years (as the language data's year pattern reads them), not counts."""
    return kind != "year" or (low >= _FIRST_YEAR and high <= _LAST_YEAR)


@cache
def _band_ends() -> tuple[frozenset[str], frozenset[str]]:
    named = load("question")["named"]
    return frozenset(map(fold, named["band_below"])), frozenset(map(fold, named["band_above"]))


@cache
def _scale_words() -> frozenset[str]:
    return frozenset(load("question")["named"]["band_unit_scale"].split())


@cache
def _year_spans() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in load("question")["named"]["year_spans"])


def year_in_span(year: int, folded: str) -> bool:
    """Whether a (folded) text states a span of years that holds ``year``:
    "1984 t/m 1991", "2002 en later" (patterns in the language data,
    ``named.year_spans``)."""
    for pattern in _year_spans():
        for m in pattern.finditer(folded):
            groups = m.groupdict()
            first, last = groups.get("first"), groups.get("last")
            if (first is None or int(first) <= year) and (last is None or year <= int(last)):
                return True
    return False
