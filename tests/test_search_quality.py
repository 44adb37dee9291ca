"""The right seed passage comes first for plain questions (Done-when of issue 2).

Every search here runs with the options the service runs (``Settings()``
defaults: one source for RRF k and the leg weights), not a second set. What
comes "first" for a user is the service's order: the fused results re-ranked
by the fitted evidence model (``ChatService.retrieve``).
"""

from __future__ import annotations

import dataclasses

import pytest

from service.settings import Settings

SERVICE = Settings().search_options()

STEP_QUESTIONS = [
    ("Wie neemt het initiatief om cliëntondersteuning te versterken?", "Stap 1"),
    ("Hoe vorm je een kerngroep met partners?", "Stap 2"),
    ("Hoe krijg je zicht op de huidige situatie van cliëntondersteuning?", "Stap 3"),
    ("Hoe zet je ambities om in concrete plannen?", "Stap 4"),
    ("Wie voert de projectplannen uit?", "Stap 5"),
]
CRITERIA_QUESTIONS = [
    (
        "Moet cliëntondersteuning hoog op de agenda staan bij koplopers?",
        "1. Cliëntondersteuning staat hoog op de agenda",
    ),
    ("Wat wordt bedoeld met gezamenlijke en lerende ontwikkeling?", "2. Gezamenlijke en lerende ontwikkeling"),
    ("Welke vernieuwende aanpakken en innovaties worden genoemd?", "3. Vernieuwende aanpakken"),
]


def _served(index, question: str, k: int):
    """The service's ranking: fusion, then the fitted re-ranker."""
    from service.chat import ChatService

    chat = ChatService(Settings(), index)
    return chat.retrieve(chat.analyse(question), k)[0]


@pytest.mark.parametrize(("question", "step"), STEP_QUESTIONS)
def test_each_guide_step_question_ranks_its_step_first(seed_index, question, step):
    hit = _served(seed_index, question, 3)[0]
    assert hit.passage.section.startswith(step + ":")


@pytest.mark.parametrize(("question", "section"), CRITERIA_QUESTIONS)
def test_each_selection_criterion_question_ranks_its_criterion_first(seed_index, question, section):
    assert _served(seed_index, question, 3)[0].passage.section == section


def test_results_carry_both_leg_scores_and_are_deterministic(seed_index):
    a = seed_index.search("bekendheid van cliëntondersteuning", 5, SERVICE)
    b = seed_index.search("bekendheid van cliëntondersteuning", 5, SERVICE)
    assert [h.passage.id for h in a] == [h.passage.id for h in b]
    assert all(set(h.scores) == {"bm25", "dense"} for h in a)
    assert [h.rank for h in a] == [1, 2, 3, 4, 5]


def test_document_filter_limits_results(seed_index):
    hits = seed_index.search("koplopers", 10, SERVICE, documents=["002_2f098e788dd03c47.txt"])
    assert hits and {h.passage.document for h in hits} == {"002_2f098e788dd03c47.txt"}


def test_bm25_and_dense_only_modes_for_ablation(seed_index):
    for mode in ("bm25", "dense"):
        hits = seed_index.search("Wie neemt het initiatief?", 3, dataclasses.replace(SERVICE, mode=mode))
        assert hits[0].passage.section == "Stap 1: Wie neemt het initiatief?"


def test_search_options_have_one_source_the_service_settings():
    from index.fusion import SearchOptions

    settings = Settings()
    assert SearchOptions(
        settings.search_mode, settings.rrf_k, settings.weight_bm25, settings.weight_dense, settings.candidates,
        settings.document_steering,
    ) == SERVICE
    with pytest.raises(TypeError):  # no second set of defaults in the index layer
        SearchOptions()  # type: ignore[call-arg]
