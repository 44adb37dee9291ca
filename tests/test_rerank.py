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
    rows = candidate_features(analyse(QUESTION), seed_index.analyse(QUESTION), hits, answerer.builder, vector, set())
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
    ranked = by_length.rerank(analyse(QUESTION), seed_index.analyse(QUESTION), hits, vector)
    head = [len(h.passage.text.split()) for h in ranked[:6]]
    assert head == sorted(head, reverse=True)
    assert [h.passage.id for h in ranked[6:]] == [h.passage.id for h in hits[6:]]  # the tail keeps its order
    assert [h.rank for h in ranked] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:], strict=False))
    assert all(set(h.scores) == {"bm25", "dense"} for h in ranked)  # the legs' scores, as the API shows them
    # no vector: the fused order
    assert by_length.rerank(analyse(QUESTION), seed_index.analyse(QUESTION), hits, None) == hits


def _law_hits():
    from pathlib import Path

    from index.api import SearchHit
    from ingest import ingest_file

    path = Path(__file__).parent / "data" / "laws" / "wmo-2007.md"
    law = ingest_file(path, path.name, None)
    by_locator = {p.locator: p for p in law.passages}
    picked = ["artikel 1, onder *mantelzorg*", "artikel 1, onder *maatschappelijke opvang*", "artikel 3", "artikel 5"]
    return [SearchHit(by_locator[loc], i, 1.0 / i, {"bm25": 1.0, "dense": 0.8}) for i, loc in enumerate(picked, 1)]


def _guide_hits(seed_index):
    from index.api import SearchHit

    steps = [p for p in seed_index.iter_passages() if (p.section or "").startswith("Stap ")][:2]
    plain = [p for p in seed_index.iter_passages() if p.section and not p.section[0].isdigit()
             and not p.section.startswith("Stap ") and "\n-" not in p.text and "•" not in p.text][:2]
    return [SearchHit(p, i, 1.0 / i, {"bm25": 1.0, "dense": 0.8}) for i, p in enumerate(steps + plain, 1)]


@pytest.mark.parametrize(("question", "term", "defining"), [
    ("Wat verstaat de wet onder mantelzorg?", [1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]),
    ("Wie verleent mantelzorg aan een naaste?", [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]),
    ("Wat regelt de gemeenteraad in het plan?", [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]),
    # asked how far the term reaches, the definition is what answers, whatever the answer's type
    ("Tot welke leeftijd valt iemand onder het begrip mantelzorg?", [1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]),
    ("Wat geldt volgens de wet als mantelzorg?", [1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]),
])
def test_a_definition_of_a_term_the_question_uses_is_marked_in_a_law(seed_index, answerer, question, term, defining):
    from service.question import analyse

    hits = _law_hits()
    rows = candidate_features(analyse(question), seed_index.analyse(question), hits, answerer.builder,
                              seed_index.embed_query(question), set())
    assert [r["term_in_q"] for r in rows] == term
    assert [r["term_in_q_def"] for r in rows] == defining


@pytest.mark.parametrize(("question", "defining"), [
    ("Valt een woonverblijf op een binnenschip ook onder het begrip woonschip?", [0.0, 1.0, 0.0]),
    ("Kan een binnenschip als woonschip worden aangemerkt?", [0.0, 1.0, 0.0]),
    ("Hoeveel woonschepen liggen er in Nederland?", [0.0, 0.0, 0.0]),  # the term used, its reach not asked
])
def test_a_decree_s_definition_is_marked_for_a_question_about_the_reach_of_its_term(
    seed_index, answerer, question, defining
):
    from pathlib import Path

    from index.api import SearchHit
    from ingest import ingest_file
    from service.question import analyse

    path = Path(__file__).parents[1] / "eval" / "corpora" / "laws-unseen-22" / "besluit-hoofdverblijf-aow.md"
    by_locator = {p.locator: p for p in ingest_file(path, path.name, None).passages}
    picked = ["artikel 1, onder *woonwagen*", "artikel 1, onder *woonschip*", "artikel 2, eerste lid"]
    hits = [SearchHit(by_locator[loc], i, 1.0 / i, {"bm25": 1.0, "dense": 0.8}) for i, loc in enumerate(picked, 1)]
    rows = candidate_features(analyse(question), seed_index.analyse(question), hits, answerer.builder,
                              seed_index.embed_query(question), set())
    assert [r["term_in_q_def"] for r in rows] == defining


@pytest.mark.parametrize(("path", "locator", "question"), [
    ("eval/corpora/laws-unseen-30/besluit-zorgplanbespreking-awbz-zorg.md", "artikel 1",
     "Wie geldt als cliënt in het besluit?"),
    ("tests/data/laws/wmo-2007.md", "artikel 41, eerste en tweede lid",
     "Wat wordt in artikel 41 verstaan onder huishoudelijke verzorging?"),
])
def test_a_term_a_decree_or_law_defines_inline_marks_its_passage_as_the_definition(
    seed_index, answerer, path, locator, question
):
    """A member that defines its term in a sentence ("In dit besluit wordt verstaan onder
    cliënt: …") is that term's definition, as a lettered part whose locator names the term
    is; the article beside it, which only uses the term, is not."""
    from pathlib import Path

    from index.api import SearchHit
    from ingest import ingest_file
    from service.question import analyse

    file = Path(__file__).parents[1] / path
    passages = ingest_file(file, file.name, None).passages
    defining = next(p for p in passages if p.locator == locator)
    using = next(p for p in passages if p is not defining and "verstaan" not in p.text and "zorg" in p.text
                 and " onder *" not in (p.locator or ""))
    hits = [SearchHit(p, i, 1.0 / i, {"bm25": 1.0, "dense": 0.8}) for i, p in enumerate((using, defining), 1)]
    rows = candidate_features(analyse(question), seed_index.analyse(question), hits, answerer.builder,
                              seed_index.embed_query(question), set())
    assert [r["definition"] for r in rows] == [0.0, 1.0]
    assert [r["term_in_q_def"] for r in rows] == [0.0, 1.0]


def test_a_list_question_marks_passages_that_hold_a_list_in_a_law_and_in_a_guide(seed_index, answerer):
    from service.question import analyse

    question = "Welke onderdelen moet het plan bevatten?"
    law = _law_hits()
    rows = candidate_features(analyse(question), seed_index.analyse(question), law, answerer.builder,
                              seed_index.embed_query(question), set())
    assert all(r["list_q"] == 1.0 for r in rows)
    listed = {h.passage.locator: r["list_ok"] for h, r in zip(law, rows, strict=True)}
    assert listed["artikel 3"] == 1.0  # "4. In het plan wordt in ieder geval aangegeven:" a. … f.
    assert listed["artikel 1, onder *maatschappelijke opvang*"] == 0.0
    guide = _guide_hits(seed_index)
    rows = candidate_features(analyse(question), seed_index.analyse(question), guide, answerer.builder,
                              seed_index.embed_query(question), set())
    assert [r["list_ok"] for r in rows] == [1.0, 1.0, 0.0, 0.0]  # "Stap 1", "Stap 2": numbered siblings
    other = "Wat regelt de gemeenteraad in het plan?"
    rows = candidate_features(analyse(other), seed_index.analyse(other), law, answerer.builder,
                              seed_index.embed_query(other), set())
    assert all(r["list_q"] == 0.0 and r["list_ok"] == 0.0 for r in rows)


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


def test_a_question_naming_an_article_or_a_step_marks_the_passage_with_that_locator(seed_index, answerer):
    from service.question import analyse, unit_labels

    assert unit_labels("Wat doe je in stap 2 en in Stap  3?") == {"stap 2", "stap 3"}
    assert unit_labels("artikel 2.3.2, vierde lid") == {"artikel 2.3.2"} and unit_labels("p. 12, § 4.2") == {"§ 4.2"}
    for question, hits, expected in (
        ("Wat staat er in artikel 3 van de Wmo?", _law_hits(), [0.0, 0.0, 1.0, 0.0]),
        ("Wat doe je in stap 2?", _guide_hits(seed_index), [0.0, 1.0, 0.0, 0.0]),
    ):
        rows = candidate_features(analyse(question), seed_index.analyse(question), hits, answerer.builder,
                                  seed_index.embed_query(question), set())
        assert [r["label_named"] for r in rows] == expected, [h.passage.locator for h in hits]
