"""Follow-ups that may or may not lean on the conversation, searched on real
indexes (the seed guide and laws): both readings are searched and fused."""

from __future__ import annotations

import pytest

from service.settings import Settings
from tests.test_followup import LAW_TURNS

# s18-002 (train split of eval/sets/seed-18.jsonl), as a user asked it.
KICKOFF = [("user", "Hoe begint het project voor de koplopers?"),
           ("assistant", "Met een kickoffbijeenkomst voor de koplopers, met (onder voorbehoud) de staatssecretaris, "
                         "waarin wordt uitgewisseld hoe iedereen in de regio aan de slag gaat.")]


@pytest.mark.parametrize(
    ("index", "history", "question", "expected"),
    [
        # "dat" is the kick-off of the last answer: searched as asked, the question
        # found other passages on municipalities and was refused.
        ("seed_index", KICKOFF, "Geldt dat ook voor ambtenaren, of wie mag er per gemeente naartoe?",
         "max 2 gasten per gemeente"),
        # Named enough to stand alone: searched only with the conversation, the
        # last answer's article (16, who collects it) came first; the article on
        # the contribution's height (15, second member) stays first.
        ("law_index", LAW_TURNS, "Mag de gemeente die ook afhankelijk maken van het inkomen van de echtgenoot?",
         "mede afhankelijk gesteld worden van het inkomen en vermogen"),
    ],
)
def test_a_follow_up_that_names_enough_is_searched_with_and_without_the_conversation_and_answered(
    request, index, history, question, expected
):
    from service.chat import ChatService

    chat = ChatService(Settings(), request.getfixturevalue(index))
    found = chat.search(question, history, 3)
    assert found.query != question and found.query.startswith(question)  # the conversation is carried
    assert expected in found.results[0].text
    answer, _ = chat.ask(question, history, 5)
    assert not answer.abstained and expected in answer.citations[0].text


@pytest.mark.parametrize(("index", "history", "question"), [
    ("seed_index", KICKOFF, "Geldt dat ook voor ambtenaren, of wie mag er per gemeente naartoe?"),
    ("law_index", LAW_TURNS, "Mag de gemeente die ook afhankelijk maken van het inkomen van de echtgenoot?"),
])
def test_the_two_fused_readings_of_a_follow_up_are_one_ranking_numbered_from_one(request, index, history, question):
    """Each fused hit kept the rank it had in the reading that found it, so two
    passages could share rank 1; the answer tells a passage's sentences from
    another's by rank, and the response lists the ranks."""
    from service.chat import ChatService

    chat = ChatService(Settings(), request.getfixturevalue(index))
    turn_query, alone = chat.focus_and_query(question, history)[1:]
    assert alone is not None  # searched both ways
    hits, _ = chat.retrieve(chat.analyse(turn_query), 10, alone=chat.analyse(alone))
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert len({h.passage.id for h in hits}) == len(hits)
    assert [r.rank for r in chat.search(question, history, 10).results] == list(range(1, 11))


# A conversation on the Wet kinderopvang: the last answer quoted who carries out the allowance.
ALLOWANCE = [("user", "Wie voert de kinderopvangtoeslag uit?"),
             ("assistant", "De uitvoering van het toekennen, uitbetalen en terugvorderen van de kinderopvangtoeslag "
                           "is opgedragen aan de Belastingdienst/Toeslagen. [1]")]
# s4-037 (train split of eval/sets/seed-4.jsonl): the last answer gave the guide's usual motive.
MOTIVE = [("user", "Waarom beginnen gemeenten vaak aan het versterken van cliëntondersteuning?"),
          ("assistant", "Volgens de handreiking van Movisie komt een vaak voorkomend motief voort uit lage cijfers wat "
                        "betreft de bekendheid van cliëntondersteuning onder inwoners. Dat is stap 1 van de "
                        "handreiking: wie neemt het initiatief?")]


@pytest.mark.parametrize(("index", "history", "question", "repeated"), [
    ("law_index", ALLOWANCE, "En welke wet is daarop van toepassing?",
     "is opgedragen aan de Belastingdienst/Toeslagen"),
    ("seed_index", MOTIVE, "Blijft die nadruk op naamsbekendheid dan het hele traject centraal staan?",
     "Een vaak voorkomend motief komt voort uit lage cijfers"),
])
def test_a_follow_up_is_not_answered_with_the_sentence_the_last_answer_already_gave(
    request, monkeypatch, index, history, question, repeated
):
    """The asker has read that sentence; the follow-up asks for more. Read
    without what was said, the same search answers with that sentence."""
    import service.chat
    from service.chat import ChatService

    chat = ChatService(Settings(), request.getfixturevalue(index))
    answer, _ = chat.ask(question, history, 5)
    monkeypatch.setattr(service.chat, "said_before", lambda history: frozenset())
    unread, _ = chat.ask(question, history, 5)
    assert repeated in unread.answer.splitlines()[0]
    assert not answer.abstained and repeated not in answer.answer.splitlines()[0]
