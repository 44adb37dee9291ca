"""Stateless follow-ups: the subject carries over only when the question needs it."""

from service.followup import needs_context, standalone_query

HISTORY = [("user", "Welke criteria gelden voor koplopers?"), ("assistant", "Drie kenmerken. [1]")]


def test_elliptic_question_gets_the_earlier_subject():
    assert standalone_query("en wie betaalt dat?", HISTORY) == "en wie betaalt dat? (criteria gelden koplopers)"


def test_reference_by_ordinal_is_a_follow_up():
    assert needs_context("Kun je het tweede criterium uitleggen?")


def test_complete_question_is_searched_as_it_is():
    question = "Hoeveel geld stelt VWS beschikbaar voor cliëntondersteuning?"
    assert standalone_query(question, HISTORY) == question
    assert standalone_query("Wat houdt stap 3 in?", HISTORY) == "Wat houdt stap 3 in?"


def test_without_history_nothing_changes():
    assert standalone_query("En wie betaalt dat?", []) == "En wie betaalt dat?"


def test_carried_words_keep_their_diacritics():
    history = [("user", "Wat doet een cliëntondersteuner?")]
    assert "cliëntondersteuner" in standalone_query("En waar vind ik die?", history)
