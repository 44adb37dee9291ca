"""Extractive answers, grounded by construction.

Every sentence of an answer is copied from a retrieved passage and ends with
the ``[n]`` of that passage; each citation's ``quote`` is the exact span
used. Whether to answer at all is decided from the evidence (how much of the
question the best passages cover, and how close they are in meaning), with
thresholds calibrated on the evaluation set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from index.analyzer import fold
from index.search import LoadedIndex, SearchHit
from ingest.chunking import BULLET_LINE, NUMBERED_HEADING
from ingest.models import Passage
from ingest.sentences import sentence_spans

ABSTAIN_TEXT = (
    "Daarover vind ik geen antwoord in de documenten. "
    "De passages hieronder komen het dichtst in de buurt; lees ze na om zeker te zijn."
)
NO_PASSAGES_TEXT = "Daarover vind ik geen antwoord in de documenten."

_LIST_QUESTION = re.compile(
    r"\b(welke|wat zijn|noem|opsomming|lijst|overzicht|stappen|criteria|kenmerken|voorbeelden|onderdelen|"
    r"which|what are|list|steps)\b"
)
_QUESTION_END = re.compile(r"\?[\"'’”)]*$")


# Content words of a question: (stem, stems of its compound parts, idf weight).
Weights = list[tuple[str, tuple[str, ...], float]]


@dataclass(frozen=True)
class AbstentionPolicy:
    """Answer only when the passages cover enough of the question's words
    (idf-weighted) or are very close in meaning; calibrated in eval/."""

    min_coverage: float = 0.45
    min_dense: float = 0.83
    confident_dense: float = 0.88
    max_unknown: float = 0.4
    english_min_dense: float = 0.76


_ENGLISH = frozenset(
    """
    the is are was were what who whom which when where why how does do did can could should would of to for and
    in on with about make made give given people their there this that these those it its an a be been
    """.split()  # noqa: SIM905 - a word list reads best as words
)


def looks_english(text: str) -> bool:
    """Enough English function words that Dutch BM25 coverage says little."""
    tokens = re.findall(r"[a-z]+", text.lower())
    return len(tokens) >= 3 and sum(t in _ENGLISH for t in tokens) / len(tokens) >= 0.3


def abstain_decision(policy: AbstentionPolicy, ev: dict[str, float]) -> bool:
    """The one place where evidence becomes a decision (also used to calibrate)."""
    if ev.get("english"):
        return ev["dense"] < policy.english_min_dense
    if ev["dense"] < policy.min_dense:
        return True
    if ev["dense"] >= policy.confident_dense:
        return False
    if ev["terms"] == 0:
        return True
    return ev["coverage"] < policy.min_coverage or ev.get("unknown", 0.0) > policy.max_unknown


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


@dataclass
class _Sentence:
    hit: SearchHit
    start: int
    end: int
    score: float
    is_heading: bool

    @property
    def text(self) -> str:
        return self.hit.passage.text[self.start : self.end]


class Answerer:
    def __init__(self, index: LoadedIndex, policy: AbstentionPolicy = AbstentionPolicy()) -> None:
        self.index = index
        self.policy = policy
        self._max_idf = float(np.max(index.bm25.idf)) if len(index.bm25.idf) else 1.0
        # Passages and their sentences come back in answer after answer: cache their analysis.
        self._term_set = lru_cache(maxsize=100_000)(lambda text: frozenset(index.analyzer.terms(text)))
        self._spans = lru_cache(maxsize=100_000)(sentence_spans)
        self._groups: dict[tuple[str, tuple[str, ...]], list[Passage]] | None = None

    # -- evidence -----------------------------------------------------------
    def _weights(self, query: str) -> Weights:
        """Content words of the query with their idf; a word the corpus never
        uses weighs most, since a passage cannot be about it."""
        out = []
        seen = set()
        for stem, parts in self.index.query_words(query):
            if stem in seen:
                continue
            seen.add(stem)
            t = self.index.bm25.vocab.get(stem)
            weight = max(float(self.index.bm25.idf[t]), 0.05) if t is not None else self._max_idf
            out.append((stem, parts, weight))
        return out

    def _coverage(self, weights: Weights, text: str) -> float:
        """Share (idf-weighted) of the query's words that the text contains;
        a compound counts for 70 % when only all of its parts are there."""
        total = sum(w for _, _, w in weights)
        if not total:
            return 0.0
        present = self._term_set(text)
        got = 0.0
        for stem, parts, w in weights:
            if stem in present:
                got += w
            elif parts and all(p in present for p in parts):
                got += 0.7 * w
        return got / total

    def evidence(self, query: str, hits: list[SearchHit], weights: Weights | None = None) -> dict[str, float]:
        weights = self._weights(query) if weights is None else weights
        top = hits[:3]
        coverage = max(
            (self._coverage(weights, h.passage.text + " " + " ".join(h.passage.section_path)) for h in top),
            default=0.0,
        )
        dense = max((h.scores.get("dense", 0.0) for h in top), default=0.0)
        total = sum(w for *_, w in weights) or 1.0
        unknown = sum(w for stem, _, w in weights if stem not in self.index.bm25.vocab) / total
        return {
            "coverage": round(coverage, 4),
            "dense": round(dense, 4),
            "unknown": round(unknown, 4),
            "terms": float(len(weights)),
            "english": float(looks_english(query)),
        }

    def should_abstain(self, ev: dict[str, float]) -> bool:
        return abstain_decision(self.policy, ev)

    # -- composition --------------------------------------------------------
    def answer(self, query: str, hits: list[SearchHit]) -> ComposedAnswer:
        if not hits:
            return ComposedAnswer(NO_PASSAGES_TEXT, True, [], {"coverage": 0.0, "dense": 0.0, "terms": 0.0})
        weights = self._weights(query)
        ev = self.evidence(query, hits, weights)
        if self.should_abstain(ev):
            return self._abstain(hits, weights, ev)
        if _LIST_QUESTION.search(fold(query)):
            listed = self._in_passage_list(hits, weights) or self._sibling_list(query, hits, weights)
            if listed is not None:
                listed.evidence = ev
                return listed
        return self._sentences(hits, weights, ev)

    def quote_for(self, hit: SearchHit, text: str) -> str:
        """The sentence of a passage closest to ``text`` (for generated answers)."""
        best = max(self._scored_sentences(hit, self._weights(text)), key=lambda s: s.score, default=None)
        return best.text if best else hit.passage.text

    def _abstain(self, hits: list[SearchHit], weights: Weights, ev) -> ComposedAnswer:
        citations = []
        for hit in hits[:3]:
            best = max(self._scored_sentences(hit, weights), key=lambda s: s.score, default=None)
            quote = best.text if best else hit.passage.text
            citations.append(CitationDraft(hit.passage, quote, hit.score))
        return ComposedAnswer(ABSTAIN_TEXT, True, citations, ev)

    def _scored_sentences(self, hit: SearchHit, weights: Weights) -> list[_Sentence]:
        passage = hit.passage
        out = []
        heading = passage.section if passage.section and passage.text.startswith(passage.section) else None
        for s, e in self._spans(passage.text):
            text = passage.text[s:e]
            is_heading = heading is not None and s == 0 and e <= len(heading) + 1
            cov = self._coverage(weights, text)
            words = len(text.split())
            penalty = 0.0 if words >= 6 else 0.15  # fragments answer little
            if _QUESTION_END.search(text) and not is_heading:
                penalty += 0.3  # a question in the text is not its answer
            out.append(_Sentence(hit, s, e, cov - penalty + 0.3 / hit.rank, is_heading))
        return out

    def _sentences(self, hits: list[SearchHit], weights: Weights, ev) -> ComposedAnswer:
        candidates: list[_Sentence] = []
        per_hit: dict[int, list[_Sentence]] = {}
        for hit in hits[:5]:
            sents = self._scored_sentences(hit, weights)
            per_hit[hit.rank] = sents
            candidates.extend(sents)
        best = max(candidates, key=lambda s: (s.score, -s.hit.rank, -s.start))
        chosen: list[_Sentence] = []
        sents = per_hit[best.hit.rank]
        i = sents.index(best)
        if best.is_heading or _QUESTION_END.search(best.text):
            # The heading (or a question) matched: its answer is what follows.
            body = [s for s in sents[i + 1 :] if not s.is_heading][:2]
            chosen = [best, *body] if best.is_heading else body or [best]
        else:
            chosen = [best]
            nxt = sents[i + 1] if i + 1 < len(sents) else None
            if nxt and nxt.score - 0.3 / nxt.hit.rank > 0.15 and len(best.text.split()) < 30:
                chosen.append(nxt)
        # A second passage when it covers query words the first one misses.
        used_terms = set(self.index.analyzer.terms(" ".join(s.text for s in chosen)))
        missing = [x for x in weights if x[0] not in used_terms]
        if missing and sum(w for *_, w in missing) > 0.25 * sum(w for *_, w in weights):
            extra = [
                s for s in candidates
                if s.hit.rank != best.hit.rank and s.hit.rank <= 3 and not s.is_heading
                and not _QUESTION_END.search(s.text) and self._coverage(missing, s.text) > 0.5
                and self._coverage(weights, s.text) >= 0.6 * self._coverage(weights, best.text)
            ]
            if extra:
                chosen.append(max(extra, key=lambda s: (s.score, -s.hit.rank)))
        chosen = [s for s in chosen if not s.is_heading] or chosen
        return self._compose(chosen, ev)

    def _compose(self, chosen: list[_Sentence], ev) -> ComposedAnswer:
        numbers: dict[str, int] = {}
        spans: dict[str, tuple[SearchHit, int, int]] = {}
        parts = []
        for s in chosen:
            pid = s.hit.passage.id
            n = numbers.setdefault(pid, len(numbers) + 1)
            if pid in spans:
                hit, a, b = spans[pid]
                spans[pid] = (hit, min(a, s.start), max(b, s.end))
            else:
                spans[pid] = (s.hit, s.start, s.end)
            parts.append(f"{_as_answer_sentence(s.text)} [{n}]")
        citations = [
            CitationDraft(hit.passage, hit.passage.text[a:b], hit.score)
            for hit, a, b in sorted(spans.values(), key=lambda v: numbers[v[0].passage.id])
        ]
        return ComposedAnswer(" ".join(parts), False, citations, ev)

    def _in_passage_list(self, hits: list[SearchHit], weights: Weights) -> ComposedAnswer | None:
        """A bulleted list inside one of the best passages, with its lead-in."""
        for hit in hits[:2]:
            text = hit.passage.text
            items = _longest_list_run(text)
            if len(items) < 2:
                continue
            first, last = items[0][0], items[-1][1]
            lead_spans = [(a, b) for a, b in sentence_spans(text[:first]) if b <= first]
            lead = lead_spans[-1] if lead_spans else None
            intro = text[lead[0] : lead[1]] if lead else ""
            if self._coverage(weights, intro + " " + (hit.passage.section or "") + " " + text[first:last]) < 0.3:
                continue
            start = lead[0] if lead else first
            body = [f"{_as_answer_sentence(intro)} [1]"] if intro else []
            item_lines = [text[a:b].strip() for a, b in items]
            item_lines = [re.sub(r"^\s*([•·▪◦●\-–*])\s+", "- ", x) for x in item_lines]
            item_lines[-1] += " [1]"
            answer = "\n".join([*body, *item_lines])
            return ComposedAnswer(answer, False, [CitationDraft(hit.passage, text[start:last], hit.score)])
        return None

    def _section_groups(self) -> dict[tuple[str, tuple[str, ...]], list[Passage]]:
        """Passages by (document, parent heading path), built once per index."""
        if self._groups is None:
            groups: dict[tuple[str, tuple[str, ...]], list[Passage]] = {}
            for q in self.index.passages:
                groups.setdefault((q.document, tuple(q.section_path[:-1])), []).append(q)
            self._groups = groups
        return self._groups

    def _sibling_list(self, query: str, hits: list[SearchHit], weights: Weights) -> ComposedAnswer | None:
        """Numbered sections under one heading (the five steps, the three
        criteria) answered as a list of their headings."""
        if re.search(r"\d", query):
            return None  # "stap 3" asks for one item, not the list
        folded = fold(query)
        for hit in hits[:3]:
            p = hit.passage
            if NUMBERED_HEADING.match(p.section or "") and len(p.section_path) >= 2:
                parent = p.section_path[:-1]
            elif p.section_path:
                parent = p.section_path
            else:
                continue
            groups = self._section_groups()
            siblings = [
                q for q in groups.get((p.document, tuple(parent)), [])
                if NUMBERED_HEADING.match(q.section or "") and q.text.startswith(q.section or "\0")
            ]
            if len(siblings) < 2:
                continue
            label = fold(siblings[0].section.split()[0]).rstrip(".:")
            parent_terms = set(self.index.analyzer.terms(" ".join(parent)))
            query_terms = {t for stem, parts, _ in weights for t in (stem, *parts)}
            if not (parent_terms & query_terms or (label.isalpha() and label in folded)):
                continue
            seen, ordered = set(), []
            for q in siblings:
                if q.section not in seen:
                    seen.add(q.section)
                    ordered.append(q)
            lead_passage = next(
                (q for q in groups.get((p.document, tuple(parent[:-1])), []) if q.section_path == parent), None
            )
            drafts: list[CitationDraft] = []
            lines: list[str] = []
            if lead_passage is not None:
                spans = self._spans(lead_passage.text)
                colon = [sp for sp in spans if lead_passage.text[sp[0] : sp[1]].endswith(":")]
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


def _longest_list_run(text: str) -> list[tuple[int, int]]:
    """Spans of the longest run of consecutive list lines (a numbered heading
    standing alone is not a list)."""
    runs: list[list[tuple[int, int]]] = []
    for m in re.finditer(r"[^\n]+", text):
        if not BULLET_LINE.match(m.group()):
            continue
        if runs and text[runs[-1][-1][1] : m.start()] == "\n":
            runs[-1].append((m.start(), m.end()))
        else:
            runs.append([(m.start(), m.end())])
    return max(runs, key=len, default=[])


def _as_answer_sentence(text: str) -> str:
    """One line, list markers and heading numbers kept as they are."""
    return re.sub(r"\s*\n\s*", " ", text).strip()
