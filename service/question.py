"""Question analysis, done once per question and passed along typed.

A policy officer's question often comes wrapped: a greeting, who they are,
some background, then what they want to know; sometimes it asks two things at
once. Retrieval should see the question itself (its *focus*), each *part*
should be answered (or said to be unanswered) on its own, and what a part asks
for (a year, an amount, a person, a place, ...) is the evidence that tells an
answer from a neighbouring sentence (shared/FINDINGS.md). The Dutch cue
patterns live in ``ingest/lang/nl/question.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Literal

from index.api import STOP_WORDS, fold
from ingest.lang import load
from ingest.sentences import sentence_spans
from service.followup import points_back

AnswerType = Literal[
    "phone", "email",
    "year", "deadline", "calendar", "month", "clock", "period", "duration", "timespan", "date", "when", "condition",
    "amount", "percentage",
    "sanction",
    "name", "frequency", "age", "count", "number", "location", "place", "person", "definition", "list", "yesno",
    "procedure", "other",
]
NamedKind = Literal["year", "amount", "rate", "name", "unit", "span", "category"]


@dataclass(frozen=True)
class NamedThing:
    """Something the question names that the answer's sources must name too."""

    kind: NamedKind
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass(frozen=True)
class QuestionPart:
    """One thing the question asks, with the kind of answer it expects."""

    text: str
    answer_type: AnswerType
    name_of: str | None = None  # a "name" part's noun ("staatssecretaris" in "Hoe heet de staatssecretaris?")
    counted: str | None = None  # the noun a count or a stretch of time counts ("dagen" in "binnen hoeveel dagen")
    which: tuple[str, ...] = ()  # the nouns it asks to be named ("gemeenten" in "Welke gemeenten …?")


@dataclass(frozen=True)
class AnalysedQuestion:
    text: str  # as asked
    focus: str  # what is asked, without greeting, introduction or background
    parts: tuple[QuestionPart, ...]
    named: tuple[NamedThing, ...] = field(default=())
    background: str = ""  # what the asker tells before the focus, without greeting or self-introduction

    def with_background(self, query: str) -> str:
        """The query searched for the question: ``query`` (the focus, perhaps
        completed from the history) followed by the background. The situation
        told before a long question ("a girl of 14 asked for help, her father
        refuses") often holds the words of the passage that answers; it comes
        last, so a cap on the query cuts it first. Answer type, parts and
        named things stay the focus's own."""
        return f"{query} {self.background}" if self.background else query

    @cached_property
    def stated_values(self) -> tuple[NamedThing, ...]:
        """The years, sums and spans the asker states, in the focus or in the
        background told before it ("We verdienen samen € 130.000. Op welk
        percentage …?"): the case they describe, which picks a table's row
        (``service.checks.in_band``) though it is no fact the cited text must repeat.
        Read once and kept with the analysis: every part of the question asks for it."""
        return stated_values(self.with_background(self.focus))

    @cached_property
    def asks_term_scope(self) -> bool:
        """Whether the question asks how far a term reaches ("Wie valt onder het
        begrip werkloze werknemer?", "Tot welke leeftijd geldt iemand als
        jeugdige?"): its answer lies in the term's definition, whatever type
        the answer has, so the passage defining a term it uses is sought first."""
        return bool(_patterns()["term_scope"].search(fold(self.focus)))

    @cached_property
    def asks_citation_title(self) -> bool:
        """Whether the question asks for a document's own name ("Wat is de
        officiële citeertitel?"): the one question its citation-title sentence answers."""
        return bool(_patterns()["citation_title"].search(fold(self.focus)))

    @property
    def answer_type(self) -> AnswerType:
        """The first part's type (the one a single-part question has)."""
        return self.parts[0].answer_type if self.parts else "other"

    @property
    def set_aside(self) -> bool:
        """Whether anything (greeting, background) was left out of the focus."""
        return self.focus != self.text.strip()


def _cues(answer_types: dict) -> dict[str, str]:
    """The cue of each answer type; "wie is de wethouder …?" (``holder``)
    asks for a name as "hoe heet …?" does."""
    cues = dict(answer_types["cues"])
    cues["name"] = f"(?:{cues['name']})|(?:{answer_types['name_of']['holder']})"
    return cues


@cache
def _patterns() -> dict:
    data = load("question")
    flags = re.IGNORECASE
    return {
        "focus": {k: re.compile(v, flags) for k, v in data["focus"].items()},
        "split": re.compile(data["parts"]["split"], flags),
        "meta": re.compile(data["parts"]["meta"], flags),
        "opening": re.compile(data["parts"]["opening"], flags),
        "choice": re.compile(data["parts"]["choice"], flags),
        "choice_max_words": int(data["parts"]["choice_max_words"]),
        "request": re.compile(data["parts"]["request"], flags),
        "request_whether": re.compile(data["parts"]["request_whether"], flags),
        "reported": re.compile(data["parts"]["reported"], flags),
        "order": list(data["answer_types"]["order"]),
        "asked_by_name": list(data["answer_types"]["asked_by_name"]),
        "cues": {k: re.compile(v, flags) for k, v in _cues(data["answer_types"]).items()},
        "which": {k: re.compile(v, flags) for k, v in data["answer_types"]["which"].items()},
        "in_unit": {k: re.compile(v, flags) for k, v in data["answer_types"]["in_unit"].items()},
        "name_of": re.compile(data["answer_types"]["name_of"]["asked"], flags),
        "holder": re.compile(data["answer_types"]["name_of"]["holder"], flags),
        "designee": re.compile(data["answer_types"]["deferred"]["designee"], flags),
        "which_role": re.compile(data["answer_types"]["deferred"]["role"], flags),
        "counted": re.compile(data["answer_types"]["counted"]["asked"], flags),
        "counted_types": frozenset(data["answer_types"]["counted"]["types"]),
        "not_counted": frozenset(data["answer_types"]["counted"]["not_counted"].split()) | STOP_WORDS,
        "year": re.compile(data["named"]["year"]),
        "amount": re.compile(data["named"]["amount"], flags),
        "rate": re.compile(data["named"]["rate"], flags),
        "category": re.compile(data["named"]["category"], flags),
        "stated_span": re.compile(data["named"]["stated_span"]),
        "name": re.compile(data["named"]["name"]),
        "units": frozenset(data["named"]["units"].split()),
        "inflection": re.compile(data["named"]["inflection"]),
        "unit_numbers": re.compile(data["answer_types"]["unit_numbers"], flags),
        "term_scope": re.compile(data["answer_types"]["term_scope"], flags),
        "citation_title": re.compile(data["answer_types"]["citation_title"], flags),
        # English function words start English questions and clauses as Dutch ones do.
        "not_names": frozenset(data["named"]["not_names"].split() + data["english"]["function_words"].split()),
    }


def _sentences(text: str) -> list[str]:
    # A question mark ends a sentence even before a lower-case word.
    pieces = re.split(r"(?<=\?)\s+", text.strip())
    return [text_[s:e] for text_ in pieces for s, e in sentence_spans(text_)]


def focus_of(text: str) -> str:
    return " ".join(_focus(text)[0])


def _focus(text: str) -> tuple[list[str], list[str], list[str]]:
    """The sentences that ask something, without greetings, self-introduction,
    background and thanks. A question that points back into the background
    ("Wat was de gedachte daarachter?") keeps the sentence before it. Falls
    back to the last sentence that is not a greeting or thanks. Third: the
    background, the sentences before the focus that are neither greeting,
    thanks nor self-introduction."""
    from service.followup import needs_context

    pats = _patterns()["focus"]
    text = pats["salutation"].sub("", text.strip(), count=1) or text
    text = pats["acknowledgement"].sub("", text, count=1) or text
    sentences = _sentences(text)
    if len(sentences) <= 1:
        return [text.strip()], [text.strip()], []

    def scene(s: str) -> bool:
        folded = fold(s)
        return bool(pats["greeting"].search(folded) or pats["thanks"].search(folded))

    kept: list[int] = []
    for i, s in enumerate(sentences):
        folded = fold(s)
        if scene(s):
            continue
        asks = s.rstrip().endswith("?") or pats["asking"].search(folded)
        if asks and not (pats["introduction"].search(folded) and not s.rstrip().endswith("?")):
            kept.append(i)
    if not kept:
        rest = [i for i, s in enumerate(sentences) if not scene(s)]
        kept = rest[-1:] or [len(sentences) - 1]
    asking = [sentences[i] for i in kept]
    first = kept[0]
    if needs_context(sentences[first]) and first > 0 and not scene(sentences[first - 1]):
        kept.insert(0, first - 1)
        if all(_patterns()["meta"].search(fold(s)) for s in asking):  # "Wat zegt de wet daarover?"
            asking.insert(0, sentences[first - 1])
    background = [
        s for s in sentences[: kept[0]] if not scene(s) and not pats["introduction"].search(fold(s))
    ]
    return [sentences[i] for i in kept], asking, background


def _reading(text: str) -> str:
    """A part's text as its cues read it: folded, an opening "en" or "of" set
    aside ("En hoe snel …?" asks what "Hoe snel …?" asks, "En welke gemeenten
    …?" names what "Welke gemeenten …?" names), so that no cue allows it itself."""
    return _patterns()["opening"].sub("", fold(text), count=1)


def answer_type_of(text: str) -> AnswerType:
    """The type whose cue comes first in the part; the order of the types
    decides between cues at the same place ("hoeveel euro": amount before
    number). The question word that heads the clause is what is asked: in
    "Kan iemand van wie het contract afloopt …?" the later "van wie" opens a
    relative clause, not a question for a person. A polite request ("Kunt u
    mij vertellen hoeveel …?") is typed by the question it opens, and one
    that opens with "of" asks a yes or no. A figure asked in its unit ("in
    euro's", "in procenten") is that kind of figure. A yes or no question
    about a thing asked for by its name ("Heeft zij een telefoonnummer?")
    asks for that thing. An opening "en" or "of" is set aside first
    (:func:`_reading`)."""
    pats = _patterns()
    folded = _reading(text)
    embedded = pats["request"].sub("", folded, count=1).strip()
    if embedded != folded.strip() and embedded.strip(" ?"):
        if pats["request_whether"].match(embedded):
            return "yesno"
        folded = embedded
    best: tuple[tuple[int, int], AnswerType] | None = None
    for k, name in enumerate(pats["order"]):
        m = pats["cues"][name].search(folded)
        if m and (best is None or (m.start(), k) < best[0]):
            best = ((m.start(), k), name)
    if best and best[1] == "list" and _asks_for_one(folded):
        return "other"
    found: AnswerType = best[1] if best else "other"
    if found == "yesno":  # "Heeft zij een telefoonnummer?" asks for the number
        found = next((kind for kind in pats["asked_by_name"] if pats["cues"][kind].search(folded)), found)
    if found in ("number", "other"):  # "Hoe hoog is de jaarnorm in euro's?" asks for a sum
        found = next((kind for kind, cue in pats["in_unit"].items() if cue.search(folded)), found)
    return found


def _asks_for_one(folded: str) -> bool:
    """Whether a question opening with "welke" names one thing: its noun is
    singular ("Welke sanctie krijgt …?", "Welke bestuurlijke boete …?")."""
    which = _patterns()["which"]
    m = which["head"].match(folded)
    if m is None:
        return False
    first, second = m.group("first"), m.group("second") or ""
    if which["numeral"].match(first) or which["plural"].search(first):
        return False
    return not (first.endswith("e") and second and which["plural"].search(second))


def parts_of(focus: str) -> tuple[QuestionPart, ...]:
    """Split a focus that asks several things; each part keeps its own type.
    Several question sentences are several parts; so is "hoeveel ... en
    hoeveel ...?" inside one sentence. A closing "Staat dat ergens?" asks
    nothing of its own beside another part, nor does "Kan dat?" after a
    reported question ("Onze afdeling vraagt zich af of …")."""
    pats = _patterns()
    pieces: list[str] = []
    for sentence in _sentences(focus) or [focus]:
        split = [p.strip(" ,") for p in pats["split"].split(sentence) if p.strip(" ,?")]
        pieces.extend(split or [sentence])
    about_subject = _without_echoes([p for p in pieces if not pats["meta"].search(fold(p))])
    return tuple(question_part(p) for p in about_subject or pieces or [focus])


def _without_echoes(pieces: list[str]) -> list[str]:
    """The pieces less a short question that points back at a question
    reported just before it ("Onze afdeling vraagt zich af of …. Kan dat?"):
    it asks what the report asks."""
    reported = _patterns()["reported"]
    out: list[str] = []
    for piece in pieces:
        previous = out[-1] if out else ""
        if previous and not previous.rstrip().endswith("?") and reported.search(fold(previous)) and points_back(piece):
            continue
        out.append(piece)
    return out


def question_part(text: str) -> QuestionPart:
    """One part with its expected answer type (and, for a name, the noun it
    is the name of; for a count or a stretch of time, the noun it counts)."""
    answer_type = answer_type_of(text)
    pats = _patterns()
    folded = _reading(text)
    name_of = counted = None
    if answer_type == "name":
        m = pats["name_of"].search(folded) or pats["holder"].search(folded)
        name_of = (m.group("noun") or m.groupdict().get("role")) if m else None  # "role": any office, held now
    elif answer_type in pats["counted_types"]:
        m = pats["counted"].search(folded)
        counted = m.group("noun") if m and m.group("noun") not in pats["not_counted"] else None
    return QuestionPart(text, answer_type, name_of, counted, which_nouns(folded))


def which_nouns(folded: str) -> tuple[str, ...]:
    """The nouns a question asks to be named: "Welke gemeenten zijn aangewezen
    …?" asks which municipalities ("gemeenten"), "Welke maximale reistijd
    geldt?" which time ("maximale", "reistijd": the noun after an adjective),
    "Wie is aangewezen als bewerker?" which processor ("bewerker"). Empty for
    any other question; "wie wijst … aan?" asks who designates, and
    "aangewezen op" (depending on) designates nothing."""
    pats = _patterns()
    which = pats["which"]["head"].match(folded)
    if which is None and not pats["designee"].search(folded):
        return ()
    role = pats["which_role"].search(folded)
    first, second = (which.group("first"), which.group("second")) if which else (None, None)
    nouns = (first, second if second and second not in STOP_WORDS else None,  # "welke maximale reistijd"
             role.group("noun") if role else None)
    return tuple(dict.fromkeys(n for n in nouns if n))


def alternatives(text: str) -> tuple[str, ...]:
    """The alternatives a question offers ("…: de gemeente of de GGD?"), empty when it offers none."""
    m = _patterns()["choice"].search(text)
    return (m.group("first"), m.group("second")) if m else ()


def required_names(text: str) -> tuple[NamedThing, ...]:
    """The named things an answer must name: :func:`named_things` less those
    of the alternatives the question offers to choose from ("Wie is
    eindverantwoordelijk: de gemeente of de GGD?", "…, wij of Nieuwegein?"),
    for the answer names one of them, perhaps the one without a name."""
    offered = alternatives(text)
    named = named_things(text)
    if not offered or any(len(a.split()) > _patterns()["choice_max_words"] for a in offered):
        return named
    return tuple(n for n in named if not any(n.text in a for a in offered))


def unit_numbers() -> re.Pattern[str]:
    """Numbers that label a place in a text ("artikel 1, eerste lid", "stap 3",
    "§ 4.2", "1°"): no answer to "hoeveel", and the labels a question can name."""
    return _patterns()["unit_numbers"]


def unit_labels(text: str) -> frozenset[str]:
    """The numbered places a text names ("artikel 2.3", "stap 3", "§ 4.2"),
    lower-cased, single-spaced: a question that names one points at the
    passage whose locator names the same."""
    return frozenset(" ".join(m.group().lower().split()) for m in unit_numbers().finditer(text))


def named_things(text: str) -> tuple[NamedThing, ...]:
    """Years, amounts, rates ("per kwartaal"), numbered categories ("de tweede
    categorie"), capitalised names (places, organisations, people) and numbered
    places in a text ("artikel 17", "stap 6")."""
    pats = _patterns()
    found: list[NamedThing] = []
    seen: set[str] = set()

    def add(kind: NamedKind, value: str) -> None:
        value = value.strip(" .,;:?!'’\"")
        if value and fold(value) not in seen:
            seen.add(fold(value))
            found.append(NamedThing(kind, value))

    for m in pats["year"].finditer(text):
        add("year", m.group())
    for m in pats["amount"].finditer(text):
        if not pats["year"].fullmatch(m.group().strip()):
            add("amount", m.group())
    for m in pats["rate"].finditer(text):
        add("rate", m.group())
    for m in pats["category"].finditer(text):
        add("category", m.group())
    for m in pats["name"].finditer(text):
        words = m.group().split()
        while words and words[0].lower() in pats["not_names"]:
            words = words[1:]
        if not words:
            continue
        at_start = m.start() == 0 or re.search(r"[.?!:]\s*$", text[: m.start()]) is not None
        if at_start and words == m.group().split() and len(words) == 1 and not words[0].isupper():
            continue  # an ordinary word that happens to start a sentence
        if at_start and words == m.group().split() and not words[0].isupper() and _asks(text, m.end()):
            words = words[1:]  # a question's first word is its verb: "Helpt Movisie …?", "Zit Den Haag erbij?"
        # "Movisie-handreiking", "Wmo-cliënten": the name is the capitalised part; "Wsw'ers": the name
        # without its inflection.
        words = ["-".join(x for x in w.split("-") if x[:1].isupper()) if "-" in w else w for w in words]
        words = [pats["inflection"].sub("", w) for w in words]
        add("name", " ".join(w for w in words if w))
    for label in sorted(unit_labels(text)):
        if label.split()[0] in pats["units"] or label.startswith("§"):
            add("unit", label)
    return tuple(found)


def _asks(text: str, at: int) -> bool:
    """Whether the sentence around ``at`` ends with a question mark."""
    end = re.search(r"[.?!]", text[at:])
    return end is not None and end.group() == "?"


def stated_values(text: str) -> tuple[NamedThing, ...]:
    """The years, sums and spans a text states (:attr:`AnalysedQuestion.stated_values`);
    a span as "low tot high" ("tussen 1 en 2 jaar" is "1 tot 2")."""
    spans = []
    for m in _patterns()["stated_span"].finditer(fold(text)):
        low, high = m.group("low") or m.group("low2"), m.group("high") or m.group("high2")
        if int(low) < int(high):
            spans.append(NamedThing("span", f"{int(low)} tot {int(high)}"))
    return (*(n for n in named_things(text) if n.kind in ("year", "amount")), *spans)


def analyse(question: str) -> AnalysedQuestion:
    focus, asking, background = _focus(question)
    text = " ".join(focus)
    return AnalysedQuestion(question, text, parts_of(" ".join(asking)), required_names(text), " ".join(background))
