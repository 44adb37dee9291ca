"""Passages are exact, traceable slices of their documents and follow the structure."""

from __future__ import annotations

import re

import pytest

from ingest import ingest_file
from ingest.chunking import MAX_WORDS, chunk
from ingest.models import Block
from ingest.sentences import split_sentences
from tests.conftest import SEED_CORPUS

SEED_FILES = sorted(SEED_CORPUS.glob("*.txt"))


@pytest.fixture(scope="module", params=SEED_FILES, ids=lambda p: p.name)
def seed_doc(request):
    return ingest_file(request.param, request.param.name)


def test_every_passage_is_an_exact_slice_with_offsets(seed_doc):
    for p in seed_doc.passages:
        assert seed_doc.text[p.start : p.end] == p.text
        assert p.document == seed_doc.name


def test_no_text_is_lost_between_passages(seed_doc):
    covered = "".join(p.text for p in seed_doc.passages)
    assert re.sub(r"\s+", "", covered) == re.sub(r"\s+", "", seed_doc.text)
    starts = [p.start for p in seed_doc.passages]
    assert starts == sorted(starts)


def test_passages_stay_under_the_size_limit(seed_doc):
    for p in seed_doc.passages:
        assert p.word_count <= MAX_WORDS + 15


def test_each_guide_step_is_its_own_passage_with_its_heading():
    doc = ingest_file(SEED_CORPUS / "003_2d3dbcd927f89d6e.txt", "003_2d3dbcd927f89d6e.txt")
    steps = [p for p in doc.passages if (p.section or "").startswith("Stap ")]
    assert [p.section.split(":")[0] for p in steps] == [f"Stap {i}" for i in range(1, 6)]
    for p in steps:
        assert p.text.startswith(p.section)
        assert p.section_path[0] == "Stappenplan"


def test_numbered_criteria_nest_under_their_heading():
    doc = ingest_file(SEED_CORPUS / "004_b825544be54e0d5f.txt", "004_b825544be54e0d5f.txt")
    paths = [p.section_path for p in doc.passages]
    assert ["Beoordelingscriteria", "3. Vernieuwende aanpakken"] in paths
    innovations = next(p for p in doc.passages if p.section == "3. Vernieuwende aanpakken")
    assert "- meten van cliëntervaringen en -oordelen en vertalen in beleid" in innovations.text


def test_bullet_list_stays_in_one_passage_with_its_lead_in():
    doc = ingest_file(SEED_CORPUS / "001_ad390779c3b6a291.txt", "001_ad390779c3b6a291.txt")
    p = next(p for p in doc.passages if "• Wil jouw gemeente" in p.text)
    assert p.text.count("•") == 4
    assert p.section == "Is het antwoord op deze vragen 'ja'?"


def test_passage_ids_are_stable_across_runs():
    path = SEED_CORPUS / "003_2d3dbcd927f89d6e.txt"
    first = [p.id for p in ingest_file(path, path.name).passages]
    second = [p.id for p in ingest_file(path, path.name).passages]
    assert first == second
    assert len(set(first)) == len(first)


def test_long_paragraph_is_split_at_sentence_ends():
    sentence = "De gemeente organiseert cliëntondersteuning voor alle inwoners die dat nodig hebben."
    text, passages = chunk("lang.txt", [Block("Lange tekst"), Block(" ".join([sentence] * 60))])
    assert len(passages) >= 3
    for p in passages:
        assert p.word_count <= MAX_WORDS + 5
        assert p.text.endswith(".")
        assert text[p.start : p.end] == p.text


def test_sentence_splitter_knows_dutch_abbreviations():
    assert split_sentences("Er is een kickoff met de staatssecretaris (o.v.b.) in mei. Daarna volgt meer.") == [
        "Er is een kickoff met de staatssecretaris (o.v.b.) in mei.",
        "Daarna volgt meer.",
    ]


@pytest.mark.parametrize(
    "text, sentences",
    [
        (  # a law's members, one with lettered parts, written "1.  " as exported legal text has it
            "Artikel 3.9\n\n1.  Het examen bestaat uit de volgende onderdelen:\n\na. leesvaardigheid;\n\n"
            "b. schrijfvaardigheid.\n2.  Het examen wordt afgenomen door DUO. Zie ook hoofdstuk 3. Dat geldt altijd.",
            ["Artikel 3.9", "1.  Het examen bestaat uit de volgende onderdelen:", "a. leesvaardigheid;",
             "b. schrijfvaardigheid.", "2.  Het examen wordt afgenomen door DUO.", "Zie ook hoofdstuk 3.",
             "Dat geldt altijd."],
        ),
        (  # a guide's numbered steps and a regulation's "2°." and "12a." items
            "1. U meldt zich bij het wijkteam. Dat kan ook telefonisch.\n 2°. een ouder;\n12a. Vervallen.",
            ["1. U meldt zich bij het wijkteam.", "Dat kan ook telefonisch.", "2°. een ouder;", "12a. Vervallen."],
        ),
    ], ids=["law", "guide"])
def test_the_number_that_opens_a_member_or_step_stays_with_its_sentence_in_laws_and_guides(text, sentences):
    """A member's number is part of what an adviser quotes ("1. Het examen
    bestaat …"); split off, "1." was a sentence of its own that answers quoted."""
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    "text, sentences",
    [
        (  # an order in council citing the Staatsblad
            "Dit besluit treedt in werking op het tijdstip waarop de wet tot herziening van de maatregelen van "
            "kinderbescherming (Stb. 2014, 130) in werking treedt. Het wordt geplaatst in het Staatsblad.",
            ["Dit besluit treedt in werking op het tijdstip waarop de wet tot herziening van de maatregelen van "
             "kinderbescherming (Stb. 2014, 130) in werking treedt.", "Het wordt geplaatst in het Staatsblad."],
        ),
        (  # a law citing the Staatscourant and parliamentary papers, emphasis and all
            "Zoals bedoeld in haar Beleidsregel CA-300-578 (Stcrt. 8 juli 2013, nr. 18614) en in het besluit "
            "(*Stb*. 2010, 311). Wijzigt de Wet forensische zorg (Kst. 32 398).",
            ["Zoals bedoeld in haar Beleidsregel CA-300-578 (Stcrt. 8 juli 2013, nr. 18614) en in het besluit "
             "(*Stb*. 2010, 311).", "Wijzigt de Wet forensische zorg (Kst. 32 398)."],
        ),
        (  # a prosecution guideline: an article in a Markdown link, articles in plural
            "Het OM wijst hem op de mogelijkheid om cf. [art. 51b lid 4 Sv](https://wetten.nl) "
            "beklag te doen. Bij samenloop (artt. 55-57 Sr) geldt dit ook.",
            ["Het OM wijst hem op de mogelijkheid om cf. [art. 51b lid 4 Sv](https://wetten.nl) "
             "beklag te doen.", "Bij samenloop (artt. 55-57 Sr) geldt dit ook."],
        ),
        (  # a policy framework's date and a signature's initials: letters joined by periods
            "Zie het aanwijzingsbesluit Staatscourant nr. 19731 d.d. 28 september 2012 voor gemeenten. "
            "De Minister van Veiligheid en Justitie, I.W. Opstelten.",
            ["Zie het aanwijzingsbesluit Staatscourant nr. 19731 d.d. 28 september 2012 voor gemeenten.",
             "De Minister van Veiligheid en Justitie, I.W. Opstelten."],
        ),
    ], ids=["staatsblad", "staatscourant", "guideline", "policy"])
def test_citations_of_official_publications_and_initials_end_no_sentence_in_laws_guidelines_and_policy(
    text, sentences
):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    "text, sentences",
    [
        (  # a circular letter whose paragraphs were joined without a space
            "De regeling treedt in werking op 1 oktober 2000 en is van kracht tot 1 oktober 2003.De verlening van "
            "een subsidie vindt op aanvraag plaats.Het tendersysteem is niet van toepassing.",
            ["De regeling treedt in werking op 1 oktober 2000 en is van kracht tot 1 oktober 2003.",
             "De verlening van een subsidie vindt op aanvraag plaats.", "Het tendersysteem is niet van toepassing."],
        ),
        (  # a law's member exported the same way
            "Een geval als bedoeld in artikel 2 zich voordoet.De geneeskundige verklaring verschaft inzicht.",
            ["Een geval als bedoeld in artikel 2 zich voordoet.", "De geneeskundige verklaring verschaft inzicht."],
        ),
        (  # initials, an abbreviation, web and mail addresses: no sentence ends in them
            "Getekend J.W.Remkes, zie o.a.Het besluit en art.Twee op www.minvrom.nl/Wzsr of wzsr@bd.minvrom.nl.",
            ["Getekend J.W.Remkes, zie o.a.Het besluit en art.Twee op www.minvrom.nl/Wzsr of wzsr@bd.minvrom.nl."],
        ),
    ], ids=["circular", "law", "not-a-boundary"])
def test_sentences_glued_without_a_space_are_split_in_circulars_and_laws_but_initials_and_addresses_are_not(
    text, sentences
):
    """Text joined from lines or HTML paragraphs loses the space after a full
    stop: one "sentence" then held two or three, so its vector and the quoted
    answer mixed what they said."""
    assert split_sentences(text) == sentences
