"""Stateless follow-ups: the subject carries over only when the question needs it."""

from service.followup import needs_context, standalone_query

HISTORY = [("user", "Welke criteria gelden voor koplopers?"), ("assistant", "Drie kenmerken. [1]")]


def test_elliptic_question_gets_the_earlier_subject():
    assert standalone_query("en wie betaalt dat?", HISTORY) == (
        "en wie betaalt dat? (criteria gelden koplopers Drie kenmerken)"  # the last answer's first words too
    )


def test_a_follow_up_carries_the_first_words_of_the_last_answer_not_all_of_it():
    law = [("user", "Welke bijdrage betalen ouders voor jeugdzorg?"),
           ("assistant", "De ouderbijdrage wordt vastgesteld door het Centraal Administratie Kantoor en is "
                         "verschuldigd voor elke maand van verblijf. [1]")]
    query = standalone_query("En wie int die bijdrage dan?", law)
    assert query == "En wie int die bijdrage dan? (betalen ouders jeugdzorg ouderbijdrage vastgesteld Centraal " \
                    "Administratie)"
    assert "[1]" not in query and "maand" not in query


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


def test_a_daar_or_hier_adverb_points_back_at_any_length_in_law_and_guide_questions():
    law = [("user", "Wanneer mag de burgemeester een inbewaringstelling gelasten volgens de Wet Bopz?"),
           ("assistant", "Na een geneeskundige verklaring van een psychiater. [1]")]
    question = "Kan de betrokkene daartegen in hoger beroep gaan bij de rechter?"
    assert needs_context(question)
    assert "Bopz" in standalone_query(question, law)
    guide = "Welke gemeenten hebben hiervoor geld gekregen van het ministerie van VWS?"
    assert needs_context(guide) and "criteria" in standalone_query(guide, HISTORY)
    # er-forms and daar-forms before "dat" point ahead, to the clause that follows
    assert not needs_context("Wie zorgt ervoor dat de cliënt onafhankelijke ondersteuning krijgt?")
    assert not needs_context("Hoe zorgt het college daarvoor dat de cliëntondersteuning onafhankelijk blijft?")


def test_dan_as_in_that_case_points_back_at_any_length_in_law_and_guide_questions():
    """"Krijgt de betrokkene dan ook een advocaat?" has four content words and
    no pronoun, yet asks about the case the last answer described."""
    law = [("user", "Wie beslist over de inbewaringstelling van een verward persoon?"),
           ("assistant", "Volgens artikel 20 van de Wet Bopz geeft de burgemeester daartoe last. [1]")]
    question = "Krijgt de betrokkene dan ook een advocaat, en zo ja, binnen hoeveel tijd?"
    assert needs_context(question)
    assert "inbewaringstelling" in standalone_query(question, law)
    guide = "Hoeveel gemeenten mogen dan per regio meedoen aan het project?"
    assert needs_context(guide) and "criteria" in standalone_query(guide, HISTORY)
    # a comparison or "dan wel" is no pointer (a law's term, a guide's choice)
    assert not needs_context("Mag de gemeenteraad het plan voor meer dan vier jaar vaststellen?")
    assert not needs_context("Kiest de gemeente een vaste ondersteuner dan wel een team van vrijwilligers?")
    # a noun in -er before "dan ook" is no comparative
    assert needs_context("Mag de werkgever dan ook zelf een re-integratiebedrijf inschakelen voor de werknemer?")
