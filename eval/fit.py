"""Fit the answerer's two small models on the TRAIN split only.

1. Sentence scoring (which sentence answers): logistic regression over each
   candidate's evidence (similarity, coverage, coverage with heading path,
   passage rank, ...), labelled by whether the sentence overlaps a gold quote.
   Its coefficients become the weights of ``EvidenceBuilder.score``.
2. Re-ranking (service/rerank.py): a linear score over the features of each
   of the first ``rerank_candidates`` fused results, fitted with a pairwise
   loss (the first candidate covering a gold quote against each that covers
   none); grouped folds by question choose its regularisation and report its
   out-of-fold recall@1 beside the fused order's.
3. Confidence: logistic regression over the question-level signals, labelled
   by whether the answer the service would give cites a passage holding a
   gold quote (so unanswerable questions and wrong citations are 0), then
   Platt scaling on out-of-fold scores so the probability is calibrated.
   Out-of-fold means one whole question set held out at a time (with three
   or more sets): its regularisation and abstention threshold are chosen on
   how it does on a set it was not fitted on.

The result is one JSON file (service/data/confidence.json by default) that the
service reads with numpy alone; scikit-learn is needed only here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.metrics import covers
from eval.questions import Question
from eval.splits import select

SENTENCE_FEATURES = ("similarity", "coverage", "context_coverage", "rank", "short", "question", "heading")
CONFIDENCE_FEATURES = (
    "sentence_similarity", "sentence_margin", "dense_top", "dense_margin", "passage_coverage", "unknown",
    "bm25_top", "legs_agree", "question_words", "english", "set_aside", "parts", "rewritten", "type_checked",
    "type_missing", "named", "named_missing_cited", "named_missing_corpus", "answer_coverage",
    "answer_similarity", "answer_rank", "list_found", "rank_top", "rank_margin",
)
SEED = 0


@dataclass
class Sample:
    question_id: str
    signals: dict[str, float]
    supported: bool
    answerable: bool
    group: str = ""  # the question set it comes from: the fit holds each set out in turn


def _turns(q: Question) -> list[tuple[str, str]]:
    return [(t.role, t.content) for t in q.history]


def _quotes(q: Question) -> list[tuple[str | None, str]]:
    return [(e.document, e.quote) for e in q.evidence]


def sentence_rows(chat, questions: list[Question]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per answerable question: its candidate sentences' features and whether
    each overlaps a gold quote."""
    from service.followup import standalone_query
    from service.question import analyse

    answerer, index = chat.answerer, chat.retriever
    out = []
    for q in questions:
        if not q.answerable:
            continue
        analysed = analyse(q.question)
        query = index.analyse(standalone_query(analysed.focus, _turns(q)))
        vector = query.vector()
        hits = index.search(query, 5, chat.settings.search_options())
        ev = answerer.evidence(analysed, query, hits, vector)
        if not ev.candidates:
            continue
        labels = [
            any(
                covers(c.text, c.hit.passage.document, quote, doc) or covers(quote, doc, c.text, c.hit.passage.document)
                for doc, quote in _quotes(q)
            )
            for c in ev.candidates
        ]
        out.append((np.asarray([_sentence_vector(c) for c in ev.candidates], dtype=np.float64),
                    np.asarray(labels, dtype=bool)))
    return out


def _sentence_vector(c) -> list[float]:
    return [c.similarity, c.coverage, c.context_coverage, 1.0 / c.hit.rank, float(c.words < 6),
            float(c.is_question and not c.is_heading), float(c.is_heading)]


SENTENCE_C = (0.01, 0.03, 0.1, 0.3, 1.0)  # regularisation tried for the sentence score


def fit_sentence_weights(groups: list[tuple[np.ndarray, np.ndarray]], log=print) -> dict[str, float]:
    """The sentence score's weights, fitted like the re-ranker: what matters
    is which sentence of *this* question's candidates comes first, so its
    first gold sentence is paired with each of its other sentences. A
    pointwise fit across questions let the similarity's level, which varies
    from question to question, take its weight away. Weights are returned on
    the features' own scale (the score adds them up as they are; an offset
    changes no order)."""
    x_of = [x for x, _ in groups]
    y_of = [y for _, y in groups]
    _, scale, coef, by_c, best_c = _fit_ranker(x_of, y_of, SENTENCE_C)
    log(f"zinsscore: eerste zin goed out-of-fold {by_c[best_c]:.3f} bij C={best_c} (per C {by_c}; "
        f"{len(groups)} vragen)")
    return {name: round(float(w), 5) for name, w in zip(SENTENCE_FEATURES, coef / scale, strict=True)}


def rerank_rows(chat, questions: list[Question]) -> list[tuple[str, list[dict[str, float]], list[bool]]]:
    """Per answerable question: the features of the fused candidates (before
    any re-ranking) and whether each covers a gold quote."""
    from service.question import analyse
    from service.rerank import rerank_features

    builder = chat.answerer.builder
    saved, chat.rerank = chat.rerank, None
    try:
        out = []
        for q in questions:
            if not q.answerable:
                continue
            query = chat.analyse(chat.standalone(q.question, _turns(q)))
            vector = query.vector()
            hits, _ = chat.retrieve(query, chat.settings.rerank_candidates)
            if not hits:
                continue
            rows = rerank_features(analyse(query.text), query, hits, builder, vector)
            labels = [any(covers(h.passage.text, h.passage.document, quote, doc) for doc, quote in _quotes(q))
                      for h in hits]
            out.append((q.id, rows, labels))
        return out
    finally:
        chat.rerank = saved


RERANK_C = (0.003, 0.01, 0.03, 0.1)  # regularisation tried for the re-ranker, chosen by grouped folds
RERANK_REPEATS = 5  # five-fold splits, repeated with other shuffles: one split's noise is a point of recall@1


def _rank_pairs(z: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """One question's pairs for a pairwise ranking loss: its first candidate (in
    fused order) that holds a gold quote minus each candidate that holds none;
    no rows when it has no gold candidate or no other."""
    gold = np.flatnonzero(labels)
    return z[gold[0]] - z[~labels] if len(gold) else z[:0]


def _fit_pairwise(pairs: list[np.ndarray], c: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    d = np.vstack(pairs)  # both ways round, so that the classes balance
    x, y = np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))]
    return LogisticRegression(C=c, max_iter=5000, fit_intercept=False).fit(x, y).coef_[0]


def _fit_ranker(
    x_of: list[np.ndarray], y_of: list[np.ndarray], cs: tuple[float, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[float, float], float]:
    """A linear scoring function over standardised features, fitted with a
    pairwise ranking loss per question (logistic loss on score differences,
    RankNet-style). The regularisation is chosen by how often the first-scored
    candidate holds a gold quote, on five folds grouped by question repeated
    over five shuffles (train split only). Returns mean, scale, coefficients,
    that hit rate per C, and the C chosen."""
    from sklearn.model_selection import KFold

    x = np.vstack(x_of)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z_of = [(xq - mean) / scale for xq in x_of]
    pairs = [_rank_pairs(z, y) for z, y in zip(z_of, y_of, strict=True)]  # the same in every fold
    if sum(len(p) > 0 for p in pairs) < 5:
        raise ValueError("te weinig gelabelde kandidaten om een rangorde te fitten")
    question_ids = np.arange(len(x_of))  # folds over questions keep each question's candidates together
    folds = [
        f for r in range(RERANK_REPEATS) for f in KFold(5, shuffle=True, random_state=SEED + r).split(question_ids)
    ]

    def first_right(coef: np.ndarray, questions) -> list[float]:
        return [float(y_of[i][np.argmax(z_of[i] @ coef)]) for i in questions]

    by_c = {}
    for c in cs:
        hits = []
        for train, test in folds:
            hits += first_right(_fit_pairwise([pairs[i] for i in train], c), test)
        by_c[c] = round(float(np.mean(hits)), 4)
    best_c = max(cs, key=lambda c: (by_c[c], -c))  # ties: the stronger regularisation
    return mean, scale, _fit_pairwise(pairs, best_c), by_c, best_c


def fit_rerank(
    groups: list[tuple[str, list[dict[str, float]], list[bool]]], log=print, sets: list[str] | None = None
) -> dict:
    """The re-ranker, fitted with :func:`_fit_ranker`.

    What the answer needs is the right passage *first*, not a calibrated
    relevance per passage: a pointwise fit spends its weight on telling the
    many clearly wrong candidates from the rest. Each question's first gold
    candidate is paired with every candidate that holds no gold quote, so the
    product still reads one coefficient vector; the fused order's recall@1 is
    logged beside the fit's.

    ``sets`` names the question set of each group. With
    :data:`HOLD_OUT_SETS_FROM` or more sets, each set is also held out in turn
    and ranked by a fit on all the others: recall@1 on question sets the
    ranker never saw, the figure that says whether more sets help.
    """
    from service.rerank import RERANK_FEATURES

    x_of = [np.asarray([[r[f] for f in RERANK_FEATURES] for r in rows], dtype=np.float64) for _, rows, _ in groups]
    y_of = [np.asarray(labels, dtype=bool) for _, _, labels in groups]
    mean, scale, coef, by_c, best_c = _fit_ranker(x_of, y_of, RERANK_C)
    fused_r1 = float(np.mean([labels[0] for _, _, labels in groups]))
    log(f"herordening: recall@1 out-of-fold {by_c[best_c]:.3f} bij C={best_c} (per C {by_c}; "
        f"RRF-volgorde {fused_r1:.3f}, {len(groups)} vragen)")
    meta: dict = {"loss": "pairwise", "c": best_c, "out_of_fold_recall_at_1": round(by_c[best_c], 4),
                  "fused_recall_at_1": round(fused_r1, 4), "questions": len(groups)}
    if sets is not None and len(set(sets)) >= HOLD_OUT_SETS_FROM:
        meta["held_out_recall_at_1_by_set"] = _rerank_held_out_by_set(x_of, y_of, sets)
        log(f"herordening per vragenset, buiten de fit: {json.dumps(meta['held_out_recall_at_1_by_set'])}")
    return {
        "features": list(RERANK_FEATURES), "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale], "coef": [round(float(v), 6) for v in coef],
        "intercept": 0.0, "meta": meta,
    }


def aligned_rerank(new: dict, old: dict, groups: list[list[tuple]], log=print) -> dict:
    """``new`` with its scores mapped (a positive scale and an offset, so the
    order of every question's candidates is unchanged) onto the scale of
    ``old``'s: least squares of the old model's top score on the new one's
    over the fitted questions. The confidence heads read the re-ranker's top
    score and margin (``rank_top``, ``rank_margin``); a re-ranker fitted alone
    keeps the heads fitted on the previous one meaningful this way."""
    from service.rerank import RerankModel

    new_model, old_model = RerankModel.from_json(new), RerankModel.from_json(old)
    tops = np.asarray([
        (float(new_model.scores(rows).max()), float(old_model.scores(rows).max()))
        for question_rows in groups for _, rows, _ in question_rows if rows
    ])
    if len(tops) < 2:
        return new
    scale, offset = np.polyfit(tops[:, 0], tops[:, 1], 1)
    if scale <= 0:
        log("herordening: niet uitgelijnd (de oude en nieuwe topscore lopen niet samen op)")
        return new
    log(f"herordening: score uitgelijnd op het vorige model: {scale:.3f} × score + {offset:.3f}")
    return {
        **new, "coef": [round(float(c) * scale, 6) for c in new["coef"]],
        "intercept": round(float(new["intercept"]) * scale + offset, 6),
        "meta": {**new["meta"],
                 "aligned_to_previous": {"scale": round(float(scale), 4), "offset": round(float(offset), 4)}},
    }


def _rerank_held_out_by_set(
    x_of: list[np.ndarray], y_of: list[np.ndarray], sets: list[str]
) -> dict[str, dict[str, float]]:
    """Per question set: recall@1 of the fused order and of a ranker fitted
    (regularisation chosen as in the full fit) on every other set."""
    out = {}
    for name in sorted(set(sets)):
        rest = [i for i, s in enumerate(sets) if s != name]
        own = [i for i, s in enumerate(sets) if s == name]
        mean, scale, coef, _, _ = _fit_ranker([x_of[i] for i in rest], [y_of[i] for i in rest], RERANK_C)
        first = [float(y_of[i][np.argmax((x_of[i] - mean) / scale @ coef)]) for i in own]
        out[name] = {
            "questions": len(own), "fused": round(float(np.mean([y_of[i][0] for i in own])), 4),
            "reranked": round(float(np.mean(first)), 4),
        }
    return out


def question_samples(chat, questions: list[Question], group: str = "") -> list[Sample]:
    """Signals and label of the answer the service would give (never abstaining)."""
    threshold = chat.answerer.min_confidence
    chat.answerer.min_confidence = 0.0
    try:
        out = []
        for q in questions:
            response, stats = chat.ask(q.question, _turns(q), 5)
            cited = response.citations
            supported = q.answerable and any(
                covers(c.text, c.document, quote, doc) for c in cited for doc, quote in _quotes(q)
            )
            out.append(Sample(q.id, dict(stats.evidence), bool(supported), q.answerable, group))
        return out
    finally:
        chat.answerer.min_confidence = threshold


THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)  # abstention thresholds tried
BLEND_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)  # grid for the weight of the "supported" score
# Share of the answerable questions of a held-out set that the fitted threshold
# may refuse. A refusal costs the user a second try; a confident wrong answer
# costs more (issue 8), so the fit spends this budget on abstaining where it
# helps most. A budget, not "the best balanced accuracy": the held-out curve is
# flat over a wide band of thresholds, so its best point (and a band around it)
# jumps between re-fits, and with it the operating point.
REFUSAL_BUDGET = 0.15
CONFIDENCE_C = (0.01, 0.03, 0.1, 0.3, 1.0)  # regularisation tried for both heads
HOLD_OUT_SETS_FROM = 3  # question sets from which each fold holds one set out (fewer: stratified folds)


def _confidence_folds(samples: list[Sample], strata: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Leave one question set out when there are three or more, else five
    stratified folds. The service meets question sets nobody tuned it on; a
    fold that holds a whole set out measures that, where shuffled folds let
    the model learn each set's own wording and mix of questions."""
    from sklearn.model_selection import StratifiedKFold

    groups = np.asarray([s.group for s in samples])
    names = sorted(set(groups.tolist()))
    if len(names) >= HOLD_OUT_SETS_FROM:
        return [(np.flatnonzero(groups != g), np.flatnonzero(groups == g)) for g in names]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    return list(folds.split(np.zeros(len(samples)), strata))


def _out_of_fold(z: np.ndarray, y: np.ndarray, folds, c: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    oof = np.zeros(len(y))
    for train, test in folds:
        oof[test] = LogisticRegression(C=c, max_iter=5000).fit(z[train], y[train]).decision_function(z[test])
    return oof


def fit_confidence(samples: list[Sample]) -> dict:
    """Two standardised logistic regressions on the same signals, folded into
    one linear score, then Platt-scaled to the probability that the answer is
    supported.

    "Is the question answerable at all?" and "does the answer cite the right
    passage?" are different questions: a model fitted only on the second
    (out-of-fold AUC for answerability about 0.62 on the train split) refuses
    answerable questions whose retrieval is weak as readily as unanswerable
    ones. The score is ``answerable + w · supported`` (each standardised on
    out-of-fold predictions), with ``w`` chosen on the train split's
    out-of-fold balanced accuracy of answering; because both are linear in
    the signals, so is their blend, and the service reads one coefficient
    vector. Platt scaling against "supported" keeps ``confidence`` what
    the API promises: the calibrated probability that the answer is supported.

    Out-of-fold predictions come from folds that hold out one question set
    each (``_confidence_folds``); one regularisation for both heads is the
    one whose held-out predictions rank answerability best.

    The operating point (blend weight and abstention threshold): of the points
    whose out-of-fold predictions refuse at most ``REFUSAL_BUDGET`` of the
    answerable questions, the one with the best balanced accuracy. (Until the
    sixth slice: the fewest refusals within one standard error of the best
    balanced accuracy, which moved the threshold by 0.08 and the blend weight
    from 0 to 1 when one query change moved the curve a little.)
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    x = np.asarray([[s.signals.get(f, 0.0) for f in CONFIDENCE_FEATURES] for s in samples], dtype=np.float64)
    supported = np.asarray([s.supported for s in samples], dtype=bool)
    answerable = np.asarray([s.answerable for s in samples], dtype=bool)
    for y in (supported, answerable):
        if y.sum() < 5 or (~y).sum() < 5:
            raise ValueError("te weinig voorbeelden van elke soort om de betrouwbaarheid te fitten")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    folds = _confidence_folds(samples, supported * 2 + answerable)
    # One regularisation for both heads: the one whose held-out answerability
    # ranks best (AUC of the answerable head over all held-out predictions).
    by_c = {c: float(roc_auc_score(answerable, _out_of_fold(z, answerable, folds, c))) for c in CONFIDENCE_C}
    c = max(CONFIDENCE_C, key=lambda k: (round(by_c[k], 3), -k))  # ties: the stronger regularisation
    heads = {}
    for name, y in (("answerable", answerable), ("supported", supported)):
        oof = _out_of_fold(z, y, folds, c)
        lr = LogisticRegression(C=c, max_iter=5000).fit(z, y)
        heads[name] = (lr, oof, float(oof.mean()), float(oof.std()) or 1.0)

    def blended(name_weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray, float]:
        oof, coef, intercept = np.zeros(len(samples)), np.zeros(z.shape[1]), 0.0
        for name, w in name_weights.items():
            lr, o, m, sd = heads[name]
            oof += w * (o - m) / sd
            coef += w * lr.coef_[0] / sd
            intercept += w * (float(lr.intercept_[0]) - m) / sd
        return oof, coef, intercept

    points = []  # (balanced accuracy, false abstention, weight, threshold, blend, Platt fit)
    for w in BLEND_WEIGHTS:
        oof, coef, intercept = blended({"answerable": 1.0, "supported": w})
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof.reshape(-1, 1), supported)
        probs = platt.predict_proba(oof.reshape(-1, 1))[:, 1]
        for t in THRESHOLDS:
            answered = probs >= t
            points.append((_balanced(answered, answerable), float((~answered[answerable]).mean()), w, float(t),
                           (oof, coef, intercept), platt))
    best = max(p[0] for p in points)
    # Of the points that refuse at most REFUSAL_BUDGET of the held-out
    # answerable questions, the one with the best balanced accuracy (so the most
    # abstention on the unanswerable), then the lower threshold and the smaller
    # blend weight; none within the budget: the one that refuses the fewest.
    within = [p for p in points if p[1] <= REFUSAL_BUDGET]
    chosen = (
        max(within, key=lambda p: (p[0], -p[3], -p[2])) if within
        else min(points, key=lambda p: (p[1], -p[0], p[3], p[2]))
    )
    balanced, _, weight, threshold, (oof, coef, intercept), platt = chosen
    return {
        "features": list(CONFIDENCE_FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in coef],
        "intercept": round(float(intercept), 6),
        "platt_a": round(float(platt.coef_[0][0]), 6),
        "platt_b": round(float(platt.intercept_[0]), 6),
        "out_of_fold": oof.tolist(),
        "supported_weight": weight,
        "threshold": threshold,
        "balanced_accuracy": balanced,
        "best_balanced_accuracy": best,
        "c": c,
        "answerable_auc_by_c": {str(k): round(v, 4) for k, v in by_c.items()},
    }


def _held_out_by_set(samples: list[Sample], probs: np.ndarray, threshold: float) -> dict[str, dict[str, float]]:
    """Per question set, how the out-of-fold confidence does on it: when each
    fold holds one set out, these are the figures of a model that never saw
    the set (answerable AUC, and at the chosen threshold balanced accuracy,
    false abstention and abstention on the unanswerable)."""
    from sklearn.metrics import roc_auc_score

    groups = np.asarray([s.group for s in samples])
    answerable = np.asarray([s.answerable for s in samples], dtype=bool)
    out = {}
    for g in sorted(set(groups.tolist())):
        own = groups == g
        a, p = answerable[own], probs[own]
        answered = p >= threshold
        out[g] = {
            "questions": int(own.sum()),
            "answerable_auc": round(float(roc_auc_score(a, p)), 4) if 0 < a.sum() < len(a) else None,
            "balanced_accuracy": round(_balanced(answered, a), 4) if 0 < a.sum() < len(a) else None,
            "false_abstention": round(float((~answered[a]).mean()), 4) if a.any() else None,
            "abstention": round(float((~answered[~a]).mean()), 4) if (~a).any() else None,
        }
    return out


def fit(
    sets: list[tuple[Path, Path]], out: Path, settings, log=print, refit_sentences: bool = True,
    only_rerank: bool = False,
) -> dict:
    """``sets``: (question file, index folder) pairs; only their train split is used.
    ``refit_sentences=False`` keeps the shipped sentence weights (half the work).
    ``only_rerank`` re-fits the re-ranker alone and keeps the sentence weights
    and confidence heads of the shipped model: the re-ranker learns from every
    set's candidates, while a new confidence head moves the one abstention
    threshold that the operator set."""
    from eval.questions import load_questions
    from index.api import open_retriever
    from service.chat import ChatService
    from service.confidence import ConfidenceModel, load_model

    if only_rerank and settings.rerank_candidates <= 0:
        raise ValueError("alleen de herordening fitten kan niet met VRAAGBAAK_RERANK_CANDIDATES=0")
    chats = []
    for questions_path, index_dir in sets:
        questions = select(load_questions(questions_path), "train")
        own = settings.model_copy(update={"index": index_dir})
        chat = ChatService(own, open_retriever(index_dir, own.embedder))
        chats.append((questions_path, chat, questions))
        log(f"{questions_path}: {len(questions)} trainvragen op {index_dir}")
    if refit_sentences and not only_rerank:
        weights = fit_sentence_weights([g for _, chat, qs in chats for g in sentence_rows(chat, qs)], log)
        log(f"zinsscore: {weights}")
    else:
        weights = dict(load_model().sentence_weights)
    for _, chat, _qs in chats:
        chat.answerer.builder.sentence_weights = weights
    rerank = None
    if settings.rerank_candidates > 0:
        groups = [(str(path), rerank_rows(chat, qs)) for path, chat, qs in chats]
        rerank = fit_rerank([row for _, rows in groups for row in rows], log,
                            sets=[name for name, rows in groups for _ in rows])
        rerank["meta"]["fitted_on"] = [f"{p} (train)" for p, _ in sets]
        for _, chat, _qs in chats:
            chat.use_rerank(rerank)
    if only_rerank:
        base = load_model()
        if rerank and base.rerank:
            rerank = aligned_rerank(rerank, base.rerank, [rows for _, rows in groups], log)
        model = ConfidenceModel.from_json({**base.to_json(), "rerank": rerank})
        _write(model, out, log, rerank["meta"] if rerank else {})
        return rerank["meta"] if rerank else {}
    samples: list[Sample] = []
    for path, chat, qs in chats:
        samples.extend(question_samples(chat, qs, str(path)))
    fitted = fit_confidence(samples)
    oof = np.asarray(fitted.pop("out_of_fold"))
    supported_weight = fitted.pop("supported_weight")
    threshold, balanced = fitted.pop("threshold"), fitted.pop("balanced_accuracy")
    best_balanced = fitted.pop("best_balanced_accuracy")
    c, auc_by_c = fitted.pop("c"), fitted.pop("answerable_auc_by_c")
    labels = np.asarray([s.supported for s in samples])
    answerable = np.asarray([s.answerable for s in samples])
    probs = 1 / (1 + np.exp(-(fitted["platt_a"] * oof + fitted["platt_b"])))
    curve = {
        f"{t:.2f}": [round(_balanced(probs >= t, answerable), 3), round(float((probs[answerable] < t).mean()), 3),
                     round(float((probs[~answerable] < t).mean()), 3) if (~answerable).any() else None]
        for t in np.round(np.arange(0.2, 0.81, 0.05), 2)
    }
    log("drempel: [gebalanceerde nauwkeurigheid, onterecht geweigerd, terecht geweigerd] " + json.dumps(curve))
    by_set = _held_out_by_set(samples, probs, threshold)
    log(f"per vragenset, buiten de fit: {json.dumps(by_set)}")
    meta = {
        "fitted_on": [f"{p} (train)" for p, _ in sets],
        "questions": len(samples),
        "supported": int(labels.sum()),
        "out_of_fold_brier": round(float(np.mean((probs - labels) ** 2)), 4),
        "threshold": threshold,
        "out_of_fold_balanced_accuracy": round(balanced, 4),
        "out_of_fold_best_balanced_accuracy": round(best_balanced, 4),
        "supported_weight": supported_weight,
        "c": c,
        "held_out": (
            "one question set at a time" if len({s.group for s in samples}) >= HOLD_OUT_SETS_FROM
            else "5 stratified folds"
        ),
        "out_of_fold_answerable_auc_by_c": auc_by_c,
        "out_of_fold_threshold_curve": curve,
        "out_of_fold_by_set": by_set,
    }
    base = load_model()
    if not refit_sentences:
        meta["sentence_weights_fitted_on"] = base.meta.get("sentence_weights_fitted_on", base.meta.get("fitted_on"))
    else:
        meta["sentence_weights_fitted_on"] = meta["fitted_on"]
    model = ConfidenceModel.from_json(
        {**base.to_json(), **fitted, "sentence_weights": weights, "meta": meta, "rerank": rerank}
    )
    _write(model, out, log, meta)
    return meta


def _write(model, out: Path, log, meta: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"model geschreven naar {out}: {meta}")


def _balanced(answered: np.ndarray, answerable: np.ndarray) -> float:
    """Balanced accuracy of answering the answerable and abstaining on the rest."""
    pos = answered[answerable].mean() if answerable.any() else 0.0
    neg = (~answered[~answerable]).mean() if (~answerable).any() else 0.0
    return float((pos + neg) / 2)
