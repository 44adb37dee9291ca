"""Re-rank the fused candidates with the evidence the answer uses.

Reciprocal rank fusion only sees two rank lists. The answer step knows more
about each candidate: its best sentence's similarity to the query (and how far
it lies behind the best candidate's), idf-weighted coverage of the question's
words with and without the heading path, whether it stands in a document the
question names, whether it holds the answer type asked for (a list, for a
"which ones" question), whether it defines a term the question uses, whether
its locator is the place the question names ("artikel 3", "stap 2"), and
whether it is the best passage of its article. One logistic regression over
these features, fitted on the train split only (``vraagbaak eval --fit-confidence``,
eval/fit.py), orders the first ``Settings.rerank_candidates`` results; its
coefficients ship inside the confidence model file, read with numpy.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.api import AnalysedQuery, Passage, SearchHit
from ingest.structure import inline_definition_terms
from service.checks import checkable, holds_list, in_band
from service.evidence import EvidenceBuilder, Weights
from service.question import AnalysedQuestion, stated_values, unit_labels

RERANK_FEATURES = (
    "inv_rank", "log_rank", "bm25_rel", "dense", "dense_gap", "sent_sim", "sent_gap", "cov", "cov_ctx",
    "cov_head", "named_doc", "any_named", "type_ok", "typed_q", "log_words", "definition", "sent_cov",
    "sent_score_gap", "group_gap", "best_in_group", "type_miss", "list_q", "list_ok",
    "term_in_q", "term_in_q_def", "label_named",
)
_DEFINED_TERM = re.compile(r"\*([^*]+)\*$")


@dataclass(frozen=True)
class RerankModel:
    """A standardised linear model over :data:`RERANK_FEATURES`."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def scores(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        x = np.asarray([[r.get(f, 0.0) for f in self.features] for r in rows], dtype=np.float64)
        return (x - self.mean) / self.scale @ self.coef + self.intercept

    @classmethod
    def from_json(cls, data: dict) -> RerankModel:
        n = len(data["features"])
        if not (len(data["mean"]) == len(data["scale"]) == len(data["coef"]) == n):
            raise ValueError("herordening: features, mean, scale en coef verschillen in lengte")
        unknown = set(data["features"]) - set(RERANK_FEATURES)
        if unknown:
            raise ValueError(f"herordening: onbekende kenmerken {sorted(unknown)}")
        scale = np.asarray(data["scale"], dtype=np.float64)
        scale[scale == 0] = 1.0
        return cls(
            tuple(data["features"]), np.asarray(data["mean"], dtype=np.float64), scale,
            np.asarray(data["coef"], dtype=np.float64), float(data["intercept"]),
        )

    def to_json(self) -> dict:
        return {
            "features": list(self.features), "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale], "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }


def candidate_features(
    question: AnalysedQuestion, query: AnalysedQuery, hits: Sequence[SearchHit], builder: EvidenceBuilder,
    vector: np.ndarray, named: set[str], weights: Weights | None = None,
) -> list[dict[str, float]]:
    """One feature row per hit, each relative to the best of the list where a
    raw score would not compare across questions. The query comes analysed
    (its words travel with it from the search); ``weights``, when given, are
    the words word coverage counts (the query's less those that name a
    document, :meth:`EvidenceBuilder.content_weights`), else all the query's."""
    if not hits:
        return []
    weights = builder.weights(query) if weights is None else weights
    bm = [h.scores.get("bm25", 0.0) for h in hits]
    dn = [h.scores.get("dense", 0.0) for h in hits]
    max_bm, max_dn = (max(bm) or 1.0), max(dn)
    sims, sent_cov, sent_score = [], [], []
    for h in hits:
        sim, cov, score = builder.passage_best(h, weights, vector)
        sims.append(sim)
        sent_cov.append(cov)
        sent_score.append(score)
    best_sim, best_score = max(sims), max(sent_score)
    group: dict[tuple[str, str | None], float] = {}
    for h, s in zip(hits, sims, strict=True):
        key = (h.passage.document, h.passage.section)
        group[key] = max(group.get(key, -math.inf), s)
    answer_type = question.answer_type
    typed = checkable(answer_type)
    listing = answer_type == "list"
    defining = answer_type == "definition" or question.asks_term_scope
    query_terms = set(query.terms)
    labels = unit_labels(question.focus) if question.focus else frozenset()
    total = sum(w for *_, w in weights)
    rows = []
    for i, h in enumerate(hits):
        p = h.passage
        heading_path = " ".join(p.section_path)
        own, head = builder.term_set(p.text), builder.term_set(heading_path)
        cov, cov_ctx = builder.shares(weights, total, own, head) if total else (0.0, 0.0)
        cov_head = builder.shares(weights, total, head, frozenset())[0] if total else 0.0  # the heading path alone
        group_best = group[(p.document, p.section)]
        has_type = typed and builder.passage_has_type(h, answer_type)
        terms = defined_terms(p)
        rows.append({
            "inv_rank": 1.0 / h.rank, "log_rank": math.log(h.rank),
            "bm25_rel": bm[i] / max_bm, "dense": dn[i], "dense_gap": dn[i] - max_dn,
            "sent_sim": sims[i], "sent_gap": sims[i] - best_sim,
            "cov": cov, "cov_ctx": cov_ctx, "cov_head": cov_head,
            "named_doc": float(p.document in named), "any_named": float(bool(named)),
            "type_ok": float(has_type), "typed_q": float(typed), "type_miss": float(typed and not has_type),
            "log_words": math.log1p(len(p.text.split())),
            "definition": float(bool(terms)),
            "sent_cov": sent_cov[i], "sent_score_gap": sent_score[i] - best_score,
            "group_gap": group_best - best_sim, "best_in_group": float(sims[i] >= group_best),
            "list_q": float(listing), "list_ok": float(listing and holds_list(p)),
            **_term_features(terms, query_terms, defining, builder),
            "label_named": float(bool(labels) and bool(labels & unit_labels(p.locator or p.section or ""))),
        })
    return rows


def rerank_features(
    question: AnalysedQuestion, query: AnalysedQuery, hits: Sequence[SearchHit], builder: EvidenceBuilder,
    vector: np.ndarray,
) -> list[dict[str, float]]:
    """The features the re-ranker scores, as serving and fitting both compute
    them: with the documents the query names, and its word coverage counted
    without the words of those names, which tell which document, not which
    passage (the citation-title article and the passage under a law's long
    title repeat them)."""
    named = set(builder.index.named_documents(query.text))
    return candidate_features(question, query, hits, builder, vector, named, builder.content_weights(query))


def defined_terms(passage: Passage) -> list[str]:
    """The terms a passage defines: the one its locator names ("artikel 1, onder
    *mantelzorg*", a part of a definitions list), else those it defines in a
    sentence of its own ("In dit besluit wordt verstaan onder cliënt: …"),
    which short decrees do for their one or two terms."""
    m = _DEFINED_TERM.search(passage.locator or "")
    return [m.group(1)] if m else inline_definition_terms(passage.text)


def _term_features(
    terms: list[str], query_terms: set[str], defining: bool, builder: EvidenceBuilder
) -> dict[str, float]:
    """Whether the passage defines a term the question uses, and whether the
    question asks for a definition besides."""
    # A hyphenated term may be asked for closed ("reintegratiebedrijf" for "re-integratiebedrijf").
    spellings = [s for t in terms for s in (t, t.replace("-", ""))]
    used = any(bool(ts) and ts <= query_terms for ts in map(builder.term_set, spellings))
    return {"term_in_q": float(used), "term_in_q_def": float(used and defining)}


class Reranker:
    """Orders the first ``candidates`` hits by the fitted model; the rest keep
    their fused order behind them. Ties keep the fused order (stable sort).
    When the question names a numbered place, the candidates standing under
    it come first, in the model's order."""

    def __init__(self, builder: EvidenceBuilder, model: RerankModel, candidates: int) -> None:
        self.builder = builder
        self.model = model
        self.candidates = candidates

    def rerank(
        self, question: AnalysedQuestion, query: AnalysedQuery, hits: list[SearchHit], vector: np.ndarray | None
    ) -> list[SearchHit]:
        if vector is None or len(hits) < 2:
            return hits
        head, tail = hits[: self.candidates], hits[self.candidates :]
        rows = rerank_features(question, query, head, self.builder, vector)
        scores = self.model.scores(rows)
        # A question whose own words (not its background) name a document is answered from
        # it when a candidate stands in it: on the law questions' train splits the answer lay in
        # the named document for 117 of 121 such questions, yet a strong passage of another law
        # ("bestuurlijke boete" in the Leerplichtwet for a question about the Wet Bopz) won on
        # the fitted weight alone.
        named = set(self.builder.index.named_documents(question.focus)) if question.focus else set()
        _put_first(scores, np.asarray([h.passage.document in named for h in head]))
        # A question that states a year, a sum or a span of a table's band ("een inkomen van
        # € 63.000", "een woning uit 1985", "kinderen van 1 tot 4 jaar") is answered by the row
        # that holds it: no word of the question matches that row's passage more than its
        # neighbours in the same table.
        # The searched query holds them where the asker told them before the question.
        stated = stated_values(query.text)
        _put_first(scores, np.asarray([any(in_band(n, h.passage.text) for n in stated) for h in head]))
        # A question that names a numbered place ("artikel 18", "stap 3") is answered from
        # that place when a candidate stands under it: the named-thing check asks the cited
        # text to name it, and the fitted weight alone loses to a closer neighbour article.
        _put_first(scores, np.asarray([r["label_named"] > 0 for r in rows]))
        order = np.argsort(-scores, kind="stable")
        ranked = [(head[i], float(scores[i])) for i in order.tolist()]
        floor = float(scores.min())
        ranked += [(h, floor - j) for j, h in enumerate(tail, start=1)]  # below every re-ranked hit
        return [dataclasses.replace(h, rank=r, score=round(score, 6)) for r, (h, score) in enumerate(ranked, start=1)]


def _put_first(scores: np.ndarray, first: np.ndarray) -> None:
    """Lower the scores of the candidates outside ``first`` below every one
    inside it (in place), keeping each group's own order; nothing changes
    when all or none are inside."""
    if first.any() and not first.all():
        others = scores[~first]
        scores[~first] -= max(0.0, float(others.max() - scores[first].min())) + 1e-3
