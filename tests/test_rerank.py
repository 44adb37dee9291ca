"""The fitted re-ranker on the real seed index: its features, its order, its
model file, and that /v1/search, /v1/ask and the CLI share it."""

from __future__ import annotations

import numpy as np
import pytest

from service.rerank import RERANK_FEATURES, Reranker, RerankModel, candidate_features
from service.settings import Settings

QUESTION = "Hoeveel geld stelt VWS beschikbaar voor cliëntondersteuning?"


def _model(**coef: float) -> RerankModel:
    n = len(RERANK_FEATURES)
    return RerankModel.from_json({
        "features": list(RERANK_FEATURES), "mean": [0.0] * n, "scale": [1.0] * n,
        "coef": [coef.get(f, 0.0) for f in RERANK_FEATURES], "intercept": 0.0,
    })


@pytest.fixture(scope="module")
def answerer(seed_index):
    from service.answering import Answerer

    return Answerer(seed_index)


def test_features_are_relative_to_the_best_candidate_and_bounded(seed_index, answerer):
    from service.question import analyse

    hits = seed_index.search(QUESTION, 10, Settings().search_options())
    vector = seed_index.embed_query(QUESTION)
    rows = candidate_features(analyse(QUESTION), QUESTION, hits, answerer.builder, vector, set())
    assert len(rows) == len(hits) and set(rows[0]) == set(RERANK_FEATURES)
    assert max(r["sent_gap"] for r in rows) == 0.0 and all(r["sent_gap"] <= 0 for r in rows)
    assert max(r["bm25_rel"] for r in rows) == pytest.approx(1.0)
    assert all(0.0 <= r["cov_ctx"] <= 1.0 for r in rows)
    assert all(r["typed_q"] == 1.0 for r in rows)  # "hoeveel" asks for a number
    holding = [r for r, h in zip(rows, hits, strict=True) if "8 miljoen" in h.passage.text]
    assert holding and all(r["type_ok"] == 1.0 for r in holding)


def test_reranker_orders_by_the_model_and_renumbers_ranks(seed_index, answerer):
    from service.question import analyse

    hits = seed_index.search(QUESTION, 10, Settings().search_options())
    vector = seed_index.embed_query(QUESTION)
    by_length = Reranker(answerer.builder, _model(log_words=1.0), candidates=6)
    ranked = by_length.rerank(analyse(QUESTION), QUESTION, hits, vector)
    head = [len(h.passage.text.split()) for h in ranked[:6]]
    assert head == sorted(head, reverse=True)
    assert [h.passage.id for h in ranked[6:]] == [h.passage.id for h in hits[6:]]  # the tail keeps its order
    assert [h.rank for h in ranked] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:], strict=False))
    assert all(set(h.scores) == {"bm25", "dense"} for h in ranked)  # the legs' scores, as the API shows them
    assert by_length.rerank(analyse(QUESTION), QUESTION, hits, None) == hits  # no vector: fused order


def test_model_file_round_trips_and_unknown_features_are_refused():
    model = _model(sent_gap=1.5, named_doc=0.7)
    again = RerankModel.from_json(model.to_json())
    rows = [{f: float(i) for f in RERANK_FEATURES} for i in range(3)]
    assert np.allclose(again.scores(rows), model.scores(rows))
    with pytest.raises(ValueError, match="onbekende"):
        RerankModel.from_json({**model.to_json(), "features": ["nonsense", *model.features[1:]]})


def test_shipped_model_carries_a_reranker_fitted_on_the_service_features():
    from service.confidence import load_model

    shipped = load_model().rerank
    assert shipped is not None and tuple(shipped["features"]) == RERANK_FEATURES
    assert shipped["meta"]["out_of_fold_recall_at_1"] >= shipped["meta"]["fused_recall_at_1"]


def test_search_and_ask_share_one_reranked_path(seed_index):
    from service.chat import ChatService

    chat = ChatService(Settings(), seed_index)
    assert chat.rerank is not None  # the shipped model re-ranks by default
    hits, _ = chat.retrieve(chat.analyse(QUESTION), 5)
    response, _ = chat.ask(QUESTION, [], 5)
    assert response.citations and response.citations[0].passage_id in {h.passage.id for h in hits}
    fused = ChatService(Settings(rerank_candidates=0), seed_index)
    assert fused.rerank is None
    fused_hits, _ = fused.retrieve(fused.analyse(QUESTION), 5)
    assert [h.score for h in hits] != [h.score for h in fused_hits]  # the model's scores, not RRF's
