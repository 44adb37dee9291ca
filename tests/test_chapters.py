"""Chapters and the headings under them: a numbered section sits under the
chapter whose number it carries ("2.1" under "Hoofdstuk 2"), in a policy
framework exported as Markdown, in a report in plain text and in both printed
to PDF; and the heading right after a bare unit heading is that unit's title,
even when it opens in lower case ("financiële verantwoording") or reads like
an annex's name ("Bijlagen"), in a regulation and in a law."""

from __future__ import annotations

import pytest

from tests.law_pdf import ingest_all_printed, ingest_written, passage_with

# A recognition framework of an implementing body, as the export writes it: a few articles,
# then the framework as an annex in chapters ("### Hoofdstuk 2" + "####– Erkenningseisen")
# and decimal sections set at the same Markdown level as the chapters ("### 2.1").
FRAMEWORK_MD = """<meta name="dcterms:identifier" content="BWBR0000011" />

##Erkenningskader jobcoaching 2012

### Artikel  1

Het uitvoeringsinstituut hanteert bij het erkennen van jobcoachorganisaties het erkenningskader in de bijlage.

### Artikel  2

Dit besluit treedt in werking met ingang van 15 oktober 2012.

### Bijlage

####Erkenningskader jobcoaching 2012

### Hoofdstuk  1

####– Inleiding

Dit erkenningskader formuleert de eisen waaraan organisaties moeten voldoen die jobcoaching willen uitvoeren.

### 1.1

####Overgangsregeling

Een organisatie die al erkend was, krijgt zes maanden om alsnog aan de nieuwe eisen te voldoen.

### 1.2

####Besluitvorming rondom erkenning

Erkenning wordt verleend voor een periode van vijf jaar, waarna opnieuw om erkenning wordt verzocht.

### Hoofdstuk  2

####– Erkenningseisen

Organisaties die voor erkenning in aanmerking willen komen, voldoen aan alle eisen van dit hoofdstuk.

####Aanvragers

Een aanvraag wordt alleen ingediend door een rechtspersoon die in Nederland is gevestigd.

### 2.1

####Betrouwbaarheid van de aanvrager

De aanvrager overlegt een verklaring omtrent het gedrag die niet ouder is dan drie maanden.

### 2.2

####Bedrijfsaansprakelijkheidsverzekering

De aanvrager beschikt over een bedrijfsaansprakelijkheidsverzekering met een dekking van ten minste een miljoen euro.

### Hoofdstuk  3

####– Beoordeling van de aanvraag

### 3.1

####Beslissing

Het uitvoeringsinstituut beslist binnen acht weken na ontvangst van de volledige aanvraag.
"""

# A municipal evaluation report in plain text: chapters with a title on the same line,
# numbered sections under them.
REPORT_TXT = """Evaluatie cliëntondersteuning 2023

Hoofdstuk 1 Inleiding

De gemeente heeft in 2023 de cliëntondersteuning geëvalueerd. Dit rapport beschrijft de uitkomsten voor de raad.

1.1 Aanleiding

De raad vroeg in 2022 om een evaluatie van de onafhankelijke cliëntondersteuning en van de bekendheid ervan.

1.2 Werkwijze

We spraken met veertig inwoners en twaalf professionals over hun ervaringen met de cliëntondersteuning.

Hoofdstuk 2 Resultaten

De resultaten zijn per onderwerp beschreven. Eerst de bekendheid, daarna de tevredenheid van inwoners.

2.1 Bekendheid

Een derde van de inwoners kent de cliëntondersteuner. Jongeren kennen hem het minst, ouderen het best.

2.2 Tevredenheid

Inwoners die de cliëntondersteuner kennen, zijn tevreden over de hulp en geven gemiddeld een 7,8.
"""

# The same report as headings, for the PDF printer.
REPORT_MD = "\n\n".join(
    ("### " + line if line.startswith(("Hoofdstuk", "1.", "2.")) and len(line.split()) <= 3 else line)
    for line in REPORT_TXT.strip().split("\n\n")
)

# A regulation whose paragraphs carry titles in lower case on the heading after them, and whose
# last article is titled "Bijlagen".
REGULATION_MD = """<meta name="dcterms:identifier" content="BWBR0000012" />

##Regeling van de Staatssecretaris houdende regels voor de uitvoering van de wet (Uitvoeringsregeling 2015)

### Hoofdstuk  4

####AMHK’s

### Paragraaf  1

####financiële verantwoording

### Artikel  4

Een AMHK stelt een jaarrekening op waarin de baten en lasten van het afgelopen jaar zijn opgenomen.

### Paragraaf  2

####beleidsinformatie AMHK’s

### Artikel  5

Een AMHK verstrekt twee keer per jaar beleidsinformatie aan het Centraal Bureau voor de Statistiek.

### Hoofdstuk  5

####Slotbepalingen

### Artikel  6

####Bijlagen

Aan deze regeling worden de volgende bijlagen toegevoegd: het informatieprotocol en het model voor de jaarrekening.

### Artikel  7

####Citeertitel

Deze regeling wordt aangehaald als: Uitvoeringsregeling 2015.
"""

# An introductory law amending others: one article per amended act, titled with that act's name.
AMENDING_LAW_MD = """<meta name="dcterms:identifier" content="BWBR0000013" />

##Wet van 1 januari 2015 tot invoering van de Wet werk en inkomen

### Hoofdstuk  1

####Wijziging van andere wetten

### §  2

####Justitie

### Artikel  1.23

####Bijlage 2 van de Beroepswet

Wijzigt de Beroepswet.

### Artikel  1.24

####Burgerlijk Wetboek

Wijzigt het Burgerlijk Wetboek.

### Hoofdstuk  2

####Slotbepalingen

### Artikel  2.1

Deze wet wordt aangehaald als: Invoeringswet werk en inkomen.
"""


def _under(passage, chapter: str, section: str) -> None:
    """The passage stands in ``section``, right under the chapter ``chapter``."""
    assert passage.section_path[-2:] == [chapter, section], passage.section_path


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    return ingest_all_printed(tmp_path_factory.mktemp("pdf"), {
        "framework": (FRAMEWORK_MD, "erkenningskader.pdf", "Erkenningskader jobcoaching 2012"),
        "report": (REPORT_MD, "evaluatie.pdf", "Evaluatie cliëntondersteuning 2023"),
    })


@pytest.mark.parametrize("kind", ["markdown", "pdf"])
def test_a_numbered_section_sits_under_the_chapter_it_is_numbered_in_within_a_policy_framework(
    tmp_path, printed, kind,
):
    """"### Hoofdstuk 2" then "### 2.1": set at the same level, the section
    ranked above the chapter (a free heading above every legal unit), closed
    it, and made the next chapter its child ("1.2 Besluitvorming … ›
    Hoofdstuk 2. Erkenningseisen"). A heading written below the chapter
    ("####Aanvragers") stays under it and is closed by the first section."""
    doc = printed["framework"] if kind == "pdf" else ingest_written(tmp_path, "erkenningskader.md", FRAMEWORK_MD)
    term = passage_with(doc, "periode van vijf jaar")
    _under(term, "Hoofdstuk 1. Inleiding", "1.2 Besluitvorming rondom erkenning")
    assert term.locator.endswith("bijlage, § 1.2"), term.locator
    chapter = passage_with(doc, "voldoen aan alle eisen van dit hoofdstuk")
    assert chapter.section_path[-1] == "Hoofdstuk 2. Erkenningseisen", chapter.section_path
    assert not any(h.startswith("1.") for h in chapter.section_path), chapter.section_path
    assert chapter.locator.endswith("bijlage, hoofdstuk 2"), chapter.locator
    conduct = passage_with(doc, "verklaring omtrent het gedrag")
    _under(conduct, "Hoofdstuk 2. Erkenningseisen", "2.1 Betrouwbaarheid van de aanvrager")
    assert conduct.locator.endswith("bijlage, § 2.1"), conduct.locator
    insured = passage_with(doc, "ten minste een miljoen euro")
    _under(insured, "Hoofdstuk 2. Erkenningseisen", "2.2 Bedrijfsaansprakelijkheidsverzekering")
    decided = passage_with(doc, "binnen acht weken")
    _under(decided, "Hoofdstuk 3. Beoordeling van de aanvraag", "3.1 Beslissing")
    assert decided.locator.endswith("bijlage, § 3.1"), decided.locator
    _under(passage_with(doc, "in Nederland is gevestigd"), "Hoofdstuk 2. Erkenningseisen", "Aanvragers")
    assert "Aanvragers" not in conduct.section_path


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_a_numbered_section_sits_under_the_chapter_it_is_numbered_in_within_a_plain_text_report(
    tmp_path, printed, kind,
):
    """"Hoofdstuk 2 Resultaten" then "2.1 Bekendheid" in a report: the second
    chapter stood under "1.2 Werkwijze" before, and the sections beside the
    chapters."""
    doc = printed["report"] if kind == "pdf" else ingest_written(tmp_path, "evaluatie.txt", REPORT_TXT)
    method = passage_with(doc, "veertig inwoners")
    assert method.section_path[-2:] == ["Hoofdstuk 1 Inleiding", "1.2 Werkwijze"], method.section_path
    assert method.locator.endswith("§ 1.2"), method.locator
    results = passage_with(doc, "per onderwerp beschreven")
    assert results.section_path[-1] == "Hoofdstuk 2 Resultaten", results.section_path
    assert "1.2 Werkwijze" not in results.section_path
    known = passage_with(doc, "Een derde van de inwoners")
    assert known.section_path[-2:] == ["Hoofdstuk 2 Resultaten", "2.1 Bekendheid"], known.section_path
    assert known.locator.endswith("§ 2.1"), known.locator


# A law whose sections ("afdelingen") carry titles in lower case on the heading after them.
LOWER_CASE_LAW_MD = """<meta name="dcterms:identifier" content="BWBR0000014" />

##Wet van 29 februari 1996, houdende regels ter bevordering van de medezeggenschap van cliënten

### Hoofdstuk  2

####Cliëntenraden

### Afdeling  1

####instelling van een cliëntenraad

### Artikel  2

De zorgaanbieder stelt voor elke door hem in stand gehouden instelling een cliëntenraad in.

### Afdeling  2

####bevoegdheden

### Artikel  3

De zorgaanbieder stelt de cliëntenraad in de gelegenheid advies uit te brengen over elk voorgenomen besluit.

### Hoofdstuk  3

####Slotbepalingen

### Artikel  4

Deze wet kan worden aangehaald als: Wet medezeggenschap cliënten.
"""


@pytest.mark.parametrize(("name", "text", "words", "path"), [
    ("uitvoeringsregeling.md", REGULATION_MD, "jaarrekening op",
     ["Hoofdstuk 4. AMHK’s", "Paragraaf 1. financiële verantwoording", "Artikel 4"]),
    ("uitvoeringsregeling.md", REGULATION_MD, "Centraal Bureau voor de Statistiek",
     ["Hoofdstuk 4. AMHK’s", "Paragraaf 2. beleidsinformatie AMHK’s", "Artikel 5"]),
    ("uitvoeringsregeling.md", REGULATION_MD, "wordt aangehaald als",
     ["Hoofdstuk 5. Slotbepalingen", "Artikel 7. Citeertitel"]),
    ("wmcz.md", LOWER_CASE_LAW_MD, "voor elke door hem",
     ["Hoofdstuk 2. Cliëntenraden", "Afdeling 1. instelling van een cliëntenraad", "Artikel 2"]),
    ("wmcz.md", LOWER_CASE_LAW_MD, "kan worden aangehaald", ["Hoofdstuk 3. Slotbepalingen", "Artikel 4"]),
])
def test_a_lower_case_title_written_below_a_bare_unit_heading_titles_it_in_a_regulation_and_a_law(
    tmp_path, name, text, words, path,
):
    """"### Paragraaf 1" then "####financiële verantwoording": the title opens
    in lower case, was taken for a heading of its own, and stood above every
    unit (a free heading outranks them): "financiële verantwoording ›
    Artikel 4", and every later chapter under "beleidsinformatie AMHK’s"."""
    found = passage_with(ingest_written(tmp_path, name, text), words)
    assert found.section_path == path, found.section_path


@pytest.mark.parametrize(("name", "text", "words", "path", "later", "locator"), [
    ("uitvoeringsregeling.md", REGULATION_MD, "volgende bijlagen toegevoegd",
     ["Hoofdstuk 5. Slotbepalingen", "Artikel 6. Bijlagen"], "wordt aangehaald als", "artikel 7"),
    ("invoeringswet.md", AMENDING_LAW_MD, "Wijzigt de Beroepswet",
     ["Hoofdstuk 1. Wijziging van andere wetten", "§ 2. Justitie", "Artikel 1.23. Bijlage 2 van de Beroepswet"],
     "Wijzigt het Burgerlijk Wetboek", "artikel 1.24"),
])
def test_a_title_that_reads_like_an_annex_name_titles_the_bare_unit_above_it_in_a_regulation_and_a_law(
    tmp_path, name, text, words, path, later, locator,
):
    """"### Artikel 6" then "####Bijlagen" (an article listing the annexes) and
    "### Artikel 1.23" then "####Bijlage 2 van de Beroepswet" (an article
    amending that annex): read as annexes, they closed the body, and every
    later article was cited as "bijlage, artikel 7"."""
    doc = ingest_written(tmp_path, name, text)
    titled = passage_with(doc, words)
    assert titled.section_path == path, titled.section_path
    assert not titled.locator.startswith("bijlage"), titled.locator
    assert passage_with(doc, later).locator == locator


# The report again, its chapters titled on the line after them with a dash, as exports write them.
DASHED_REPORT_TXT = REPORT_TXT.replace("Hoofdstuk 1 Inleiding", "Hoofdstuk 1\n\n– Inleiding").replace(
    "Hoofdstuk 2 Resultaten", "Hoofdstuk 2\n\n– Resultaten")


@pytest.mark.parametrize(("kind", "words", "path_end"), [
    ("text", "Een derde van de inwoners", ["Hoofdstuk 2. Resultaten", "2.1 Bekendheid"]),
    ("text", "per onderwerp beschreven", ["Hoofdstuk 2. Resultaten"]),
    ("pdf", "voldoen aan alle eisen", ["Hoofdstuk 2. Erkenningseisen"]),
    ("pdf", "periode van vijf jaar", ["Hoofdstuk 1. Inleiding", "1.2 Besluitvorming rondom erkenning"]),
])
def test_a_dashed_line_after_a_bare_chapter_heading_is_its_title_in_a_report_and_a_printed_framework(
    tmp_path, printed, kind, words, path_end,
):
    """"Hoofdstuk 2" then "– Resultaten" (the export's "####– Erkenningseisen",
    printed): the dash made it a list item or a paragraph, so the chapter had
    no title in plain text or PDF, where the Markdown reader gave it one."""
    doc = printed["framework"] if kind == "pdf" else ingest_written(tmp_path, "evaluatie.txt", DASHED_REPORT_TXT)
    path = passage_with(doc, words).section_path
    assert path[-len(path_end):] == path_end, path
