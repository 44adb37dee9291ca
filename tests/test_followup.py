"""Stateless follow-ups: the subject carries over only when the question needs it."""

import pytest

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


# A word that points back at any length: a daar-/hier-adverb ("daartegen", "hiervoor") and
# "dan" as "in that case" ("Krijgt de betrokkene dan ook een advocaat?", four content words and
# no pronoun, yet about the case the last answer described). Each with a law follow-up, a guide
# follow-up and look-alikes that point at nothing.
POINTING_BACK = {
    "daar": (
        [("user", "Wanneer mag de burgemeester een inbewaringstelling gelasten volgens de Wet Bopz?"),
         ("assistant", "Na een geneeskundige verklaring van een psychiater. [1]")],
        "Kan de betrokkene daartegen in hoger beroep gaan bij de rechter?", "Bopz",
        "Welke gemeenten hebben hiervoor geld gekregen van het ministerie van VWS?",
        # er-forms and daar-forms before "dat" point ahead, to the clause that follows
        ["Wie zorgt ervoor dat de cliënt onafhankelijke ondersteuning krijgt?",
         "Hoe zorgt het college daarvoor dat de cliëntondersteuning onafhankelijk blijft?"],
        [],
    ),
    # "daar" on its own, its preposition apart ("daar … tegen", "daar naartoe") or none
    "daar-alone": (
        [("user", "Welke boete kan het Zorginstituut opleggen aan iemand die zich niet verzekert?"),
         ("assistant", "Een bestuurlijke boete van drie maal de standaardpremie. [1]")],
        "Kan de verzekeringsplichtige daar binnen zes weken bezwaar tegen maken bij het Zorginstituut?", "boete",
        "Hoeveel wethouders en gasten mag een gemeente daar naartoe sturen?",
        # "daar waar" says what it points at
        ["Geldt de toets voor nieuwe gemeenten ook daar waar de wethouder al koploper was?"],
        ["Valt een gemeente met een eigen wijkteam daar ook onder als zij later instapt?"],
    ),
    "dan": (
        [("user", "Wie beslist over de inbewaringstelling van een verward persoon?"),
         ("assistant", "Volgens artikel 20 van de Wet Bopz geeft de burgemeester daartoe last. [1]")],
        "Krijgt de betrokkene dan ook een advocaat, en zo ja, binnen hoeveel tijd?", "inbewaringstelling",
        "Hoeveel gemeenten mogen dan per regio meedoen aan het project?",
        # a comparison or "dan wel" is no pointer (a law's term, a guide's choice)
        ["Mag de gemeenteraad het plan voor meer dan vier jaar vaststellen?",
         "Kiest de gemeente een vaste ondersteuner dan wel een team van vrijwilligers?"],
        # a noun in -er before "dan ook" is no comparative
        ["Mag de werkgever dan ook zelf een re-integratiebedrijf inschakelen voor de werknemer?"],
    ),
}


@pytest.mark.parametrize("kind", sorted(POINTING_BACK))
def test_a_daar_adverb_or_dan_points_back_at_any_length_in_law_and_guide_questions(kind):
    law, question, carried, guide, pointing_at_nothing, also_pointing = POINTING_BACK[kind]
    assert needs_context(question)
    assert carried in standalone_query(question, law)
    assert needs_context(guide) and "criteria" in standalone_query(guide, HISTORY)
    for other in pointing_at_nothing:
        assert not needs_context(other)
    for other in also_pointing:
        assert needs_context(other)


def test_a_demonstrative_before_an_ordinal_points_into_the_last_answer_however_long_the_question():
    """"dat tweede punt" after a list answer is a follow-up even with several
    other words beside it (a law's list and a guide's steps); "de tweede
    categorie" or "het eerste jaar" without a demonstrative may ask anew."""
    law = [("user", "Aan welke onderwerpen moet in de zorgplanbespreking aandacht worden besteed?"),
           ("assistant", "In de zorgplanbespreking komt in ieder geval aan bod:\n1. zeggenschap van de cliënt;\n"
                         "2. de mogelijkheid om dagelijks te douchen;\n3. voldoende en gezonde voeding. [1]")]
    question = "wat bedoelen ze precies met dat tweede punt?"
    assert needs_context(question)
    assert "dagelijks te douchen" in standalone_query(question, law)
    guide = [("user", "Welke stappen beschrijft de handreiking?"),
             ("assistant", "De stappen zijn:\n1. Een kerngroep vormen\n2. Ambities formuleren\n"
                           "3. Zicht op de huidige situatie\n4. Een plan opstellen [1]")]
    question = "Kun je die vierde stap wat verder uitleggen? Wat moet er in het plan staan?"
    assert needs_context(question) and "Een plan opstellen" in standalone_query(question, guide)
    for complete in ("Hoeveel euro is een geldboete van de tweede categorie volgens de Leerplichtwet?",
                     "Op welke datum verscheen het Movisie-rapport over het eerste jaar koplopers?"):
        assert not needs_context(complete) and standalone_query(complete, law) == complete


GUIDE_TURNS = [("user", "Hoe begint het project voor de koplopers?"),
               ("assistant", "Met een kickoffbijeenkomst voor de koplopers, met de staatssecretaris. [1]")]
LAW_TURNS = [("user", "Wie stelt de eigen bijdrage vast en wie int die?"),
             ("assistant", "Een eigen bijdrage wordt, met uitzondering van die voor maatschappelijke opvang en "
                           "vrouwenopvang, vastgesteld en geïnd door het CAK. [1]")]


@pytest.mark.parametrize(
    ("history", "question"),
    [
        (GUIDE_TURNS, "Geldt dat ook voor ambtenaren, of wie mag er per gemeente naartoe?"),
        (GUIDE_TURNS, "Zit Utrecht er ook bij?"),  # "ook" extends the last answer to a new case
        (LAW_TURNS, "Mag de gemeente die ook afhankelijk maken van het inkomen van de echtgenoot?"),
        (LAW_TURNS, "Mogen ze die verschillend vaststellen per soort maatschappelijke ondersteuning?"),
    ],
)
def test_a_question_that_may_point_back_but_names_enough_is_searched_both_alone_and_with_the_conversation(
    history, question
):
    """Guide and law conversations alike: before, such a question was searched
    only as asked, and "dat" or "die" lost what they point at."""
    from service.followup import search_queries

    assert standalone_query(question, history) == question  # the question can stand alone
    query, alone = search_queries(question, history)
    assert alone == question and query.startswith(f"{question} (") and query != question


@pytest.mark.parametrize(
    ("history", "question", "expected"),
    [
        (GUIDE_TURNS, "En wie betaalt dat?", "context only"),  # needs the conversation: searched with it only
        (LAW_TURNS, "Wanneer verstrekt het college een persoonsgebonden budget?", "alone only"),  # points at nothing
        ([], "Geldt dat ook voor ambtenaren?", "alone only"),  # no conversation to lean on
    ],
)
def test_a_question_that_needs_the_conversation_or_points_at_nothing_is_searched_one_way(
    history, question, expected
):
    from service.followup import search_queries

    query, alone = search_queries(question, history)
    assert alone is None
    assert (query == question) == (expected == "alone only")
    assert query == standalone_query(question, history)


def test_a_sentence_repeats_the_last_answer_only_when_that_answer_held_all_its_words():
    from service.followup import repeats, said_before

    said = said_before([("user", "Wie beslist?"), ("assistant", "Oud antwoord."),
                        ("user", "En daarna?"),
                        ("assistant", "Het college beslist binnen acht weken na ontvangst van de aanvraag [1].")])
    assert "oud" not in said and "1" not in said  # the last answer only, without its citation marks
    assert repeats("Het college beslist binnen acht weken na de ontvangst van de aanvraag.", said)
    assert not repeats("Het college kan de beslissing voor ten hoogste acht weken verdagen.", said)
    assert not repeats("Het college beslist.", said)  # too short to tell
    assert not repeats("Het college beslist binnen acht weken.", said_before([("user", "Wie beslist?")]))
