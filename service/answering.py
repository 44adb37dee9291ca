"""Extractive answers, grounded by construction, with one fitted confidence.

Every sentence of an answer is copied from a retrieved passage and ends with
the ``[n]`` of that passage; each citation's ``quote`` is the exact span
used. The pipeline, each step its own module: question analysis
(service/question.py) → evidence (service/evidence.py: answer candidates with
sentence similarity and idf-weighted coverage) → selection per part of the
question, with the answer-type and named-thing checks (service/checks.py) →
one calibrated confidence (service/confidence.py). The answer abstains
exactly when the confidence is below the operator's threshold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from index.api import DOCUMENT_CACHE, TEXT_CACHE, AnalysedQuery, Retriever, SearchHit, fold
from ingest.chunking import (
    BULLET_MARK,
    NUMBERED_HEADING,
    TABLE_ROW_LINE,
    opens_list_item,
    row_header,
    span_locator,
)
from ingest.lang import load
from ingest.models import Passage
from ingest.normalize import table_cells
from ingest.sentences import sentence_spans
from ingest.structure import Reference, is_status_line, named_members
from service.checks import (
    abbreviates,
    answered_alike,
    asks_time_unit,
    checkable,
    counts,
    defers_naming,
    has_answer_type,
    is_abbreviation,
    names_present,
)
from service.confidence import ConfidenceModel, load_model
from service.evidence import Candidate, Evidence, EvidenceBuilder, Weights, looks_english
from service.followup import repeats
from service.question import (
    AnalysedQuestion,
    AnswerType,
    NamedThing,
    QuestionPart,
    alternatives,
    analyse,
    parts_of,
    question_part,
    required_names,
    unit_labels,
)
from service.settings import ANSWER_CACHE

_TEXTS = load("question")["texts"]
ABSTAIN_TEXT = _TEXTS["abstain"]
NO_PASSAGES_TEXT = _TEXTS["no_passages"]
TYPED_WITHIN = 3  # a part's typed answer is looked for among its best few candidates
# ... and one that counts the very noun asked for ("binnen hoeveel dagen": "binnen zeven
# dagen") among a few more: that match is rarer, and so surer, than the type alone.
COUNTED_WITHIN = 8
# Types whose evidence is as rare as a counted unit ("eenmaal per twaalf maanden" for
# "hoe vaak"): looked for as far, in the first passage, when the best few lack it.
FURTHER_TYPES = frozenset({"frequency"})
# ... and types looked for as far only in a question of one part ("Hoe lang mag zo'n project
# maximaal lopen?" by "ten hoogste 18 maanden" under two other members): the first passage of a
# question of two parts answers the other part as well, and its further stretches of time are
# as often about that other act ("… en hoeveel tijd krijgt de klant om die te accepteren?").
FURTHER_ALONE_TYPES = frozenset({"duration"})
# Numbered sibling sections ("Stap 1" …) are looked for under this many best hits: a
# "which ones" question often ranks one member or the overview first, the list's own section lower.
SIBLING_LIST_WITHIN = 5
MAX_COLUMN_NAME_WORDS = 6  # a table's first row names its columns when every cell is this short
MAX_LIST_ITEMS = 15  # a lead-in ending in a colon is answered with at most this many of its items


@dataclass
class CitationDraft:
    passage: Passage
    quote: str
    score: float


@dataclass
class ComposedAnswer:
    text: str
    abstained: bool
    citations: list[CitationDraft]
    evidence: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0


@dataclass
class PartAnswer:
    """The sentences chosen for one part of the question, and whether they hold what it asks for."""

    part: QuestionPart
    chosen: list[Candidate]
    supported: bool
    checked: bool
    type_missing: bool = False  # its answer type is checkable and no near candidate holds it
    name_missing: bool = False  # near candidates hold the type, each in a passage lacking whom or when it asks about


# Components that an evaluation can switch off, one at a time, to measure them.
COMPONENTS = frozenset({"sentences", "type_check", "named_check", "focus", "parts"})


def _none_supported(parts: list[PartAnswer]) -> bool:
    """Whether no part of the question has an answer of the kind it asks
    for near the top: "Op welke locatie wordt de kick-off gehouden?" over
    "… de kick-off op woensdagmiddag 13 november" only restates what the
    question knows. The answer would quote that neighbouring fact with
    whatever confidence the rest of the evidence gives; a part without
    support is not answered, and a question with none is not either: its
    confidence is 0, so that any threshold above 0 refuses it and
    ``abstained`` stays "confidence below the threshold" (API.md). A part
    whose near answers of its type all stand in passages that lack the
    place or year it asks about is unsupported in the same way
    (``Answerer._who_or_when``)."""
    return bool(parts) and all(p.checked and (p.type_missing or p.name_missing) for p in parts)


class Answerer:
    def __init__(
        self, index: Retriever, model: ConfidenceModel | None = None, min_confidence: float | None = None,
        ablate: frozenset[str] = frozenset(), cache: int = ANSWER_CACHE,
    ) -> None:
        unknown = set(ablate) - COMPONENTS
        if unknown:
            raise ValueError(f"onbekende onderdelen: {sorted(unknown)}")
        self.index = index
        self.model = model or load_model()
        self.min_confidence = self.model.threshold if min_confidence is None else min_confidence
        self.ablate = frozenset(ablate)
        self.checks = "type_check" not in ablate
        # The decision from the confidence; an evaluation may put another rule here.
        self.decide: Callable[[dict[str, float], float], bool] = lambda signals, conf: conf < self.min_confidence
        weights = dict(self.model.sentence_weights)
        if "sentences" in ablate:
            weights["similarity"] = 0.0
        self.builder = EvidenceBuilder(index, weights, cache)
        self._spans = self.builder.spans
        self._units: frozenset[str] | None = None  # numbered places of the corpus's headings, read on first use
        # A named document's places, read when a question names it (per document for
        # all of a million passages' documents, they cost each worker ~16 MiB).
        self._document_units = lru_cache(maxsize=DOCUMENT_CACHE)(self._units_of)
        self._compound_parts = lru_cache(maxsize=TEXT_CACHE)(self._parts)  # per word, for abbreviations

    # -- the pipeline --------------------------------------------------------
    def analyse(self, question: str) -> AnalysedQuestion:
        """The question's analysis, less any component switched off."""
        analysed = analyse(question)
        if "focus" in self.ablate:
            analysed = replace(analysed, focus=question.strip(), parts=parts_of(question.strip()))
        if "parts" in self.ablate:
            analysed = replace(analysed, parts=(question_part(analysed.focus),))
        if "named_check" in self.ablate:
            analysed = replace(analysed, named=())
        return analysed

    def evidence(
        self, question: AnalysedQuestion, query: AnalysedQuery, hits: list[SearchHit], query_vector: np.ndarray | None
    ) -> Evidence:
        weights = self.builder.weights(query)
        content = self.builder.content_weights(query)
        candidates = self.builder.candidates(hits, content, query_vector)
        if not question.asks_citation_title:
            candidates = _without_citation_titles(candidates)
        signals = self.builder.signals(question, query.text, hits, weights, candidates)
        return Evidence(question, query.text, hits, weights, candidates, signals, content)

    def answer(
        self, question: AnalysedQuestion | str, query: AnalysedQuery | str, hits: list[SearchHit],
        query_vector: np.ndarray | None = None, rewritten: bool = False, said: frozenset[str] = frozenset(),
    ) -> ComposedAnswer:
        """``said``: the words of the conversation's last answer (``followup.said_before``);
        a sentence that only repeats it answers no part of a follow-up while another
        candidate remains."""
        if isinstance(question, str):
            question = self.analyse(question)
        if isinstance(query, str):
            query = self.index.analyse(query)
        if not hits:
            return ComposedAnswer(NO_PASSAGES_TEXT, True, [], {}, 0.0)
        if query_vector is None:
            query_vector = query.vector()
        ev = self.evidence(question, query, hits, query_vector)
        if said:
            repeated = frozenset((c.hit.passage.id, c.start) for c in ev.candidates if repeats(c.text, said))
            if len(repeated) < len(ev.candidates):
                ev.said = repeated
        parts = self._answer_parts(ev)
        listed = None
        if len(parts) == 1 and parts[0].part.answer_type == "list":
            listed = self._in_passage_list(ev.hits, ev.weights) or self._sibling_list(query.text, ev.hits, ev.weights)
        elif len(parts) == 1 and parts[0].chosen and _announces_elsewhere(parts[0].chosen[-1]):
            # "Aan welke eisen …?" typed as no list, answered by "… aan de volgende eisen:" whose
            # items are the numbered sections after it: the answer is those sections, or the lead-in
            # alone would end the answer on a colon
            listed = self._sibling_list(query.text, [parts[0].chosen[-1].hit], ev.weights, led=True)
        signals = dict(ev.signals)
        signals.update(self._check_signals(ev, self._judged_parts(parts)))
        signals["rewritten"] = float(rewritten)
        signals["list_found"] = float(listed is not None)
        if listed is not None:  # the answer is the list: judge what it cites
            signals["answer_coverage"] = self.builder.coverage(
                ev.weights, *(self._context(d.passage) for d in listed.citations)
            )
        if "sentences" in self.ablate:  # no sentence vectors: their signals say nothing
            for name in ("sentence_similarity", "sentence_margin", "answer_similarity"):
                signals[name] = self.model.mean_of(name)
        confidence = 0.0 if _none_supported(parts) else round(self.model.probability(signals), 4)
        signals = {k: round(float(v), 4) for k, v in signals.items()}
        if self.decide(signals, confidence):
            return self._abstain(ev, signals, confidence)
        composed = listed or self._compose(parts, ev.candidates)
        composed.evidence, composed.confidence = signals, confidence
        return composed

    def _part_weights(self, ev: Evidence, part: QuestionPart) -> Weights:
        """The question's words, those of this part counting double: an
        elliptic part ("en waar?") still has the rest of the question."""
        own = {stem for stem, _, _ in self.builder.weights(part.text)}
        return [(stem, parts, w * (2.0 if stem in own else 0.5)) for stem, parts, w in ev.content]

    def _answer_parts(self, ev: Evidence) -> list[PartAnswer]:
        """One answer per part; a part of a multi-part question is judged by
        its own words and its own embedding, and is not answered by the
        sentence that answered an earlier part, unless no other sentence near
        the top holds the type it asks for and that sentence does ("Zit er
        vakantiegeld in de uitkering, en in welke maand wordt dat betaald?" is
        answered twice by "… wordt jaarlijks betaald in de maand juni"; a part
        asking for the same kind of answer as the earlier one is not:
        ``answered_alike``). A sentence an earlier part
        quoted only as context after its answer ("… op woensdagmiddag 13
        november. De wethouders pitchen dan hun ambities.") may answer a
        later part ("… en wat doen de wethouders dan?"): barring it sent that
        part to a weaker sentence of another passage. The answer writes such a
        sentence once (``_compose``)."""
        question = ev.question
        if len(question.parts) <= 1:
            part = question.parts[0] if question.parts else QuestionPart(question.focus, "other")
            return [self._answer_part(ev, part, ev.candidates, set(ev.said))]
        vectors = self.index.embed_queries([p.text for p in question.parts])
        out: list[PartAnswer] = []
        used: dict[tuple[str, int], AnswerType] = {}  # the sentences that answered, with the type asked
        for part, vector in zip(question.parts, vectors, strict=True):
            cands = self.builder.rescored(ev.candidates, self._part_weights(ev, part), vector)
            answer = self._answer_part(ev, part, cands, set(used) | ev.said)
            barred = {k for k, t in used.items() if answered_alike(t, part.answer_type)}
            if answer.type_missing and len(barred) < len(used):  # an earlier answer of another kind may serve
                again = self._answer_part(ev, part, cands, barred | ev.said)
                answer = answer if again.type_missing else again
            used.update(((c.hit.passage.id, c.start), part.answer_type) for c in answer.chosen[:1])
            out.append(answer)
        return out

    def _answer_part(
        self, ev: Evidence, part: QuestionPart, cands: list[Candidate], used: set[tuple[str, int]]
    ) -> PartAnswer:
        ranked = sorted(
            (c for c in cands if (c.hit.passage.id, c.start) not in used), key=lambda c: (-c.score, c.hit.rank, c.start)
        )
        if members := named_members(ev.question.focus):  # "Wat regelt artikel 3, tweede lid?"
            ranked.sort(key=lambda c: not _in_member(c, members))  # stable: that member's sentences first
        if not ranked:
            return PartAnswer(part, [], False, checkable(part.answer_type))
        checked = self.checks and checkable(part.answer_type)
        named = required_names(part.text) if "named_check" not in self.ablate else ()
        best = ranked[0]
        supported = True
        type_missing = name_missing = False
        if checked or named:
            given = self._given(ev.question.focus) if checked else None
            noun = part.counted if checked else None  # the noun a count asks for ("dagen")
            # the best distinct answers; the first TYPED_WITHIN of them are the near ones
            far_type = part.answer_type in FURTHER_TYPES or (
                part.answer_type in FURTHER_ALONE_TYPES and len(ev.question.parts) == 1
            )
            further = noun is not None or far_type
            wide = self._distinct_answers(ranked, cands, COUNTED_WITHIN if further else TYPED_WITHIN)
            body = {id(c): self._body_text(c, cands) for c in wide} if checked else {}

            def holds_type(c: Candidate) -> bool:
                return not checked or has_answer_type(part.answer_type, body[id(c)], given, part.name_of)

            typed = [c for c in wide[:TYPED_WITHIN] if holds_type(c)]
            # the answers that count the asked noun, judged once for both uses below
            counting = [
                c for c in wide if noun and counts(noun, body[id(c)], self.index.terms) and holds_type(c)
            ]
            if part.answer_type == "period" and asks_time_unit(noun) and not counting:
                typed = []  # "binnen hoeveel werkdagen" is not answered by "28 kalenderdagen" or "een maand"
            elif not typed and (asks_time_unit(noun) or far_type):
                # "Voor hoeveel jaar …?": the first passage's sentence that counts the unit asked
                # ("… ten hoogste vier jaren"), though three of its members outscore it, or says how
                # often ("eenmaal per twaalf maanden"), or states the stretch of time a question of
                # one part asks ("… niet eerder dan nadat tien werkdagen zijn verstreken"); other
                # types alone from that far down answered unanswerable questions (RESULTS, fifteenth
                # slice). The near few lack the type already.
                rare = counting if asks_time_unit(noun) else [
                    c for c in wide[TYPED_WITHIN:] if c.hit.rank == 1 and holds_type(c)
                ]
                typed = [c for c in rare if c.hit.rank == 1][:1]
            lacking = {id(c): self._missing_names(named, [c.hit.passage]) for c in typed}  # judged once for both uses
            fitting = [c for c in typed if not lacking[id(c)]]
            if fitting and noun:  # "binnen hoeveel dagen": "zeven dagen" before "4 weken", from further down
                counted = next((c for c in counting if not self._missing_names(named, [c.hit.passage])), None)
                if counted is not None:
                    fitting = [counted, *(c for c in fitting if c is not counted)]

            def row_typed(c: Candidate) -> bool:
                return not checked or has_answer_type(part.answer_type, c.text, given, part.name_of)

            row = self._named_row(ev.question.stated_values, ranked, row_typed)
            if row is not None:  # that row alone: the next row of the table is another band
                return PartAnswer(part, [row], True, checked, type_missing=False)
            supported = bool(fitting)
            type_missing = checked and not typed
            if typed and not fitting:  # the near answers are about someone or some year else
                who = set(self._who_or_when(named, part.text, ev.question.focus))  # a subset of ``named``
                name_missing = bool(who) and all(who.intersection(lacking[id(c)]) for c in typed)
            best = fitting[0] if fitting else best
        if part.which and self.checks and defers_naming(self._body_text(best, cands), part.which):
            # "Welke gemeenten zijn aangewezen …?" over "de bij algemene maatregel van bestuur
            # aangewezen gemeenten": the text leaves their names to another instrument
            return PartAnswer(part, self._expand(best, cands), False, True, True, name_missing)
        return PartAnswer(part, self._expand(best, cands), supported, checked, type_missing, name_missing)

    @staticmethod
    def _named_row(
        numbers: tuple[NamedThing, ...], ranked: list[Candidate], holds_type: Callable[[Candidate], bool]
    ) -> Candidate | None:
        """The best-scored table row of the found passages that names a year,
        sum or span the question states, in a cell or as a band that holds it
        ("€ 63.000" in "| € 62.841 | € 65.659 | 56.3% | …", "1 tot 4" in
        "| 1 tot 4 | 1 | 7 | …"). The passage
        check passes every row of that table, and the best-scored row is
        seldom the one asked for: all rows read alike, and the best few
        answers may all come from prose that explains the table."""
        if not numbers:
            return None
        return next((
            c for c in ranked
            if TABLE_ROW_LINE.fullmatch(c.text.strip()) and len(names_present(numbers, c.text)) < len(numbers)
            and holds_type(c)
        ), None)

    def _distinct_answers(self, ranked: list[Candidate], cands: list[Candidate], n: int) -> list[Candidate]:
        """The best ``n`` candidates that would answer with different text: a
        heading ("Paragraaf 4", "Artikel 1.11") answers with the sentence after
        it, so a passage's headings and first sentence, ranked side by side,
        count once and leave room for the next passage's answer."""
        seen: set[tuple[str, int]] = set()
        out: list[Candidate] = []
        for c in ranked:  # any other candidate answers with itself first (_expand)
            first = self._expand(c, cands)[0] if self._answered_below(c, cands) else c
            key = (first.hit.passage.id, first.start)
            if key in seen:
                continue
            seen.add(key)
            out.append(c)
            if len(out) == n:
                break
        return out

    def _following(self, c: Candidate, cands: Sequence[Candidate]) -> list[Candidate]:
        same = [x for x in cands if x.hit.rank == c.hit.rank and x.start > c.start]
        return sorted(same, key=lambda x: x.start)

    def _body_text(self, c: Candidate, cands: list[Candidate]) -> str:
        """What a candidate would answer with: a heading or a question in the
        text is answered by what follows it, a lead-in ("… wordt verwijderd:")
        by the list it announces, which the answer quotes with it. The
        sub-items of an item ("1°. …" under "b. … in mindering gebracht:")
        detail it: the answer shows them, but a type they hold is no answer
        to the question the list was chosen for (a sum among the sub-items
        of an income calculation answered "hoeveel zak- en kleedgeld?")."""
        if self._answered_below(c, cands) or _is_lead_in(c):  # one line each: a member's "2." stays a place
            return "\n".join(x.text for x in _without_sub_items(self._expand(c, cands)))
        return c.text

    def _answered_below(self, c: Candidate, cands: Sequence[Candidate]) -> bool:
        """A heading, or a question the text answers below it ("1. Wie betaalt …?"
        over "De gemeente betaalt …"). A question among the items of a checklist
        ("• Staat cliëntondersteuning hoog op de agenda?\n• Heeft jouw gemeente
        een verbeterambitie op thema's als …?") is content: the line below the
        list ("Dan kun je koploper worden!") answers nothing it asks."""
        if c.is_heading:
            return True
        if not c.is_question or not _is_list_line(c):
            return c.is_question
        neighbours = [*_preceding(c, cands)[:1], *self._following(c, cands)[:1]]
        return not any(
            x.is_question and _is_list_line(x) and _mark_kind(x.text) == _mark_kind(c.text) for x in neighbours
        )

    def _expand(self, best: Candidate, cands: list[Candidate]) -> list[Candidate]:
        after = self._following(best, cands)
        if self._answered_below(best, cands):  # answered by the text under it
            body = [x for x in after if not x.is_heading]
            if not body:
                return [best]
            if _is_lead_in(body[0]) and (announced := _with_list(body[0], body[1:])):
                return announced  # "Artikel 6a.4" over "… sprake is van:" and its items
            if len(body) > 1 and _is_lead_in(body[1]):
                return [body[0], *_with_list(body[1], body[2:])]  # a lead-in with its list, or not at all
            return body[:2]
        chosen = [best]
        if _is_lead_in(best) and (announced := _with_list(best, after)):  # what it announces follows it
            return announced
        if after and not after[0].is_heading and best.words < 30 and after[0].coverage >= 0.15:
            # a lead-in comes with its list, or not at all
            chosen.extend(_with_list(after[0], after[1:]) if _is_lead_in(after[0]) else after[:1])
        return chosen

    @staticmethod
    def _judged_parts(parts: list[PartAnswer]) -> list[PartAnswer]:
        """The parts the answer's confidence is about. Where one checked part
        holds its answer type and another part has no support, the answer
        gives the first and says the documents do not answer the other
        (``_compose``): its confidence is that of what it gives."""
        given = [p for p in parts if p.supported]
        if len(given) < len(parts) and any(p.checked for p in given):
            return given
        return parts

    def _check_signals(self, ev: Evidence, parts: list[PartAnswer]) -> dict[str, float]:
        checked = [p for p in parts if p.checked]
        chosen = [c for p in parts for c in p.chosen]
        named = self._checkable_names(ev.question.named, ev.question.focus) if self.checks else ()
        missing_cited = self._missing_names(named, [c.hit.passage for c in chosen])
        known = self.index.in_vocabulary
        unknown = tuple(
            n for n in named
            if n.kind != "unit" and not self._named_documents(n) and not all(known(t) for t in self.index.terms(n.text))
        )
        # Of the names the vocabulary lacks, those that the passages found do not spell out ("UWV") or
        # hold in a span ("1985"): the found passages' context is made once for all of them.
        absent = set(self._missing_names(unknown, [h.passage for h in ev.hits])) if unknown else set()
        missing_corpus = [
            n for n in named
            if (not self._unit_exists(n.text, ev.question.focus, ev.hits) if n.kind == "unit" else n in absent)
        ]
        answer_text = " ".join(
            " ".join([*c.hit.passage.section_path, c.text]) for c in chosen
        )
        return {
            "type_checked": len(checked) / max(len(parts), 1),
            "type_missing": sum(p.type_missing for p in checked) / max(len(parts), 1),
            "named": min(len(named), 3) / 3,
            "named_missing_cited": len(missing_cited) / len(named) if named else 0.0,
            "named_missing_corpus": len(missing_corpus) / len(named) if named else 0.0,
            "answer_coverage": self.builder.coverage(ev.weights, answer_text),
            "answer_similarity": max((c.similarity for c in chosen), default=0.0),
            "answer_rank": 1.0 / min((c.hit.rank for c in chosen), default=10),
        }

    def _who_or_when(self, named: tuple[NamedThing, ...], part: str, focus: str) -> tuple[NamedThing, ...]:
        """The names, years and numbered categories of a part that say whom,
        when or which it asks about ("… krijgt de gemeente Amsterdam", "… in
        2016", "een geldboete van de tweede categorie"): a near answer whose
        passage lacks one of them answers for another place, year or fine, as a
        sentence on the national budget does for "Hoeveel gaat naar
        Tilburg?". A name that only classifies a thing, as the first part of a
        compound ("een Wlz-indicatie", "een WGA-uitkering"), says what kind of
        thing, and a law's passage seldom repeats it; sums, rates and units are
        written in too many ways to require ("per jaar" as "per kalenderjaar")."""
        return self._checkable_names(
            tuple(
                n for n in named
                if n.kind in ("name", "year", "category") and not re.search(rf"\b{re.escape(n.text)}-\w", part)
            ),
            focus,
        )

    def _checkable_names(self, named: tuple[NamedThing, ...], focus: str) -> tuple[NamedThing, ...]:
        """The named things the confidence signals look for in the documents.
        An English question names Dutch things in translation ("the Tax
        Administration", "the Ministry of Health"): a name none of whose words
        the corpus uses cannot be found as written, so it is left unchecked;
        an abbreviation ("UWV", "CIZ"), a year or an amount reads the same in
        either language and stays. (Applied to the per-part check as well, it
        changed one train citation for the worse: left there.)"""
        if not looks_english(focus):
            return named
        known = self.index.in_vocabulary
        return tuple(
            n for n in named
            if n.kind != "name" or n.text.isupper() or any(known(t) for t in self.index.terms(n.text))
        )

    def _given(self, question: str) -> Callable[[str], bool]:
        """Whether a text holds only what the question already says (its index
        terms, read through the evidence builder's cache of analysed texts).
        The alternatives it offers to choose from ("…: de gemeente of de
        GGD?") are what the answer names, not what it already holds."""
        term_set = self.builder.term_set
        asked = term_set(question).difference(*(term_set(a) for a in alternatives(question)))

        def given(text: str) -> bool:
            terms = term_set(text)
            return bool(terms) and asked.issuperset(terms)

        return given

    def _named_documents(self, thing: NamedThing) -> frozenset[str]:
        """The documents a named thing is a name of ("Wmo", "Wet Bopz"); empty for other names."""
        return frozenset(self.index.named_documents(thing.text)) if thing.kind == "name" else frozenset()

    def _missing_names(self, named: tuple[NamedThing, ...], passages: list[Passage]) -> tuple[NamedThing, ...]:
        """The named things that the passages do not name. A document's own
        name ("de Wmo", an abbreviation its title forms) is named by every
        passage of that document, whose text seldom repeats it; a numbered
        place ("artikel 17", "stap 3") by a passage that stands under it (its
        headings or locator), not by one that only refers to it."""
        words = tuple(n for n in named if n.kind != "unit")
        units = tuple(n for n in named if n.kind == "unit")
        missing: tuple[NamedThing, ...] = ()
        if words:
            context = " ".join(self._context(p) for p in passages)
            missing = tuple(
                n for n in names_present(words, context)
                if not (is_abbreviation(n) and abbreviates(n.text, context, self._compound_parts))
            )
        documents = {p.document for p in passages}
        missing = tuple(n for n in missing if not self._named_documents(n) & documents)
        if not units:
            return missing
        placed = frozenset().union(*(unit_labels(" ".join([*p.section_path, p.locator or ""])) for p in passages))
        return missing + tuple(n for n in units if n.text not in placed and not self._only_referred(n.text, passages))

    def _parts(self, word: str) -> tuple[str, ...]:
        """The compound parts the index's analyzer finds in a word (stems:
        their first letters are the word parts' first letters), else those of
        :meth:`_framed_parts`."""
        analysed = self.index.analyse(word, correct=False).words
        found = analysed[0][1] if len(analysed) == 1 else ()
        return found or self._framed_parts(word.lower())

    def _framed_parts(self, word: str) -> tuple[str, ...]:
        """A compound whose first and last parts the corpus uses, with a part
        between them it never uses alone: "burger" + "service" + "nummer" in a
        corpus that has "burgers" and "nummer" but no "service". The analyzer
        splits a word only into attested parts, so it leaves such a word whole,
        and "BSN" was not spelled by "burgerservicenummer". The shortest head
        wins (a longer one may be attested only through its stem: "burgerse"
        stems to "burger"), then the longest tail; the middle has at least
        three letters."""
        least, middle = _MIN_COMPOUND_PART, _MIN_FRAMED_MIDDLE
        if len(word) < 2 * least + middle or not word.isalpha():
            return ()
        for i in range(least, len(word) - least - middle + 1):
            if not self._attested(word[:i]):
                continue
            for j in range(i + middle, len(word) - least + 1):
                if self._attested(word[j:]):
                    return (word[:i], word[i:j], word[j:])
        return ()

    def _attested(self, word: str) -> bool:
        """Whether the corpus uses a word alone (its one index term has an idf)."""
        terms = self.index.terms(word)
        return len(terms) == 1 and self.index.idf(terms[0]) is not None

    def _only_referred(self, label: str, passages: list[Passage]) -> bool:
        """A place no heading of the corpus carries ("artikel 150" of a law the
        corpus does not hold) is named by a passage whose text refers to it: a
        policy text that cites the article answers a question about it."""
        headed = label in self._corpus_units()
        return not headed and any(label in unit_labels(p.text) for p in passages)

    def _unit_exists(self, label: str, question: str, hits: list[SearchHit]) -> bool:
        """Whether the corpus has the place the question names: a heading that
        carries the label ("artikel 17"), or else a retrieved passage that
        refers to it, in the documents the question names when it names any.
        A question about an article a law does not have is one the documents
        cannot answer."""
        named = self.index.named_documents(question)
        headed = any(label in self._document_units(doc) for doc in named) if named else label in self._corpus_units()
        if headed:
            return True
        return self._only_referred(label, [h.passage for h in hits if not named or h.passage.document in named])

    def _corpus_units(self) -> frozenset[str]:
        """The numbered places the corpus's headings carry; read once from the
        index's table of contents (its distinct heading paths)."""
        if self._units is None:
            self._units = frozenset(
                label for _, path in self.index.section_paths() for label in unit_labels(" ".join(path))
            )
        return self._units

    def _units_of(self, document: str) -> frozenset[str]:
        """The numbered places one document's headings carry."""
        return frozenset(label for path in self.index.document_paths(document) for label in unit_labels(" ".join(path)))

    def _context(self, passage: Passage) -> str:
        """What a citation of the passage names: its text, headings, document title and
        publisher ("volgens de VNG", "volgens Movisie" name the source, which a citation
        shows and the passage seldom repeats)."""
        doc = self.index.documents.get(passage.document)
        source = (doc.title or "", doc.meta.publisher or "") if doc else ()
        return " ".join([passage.text, *passage.section_path, *source])

    def quote_for(self, hit: SearchHit, text: str) -> str:
        """The sentence of a passage closest to ``text`` (for generated answers)."""
        weights = self.builder.weights(text)
        cands = self.builder.passage_candidates(hit, weights, None)
        best = max(cands, key=lambda c: c.coverage, default=None)
        return best.text if best else hit.passage.text

    def _abstain(self, ev: Evidence, signals: dict[str, float], confidence: float) -> ComposedAnswer:
        citations = []
        for hit in ev.hits[:3]:
            own = [c for c in ev.candidates if c.hit.rank == hit.rank]
            best = max(own, key=lambda c: c.score, default=None)
            citations.append(CitationDraft(hit.passage, best.text if best else hit.passage.text, hit.score))
        return ComposedAnswer(ABSTAIN_TEXT, True, citations, signals, confidence)

    def _compose(self, parts: list[PartAnswer], cands: Sequence[Candidate] = ()) -> ComposedAnswer:
        """The answer's text and citations. An item chosen without the lead-in
        it completes is written after that lead-in: alone, "d. het vermogen
        gebonden in de woning …" reads as if that wealth counted, where its
        lead-in says "Tot het vermogen worden niet gerekend:"; a question that
        asks which ones gets the whole list. The lead-in is shown, not judged:
        the confidence read the item."""
        numbers: dict[str, int] = {}
        spans: dict[str, tuple[SearchHit, int, int]] = {}
        lines: list[str] = []
        written: set[tuple[str, int]] = set()  # a sentence two parts answer with is written once
        answered = [p for p in parts if p.supported] or parts[:1]
        for p in parts:
            if p not in answered:
                lines.append(_TEXTS["part_unanswered"].format(part=p.part.text.rstrip("?").strip()))
                continue
            sentences: list[str] = []
            shown = p.chosen
            if shown and (lead := _lead_in_of(shown[0], cands)) is not None:
                whole = _with_list(lead, self._following(lead, cands)) if p.part.answer_type == "list" else []
                shown = whole or [lead, *shown]  # "welke …?" asks for every item, not the one that scored best
            for i, s in enumerate(shown):
                pid = s.hit.passage.id
                if (pid, s.start) in written:
                    continue
                written.add((pid, s.start))
                n = numbers.setdefault(pid, len(numbers) + 1)
                if pid in spans:
                    hit, a, b = spans[pid]
                    spans[pid] = (hit, min(a, s.start), max(b, s.end))
                else:
                    spans[pid] = (s.hit, s.start, s.end)
                listed = _is_list_line(s) and any(_is_lead_in(x) for x in shown[:i])
                if listed:  # an item the lead-in announced: one line each, the mark after the last
                    last = i == len(shown) - 1 or not _is_list_line(shown[i + 1])
                    item = BULLET_MARK.sub("- ", _as_answer_sentence(s.text))
                    sentences.append("\n" + item + (f" [{n}]" if last else ""))
                else:
                    sentences.append(f"{_as_answer_sentence(_labelled_row(s))} [{n}]")
            if sentences:
                lines.append(" ".join(dict.fromkeys(sentences)).replace(" \n", "\n"))
        citations = [
            CitationDraft(hit.passage, hit.passage.text[a:b], hit.score)
            for hit, a, b in sorted(spans.values(), key=lambda v: numbers[v[0].passage.id])
        ]
        return ComposedAnswer("\n".join(lines) if len(parts) > 1 else " ".join(lines), False, citations)

    def _in_passage_list(self, hits: list[SearchHit], weights: Weights) -> ComposedAnswer | None:
        """A bulleted list inside one of the best passages, with its lead-in;
        when its last item announces parts ("2. Het verbod is niet van
        toepassing indien:" over "a. …; b. …"), those parts too: the answer
        stopped at that colon."""
        for hit in hits[:2]:
            text = hit.passage.text
            items = _longest_list_run(text)
            if len(items) < 2:
                continue
            first, last = items[0][0], items[-1][1]
            lead_spans = [(a, b) for a, b in sentence_spans(text[:first]) if b <= first]
            lead = lead_spans[-1] if lead_spans else None
            intro = text[lead[0] : lead[1]] if lead else ""
            if self.builder.coverage(weights, intro, hit.passage.section or "", text[first:last]) < 0.3:
                continue
            start = lead[0] if lead else first
            body = [f"{_as_answer_sentence(intro)} [1]"] if intro else []
            lines = [BULLET_MARK.sub("- ", text[a:b].strip()) for a, b in items]
            lines[-1] += " [1]"
            announced = _leading_items(text, last) if text[first:last].rstrip().endswith(":") else []
            if announced:
                lines += [BULLET_MARK.sub("- ", _as_answer_sentence(text[a:b])) for a, b in announced]
                lines[-1] += " [1]"
                last = announced[-1][1]
            answer = "\n".join([*body, *lines])
            return ComposedAnswer(answer, False, [CitationDraft(hit.passage, text[start:last], hit.score)])
        return None

    def _sibling_list(
        self, query: str, hits: list[SearchHit], weights: Weights, led: bool = False
    ) -> ComposedAnswer | None:
        """Numbered sections under one heading (the five steps, the three
        criteria) answered as a list of their headings. A section the question
        names by its heading, found before any list, is where the answer is:
        "welke criteria gelden bij de noodzakelijkheidstoets?" asks what
        "4.3 Noodzakelijkheidtoets" says, not for the headings of its 4.3.1
        and 4.3.2 further down. ``led``: the hit is the passage whose closing
        lead-in the answer chose, so its sections are what the question asks
        for whatever words it shares with their heading."""
        if re.search(r"\d", query):
            return None  # "stap 3" asks for one item, not the list
        folded = fold(query)
        query_terms = {t for stem, parts, _ in weights for t in (stem, *parts)}
        for hit in hits[:SIBLING_LIST_WITHIN]:
            p = hit.passage
            numbered = bool(NUMBERED_HEADING.match(p.section or ""))
            if numbered and self._names_heading(p.section or "", query_terms):
                return None
            if numbered and len(p.section_path) >= 2:
                parent = p.section_path[:-1]
            elif p.section_path:
                parent = p.section_path
            else:
                continue
            siblings = [
                q for q in self.index.section_group(p.document, tuple(parent))
                if NUMBERED_HEADING.match(q.section or "") and q.text.startswith(q.section or "\0")
            ]
            if len(siblings) < 2:
                continue
            label = fold(siblings[0].section.split()[0]).rstrip(".:")
            parent_terms = set(self.index.terms(" ".join(parent)))
            lead_passage = next(
                (q for q in self.index.section_group(p.document, tuple(parent[:-1])) if q.section_path == parent),
                None,
            )
            colon = self._colon_spans(lead_passage)
            asked = led or parent_terms & query_terms or (label.isalpha() and label in folded)
            if not (asked or (colon and self._announces(lead_passage.text[colon[-1][0] : colon[-1][1]], query_terms))):
                continue
            if any(self._names_heading(q.section or "", query_terms) for q in siblings):
                return None  # "welke criteria gelden bij de noodzakelijkheidstoets?" asks inside one of them
            seen, ordered = set(), []
            for q in siblings:
                if q.section not in seen:
                    seen.add(q.section)
                    ordered.append(q)
            drafts: list[CitationDraft] = []
            lines: list[str] = []
            if lead_passage is not None:
                if colon:
                    a, b = colon[-1]
                    drafts.append(CitationDraft(lead_passage, lead_passage.text[a:b], 0.0))
                    lines.append(f"{lead_passage.text[a:b]} [1]")
                elif lead_passage.text.startswith(parent[-1]):
                    drafts.append(CitationDraft(lead_passage, parent[-1], 0.0))
                    lines.append(f"{parent[-1]} [1]")
            for q in ordered:
                drafts.append(CitationDraft(q, q.section, 0.0))
                lines.append(f"- {q.section} [{len(drafts)}]")
            score_of = {h.passage.id: h.score for h in hits}
            for d in drafts:
                d.score = score_of.get(d.passage.id, 0.0)
            return ComposedAnswer("\n".join(lines), False, drafts)
        return None

    def _colon_spans(self, passage: Passage | None) -> list[tuple[int, int]]:
        """The spans of a passage's sentences that end in a colon (lead-ins)."""
        if passage is None:
            return []
        return [sp for sp in self._spans(passage.text) if passage.text[sp[0] : sp[1]].endswith(":")]

    def _announces(self, lead_in: str, query_terms: set[str]) -> bool:
        """Whether the noun a lead-in ends on ("… voldoet aan de volgende
        kenmerken:") is a word of the question ("Aan welke kenmerken …?"): the
        numbered sections after it are then the list asked for, though their
        heading ("Beoordelingscriteria") shares no word with the question."""
        terms = self.index.terms(lead_in)
        return bool(terms) and terms[-1] in query_terms

    def _names_heading(self, section: str, query_terms: set[str]) -> bool:
        """Whether the question names a numbered heading's title: each of its
        words, or each compound part of it, is a word of the question
        ("Noodzakelijkheidtoets" in "… bij de noodzakelijkheidstoets?")."""
        words = [self.index.terms(w) for w in NUMBERED_HEADING.sub("", section).split()]
        words = [t for t in words if t]
        return bool(words) and all(t[0] in query_terms or (len(t) > 1 and set(t[1:]) <= query_terms) for t in words)


def _preceding(c: Candidate, cands: Sequence[Candidate]) -> list[Candidate]:
    """The candidates of the same passage before ``c``, nearest first (as
    :meth:`Answerer._following` gives those after it, nearest first)."""
    return sorted((x for x in cands if x.hit.rank == c.hit.rank and x.end <= c.start), key=lambda x: -x.start)


def _lead_in_of(item: Candidate, cands: Sequence[Candidate]) -> Candidate | None:
    """The lead-in a list item completes: up its passage over the items
    marked as it is, the first sentence that announces a list. Alone, "d. het
    vermogen gebonden in de woning …" reads as if that wealth counted, where
    its lead-in says "Tot het vermogen worden niet gerekend:"."""
    if not _is_list_line(item):
        return None
    kind = _mark_kind(item.text)
    for c in _preceding(item, cands):
        if _is_list_line(c) and _mark_kind(c.text) == kind and not c.text.rstrip().endswith(":"):
            continue
        return c if _is_lead_in(c) and not c.is_heading else None  # a heading over members leads in nothing
    return None


def _without_citation_titles(cands: list[Candidate]) -> list[Candidate]:
    """The candidates less a document's citation title ("Dit besluit wordt
    aangehaald als: …") and the headings of a passage that holds nothing else
    ("Artikel 79"): the document's name answers only a question for it, and a
    follow-up that names the document from the last answer ("… volgens artikel 70
    van het Uitvoeringsbesluit Wet op de jeugdzorg") found that article first."""
    if not any(c.is_citation_title for c in cands):
        return cands
    kept = [c for c in cands if not c.is_citation_title]
    with_content = {c.hit.passage.id for c in kept if not c.is_heading}
    return [c for c in kept if c.hit.passage.id in with_content]


def _in_member(c: Candidate, members: list[Reference]) -> bool:
    """Whether a candidate stands in one of the named members of an article,
    read from how its span is cited ("artikel 3, tweede lid")."""
    if c.is_heading:
        return False
    cited = named_members(span_locator(c.hit.passage, c.start, c.end) or "")
    return any(
        r.article.lower() == m.article.lower() and r.member == m.member for r in cited for m in members
    )


# The shortest head or tail of a compound (as the index's analyzer splits them) and the
# shortest part between them that the corpus never uses alone (Answerer._framed_parts).
_MIN_COMPOUND_PART = 4
_MIN_FRAMED_MIDDLE = 3


def _is_list_line(c: Candidate) -> bool:
    """A bulleted, numbered or lettered line, or a law's "1°." part."""
    return opens_list_item(c.text)


def _is_lead_in(c: Candidate) -> bool:
    """A sentence that announces a list: it ends in a colon ("… in ieder
    geval aangegeven:"), or it breaks off unfinished where a list begins on
    the next line, as laws write it ("… zijn vrijgesteld …, zolang" over
    "a. de jongere …;"). A list item itself announces nothing without a colon,
    nor does the export's note on an article's status over its members
    ("Treedt in werking op een nader te bepalen tijdstip", no full stop)."""
    text = c.text.rstrip()
    if text.endswith(":"):
        return True
    if text.endswith((".", "!", "?", ";", ",")) or _is_list_line(c) or is_status_line(text):
        return False
    after = c.hit.passage.text[c.end :]
    gap = re.match(r"[ \t]*\n\s*", after)
    return gap is not None and opens_list_item(after[gap.end() :])


def _leading_items(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """The spans of the list items ``text`` goes on with from ``offset``
    ("a. …;", "- …"), marked alike (the article's next member "3." ends them),
    at most MAX_LIST_ITEMS; none when it goes on with anything else."""
    items: list[tuple[int, int]] = []
    kind = None
    for line in text[offset:].split("\n"):
        start, offset = offset, offset + len(line) + 1
        item = line.strip()
        if not item:
            continue
        kind = kind or _mark_kind(item)
        if not opens_list_item(item) or _mark_kind(item) != kind or len(items) == MAX_LIST_ITEMS:
            break
        items.append((start, start + len(line.rstrip())))
    return items


def _announces_elsewhere(c: Candidate) -> bool:
    """A lead-in ending in a colon that ends its passage: what it announces
    stands in the passages after it (numbered sections of their own)."""
    text = c.hit.passage.text
    return c.text.rstrip().endswith(":") and not text[c.end :].strip()


def _with_list(lead: Candidate, after: list[Candidate]) -> list[Candidate]:
    """A lead-in and the list it announces; nothing when no list follows it."""
    items = _list_after(lead, after)
    return [lead, *items] if items else []


def _list_after(lead: Candidate, after: list[Candidate]) -> list[Candidate]:
    """The list items that follow a lead-in in its passage, each one candidate
    over its whole line (an item of two sentences stays one item), up to
    MAX_LIST_ITEMS; nothing when no list line follows at once."""
    text = lead.hit.passage.text
    items: list[Candidate] = []
    end = lead.end
    nested = False  # inside the sub-items ("1°. geslacht;") of an item that announces them ("a. …:")
    for c in after:
        same_line = "\n" not in text[end : c.start]
        if _is_list_line(c) and not same_line:
            if len(items) == MAX_LIST_ITEMS:
                break
            if items and _mark_kind(c.text) != _mark_kind(items[0].text):
                opens = items[-1].text.rstrip().endswith(":") and _first_mark(c.text)
                if not (nested or opens):
                    break  # the next member ("2. …") after the items ("a. …") of this one
                nested = True
            else:
                nested = False
            items.append(c)
        elif items and same_line:
            items[-1] = replace(items[-1], end=c.end)
        else:
            break
        end = c.end
    return items


def _without_sub_items(chosen: list[Candidate]) -> list[Candidate]:
    """The chosen sentences up to the first sub-item of the list they hold:
    a list line after the lead-in marked otherwise than the list's first item."""
    lead = next((i for i, c in enumerate(chosen) if _is_lead_in(c)), None)
    if lead is None or lead + 1 >= len(chosen):
        return chosen
    kind = _mark_kind(chosen[lead + 1].text)
    for i in range(lead + 2, len(chosen)):
        if _is_list_line(chosen[i]) and _mark_kind(chosen[i].text) != kind:
            return chosen[:i]
    return chosen


def _first_mark(line: str) -> bool:
    """Whether a list line opens its list: "1." / "1°" / "a." / "i." / a glyph or dash."""
    mark = re.match(r"\(?([0-9]+|[a-z]+)", line.strip())
    return mark is None or mark.group(1) in {"1", "a", "i"}


def _mark_kind(line: str) -> str:
    """What marks a list line: a glyph or dash, a number, or a letter."""
    mark = line.lstrip("(")[:1]
    return "number" if mark.isdigit() else "letter" if mark.isalpha() else "glyph"


def _longest_list_run(text: str) -> list[tuple[int, int]]:
    """Spans of the longest run of consecutive list lines (a numbered heading
    standing alone is not a list)."""
    runs: list[list[tuple[int, int]]] = []
    for m in re.finditer(r"[^\n]+", text):
        if not opens_list_item(m.group()):
            continue
        if runs and text[runs[-1][-1][1] : m.start()] == "\n":
            runs[-1].append((m.start(), m.end()))
        else:
            runs.append([(m.start(), m.end())])
    return max(runs, key=len, default=[])


def _table_cells(row: str) -> list[str]:
    return [cell.strip("*_").strip() for cell in table_cells(row)]


def _column_name(cell: str) -> bool:
    """A header cell names a column in a few words; a cell of sentences is data."""
    return bool(cell) and not set(cell) <= set("-: ") and len(cell.split()) <= MAX_COLUMN_NAME_WORDS and (
        cell[-1] not in ".;:!?")


def _labelled_row(c: Candidate) -> str:
    """A table row as an answer says it: each cell with its column's name
    ("Leeftijd pleegkind: 9 t/m 11 jaar; Bedrag per maand: € 543"), the
    names from the table's first row above it in the passage, or from the
    header row of the table it continues (``Passage.context``). A row
    alone ("| 9 t/m 11 jaar | € 543 | € 17,86 |") does not say which sum is
    per month. Anything else, or a row whose table has no usable header, is
    returned as it is."""
    text = c.text.strip()
    if "\n" in text or not TABLE_ROW_LINE.fullmatch(text):
        return c.text
    header = row_header(c.hit.passage.text, c.start, c.hit.passage.context)
    if header is None:
        return c.text
    names, cells = _table_cells(header), _table_cells(text)
    if len(names) != len(cells) or not all(_column_name(n) for n in names):
        return c.text  # no header: a table whose first row is data ("| Jeugdhulp zonder verblijf | De … |")
    return "; ".join(f"{name}: {cell}" for name, cell in zip(names, cells, strict=True) if cell)


def _as_answer_sentence(text: str) -> str:
    """One line, list markers and heading numbers kept as they are."""
    return re.sub(r"\s*\n\s*", " ", text).strip()
