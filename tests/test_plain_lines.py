"""Plain lines in documents whose headings are written as such: numbered list
items without a full stop, lead-ins cut off before their list, a line that
heads a few paragraphs, an annex's title on the heading after it, and a
footnote inside a heading. Each rule on two kinds of document (policy rules
with annexes in numbered sections, a circular or a plain-text guide), and on
the same texts printed to PDF where the PDF reader sees the same lines."""

from __future__ import annotations

import pytest

from ingest.structure import is_status_line
from tests.law_pdf import ingest_all_printed, ingest_written, passage_with

# Policy rules of an indication body: articles, then annexes titled on the heading after
# "Bijlage n" and written in numbered sections (as the Beleidsregels indicatiestelling AWBZ).
POLICY_RULES_MD = """<meta name="dcterms:identifier" content="BWBR0000001" />

##Regeling van de Staatssecretaris houdende beleidsregels indicatiestelling (Beleidsregels indicatiestelling 2014)

### Artikel  1

De beleidsregels volgens welke het indicatieorgaan vaststelt of de verzekerde is aangewezen op zorg,
zijn opgenomen in de bijlagen.

### Artikel  2

Deze beleidsregels treden in werking met ingang van 1 januari 2014.

### Bijlage  4

####Persoonlijke verzorging

### 1

####Inleiding

Deze bijlage beschrijft de functie Persoonlijke Verzorging en de criteria die het indicatieorgaan daarbij hanteert.

### 2

####Doelstelling functie<sup> 15  Gebaseerd op het kompas van het zorginstituut  </sup>

### 2.1

####Algemeen

De functie Persoonlijke Verzorging is gericht op activiteiten op het gebied van de dagelijkse levensverrichtingen.

### 3

####Indicatiecriteria

Binnen de Wmo zijn de volgende drie groepen woonvoorzieningen te onderscheiden:

1. Roerende (niet bouwkundige) woonvoorzieningen

2. Kleine (bouwkundige) woningaanpassingen

3. Grote (bouwkundige) woningaanpassingen    Tabel met woonvoorzieningen is een niet-limitatieve lijst

Bij *psychisch functioneren* gaat het om de volgende aspecten

1. Concentratie

2. Geheugen en denken

3. Perceptie van omgeving    Bij lichte beperkingen heeft de verzekerde af en toe problemen met concentreren.

####Criteria

Om in aanmerking te komen voor verpleegkundig toezicht dient er sprake te zijn van

– chronische ademhalingsondersteuning in de thuissituatie;

– noodzaak van permanent toezicht.

Zorg door twee zorgverleners

Bij verzekerden met een complexe zorgvraag kan het noodzakelijk zijn dat de zorg door twee zorgverleners geleverd wordt.

### 4

####Omvang en geldigheidsduur van de indicatie

### 4.3

####Geldigheidsduur

De geldigheidsduur van een indicatie voor Persoonlijke Verzorging is maximaal vijf jaar.

### Bijlage  5

####Verpleging

### 4

####Omvang en geldigheidsduur van de indicatie

### 4.3

####Geldigheidsduur

De geldigheidsduur van een indicatie voor Verpleging is maximaal een jaar.
"""

# A circular in sections, a guideline's annexes titled the same way, and a plain-text guide.
CIRCULAR_MD = """<meta name="dcterms:identifier" content="BWBR0000002" />

##Circulaire aanpassing arbeidsduur

### 1

####Algemeen

Deze circulaire geeft de praktische gevolgen van de wet voor het bevoegd gezag.

### 2

####Zwaarwegende belangen

Het bevoegd gezag kan een verzoek afwijzen als zwaarwegende belangen zich daartegen verzetten.
Zwaarwegende belangen zijn in elk geval:

1. op het gebied van de veiligheid, of

2. wegens het niet voorhanden zijn van voldoende werk, of

3. wegens het niet kunnen vervullen van de vrijgekomen uren.

Hernieuwd verzoek pas na twee jaar

Een werknemer kan een nieuw verzoek pas doen twee jaar na de afwijzing van het vorige.

### 3

####Evaluatie

De wet wordt binnen vijf jaar na de inwerkingtreding geëvalueerd.

### Bijlage  1

####Overzicht van de termijnen

De beslistermijn is een maand na ontvangst van het verzoek.

### Bijlage  2

####, behorende bij artikel 3

De tabel van de vergoedingen per uur staat hieronder.
"""

# The export stamps units with a dated status line, in a regulation and in an annex of tables.
STAMPED_MD = """<meta name="dcterms:identifier" content="BWBR0000003" />

##Regeling vervangingsfonds

####Algemene bepalingen

Materieel uitgewerkt per 01-02-2012

### Artikel  1

####Begripsbepalingen

Materieel uitgewerkt per 01-02-2012

In deze regeling wordt verstaan onder fonds: het Vervangingsfonds.

### Artikel  2

Treedt in werking per 01-01-2016

Het bevoegd gezag betaalt de premie aan het fonds voor 1 juli.

### Bijlage 1

Materieel uitgewerkt per 01-01-2008

| Leeftijd | Mannen | Vrouwen |
|:---|:---|:---|
| 0-4 | 12 | 11 |
"""

GUIDE_TXT = """Handreiking woonvoorzieningen

Deze handreiking helpt gemeenten bij de keuze van woonvoorzieningen voor inwoners met een beperking.

Drie groepen voorzieningen

Binnen de Wmo zijn de volgende drie groepen woonvoorzieningen te onderscheiden:

1. Roerende woonvoorzieningen

2. Kleine woningaanpassingen

3. Grote woningaanpassingen

De gemeente kiest de goedkoopst adequate voorziening. Een verhuizing kan goedkoper zijn dan een grote aanpassing.

Toetsing van de aanvraag

Een aanvraag voor een woningaanpassing wordt getoetst aan de hand van

- de beperkingen van de aanvrager;
- de mogelijkheden van de woning.

De gemeente beslist binnen acht weken na de aanvraag.
"""


def _paths(doc) -> list[str]:
    return [" › ".join(p.section_path) for p in doc.passages]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    return ingest_all_printed(tmp_path_factory.mktemp("pdf"), {
        "rules": (POLICY_RULES_MD, "beleidsregels.pdf", "Beleidsregels indicatiestelling 2014"),
        "circular": (CIRCULAR_MD, "circulaire.pdf", "Circulaire aanpassing arbeidsduur"),
    })


def test_an_annexs_title_written_on_the_heading_after_it_names_the_annex_in_policy_rules_and_a_circular(tmp_path):
    """"### Bijlage 4" then "####Persoonlijke verzorging": the second heading is
    the annex's title. Before, the annex's first section ("### 1 Inleiding")
    closed it, and two annexes on two kinds of care both gave
    "Bijlage n › 4.3 Geldigheidsduur". A line going on from the annex's name
    (", behorende bij artikel 3") is no title."""
    rules = ingest_written(tmp_path, "beleidsregels.md", POLICY_RULES_MD)
    care = passage_with(rules, "Persoonlijke Verzorging is maximaal vijf jaar")
    assert care.section_path[0] == "Bijlage 4. Persoonlijke verzorging", care.section_path
    assert care.locator == "bijlage 4, § 4.3"
    nursing = passage_with(rules, "Verpleging is maximaal een jaar")
    assert nursing.section_path[0] == "Bijlage 5. Verpleging", nursing.section_path
    circular = ingest_written(tmp_path, "circulaire.md", CIRCULAR_MD)
    terms = passage_with(circular, "beslistermijn is een maand")
    assert terms.section_path == ["Bijlage 1. Overzicht van de termijnen"]
    assert terms.locator == "bijlage 1"
    table = passage_with(circular, "vergoedingen per uur")
    assert table.section_path[0] == "Bijlage 2", table.section_path


def test_a_footnote_inside_a_heading_follows_the_heading_and_leaves_its_number_with_its_title(tmp_path):
    """"### 2" and "####Doelstelling functie<sup> 15 Gebaseerd op … </sup>": the
    note went before the title and split it from its number, so the section
    was "2" with no title."""
    rules = ingest_written(tmp_path, "beleidsregels.md", POLICY_RULES_MD)
    general = passage_with(rules, "dagelijkse levensverrichtingen")
    assert general.section_path == ["Bijlage 4. Persoonlijke verzorging", "2 Doelstelling functie", "2.1 Algemeen"]
    note = passage_with(rules, "Noot 15")
    assert note.section_path[-1] == "2 Doelstelling functie"


@pytest.mark.parametrize("kind", ["markdown", "pdf"])
def test_numbered_items_without_a_full_stop_are_items_not_headings_in_policy_rules_a_circular_and_a_guide(
    tmp_path, printed, kind,
):
    """Items "1." "2." "3." side by side, or two after a line that leads in a
    list, are a list however short they are. Before, the last short item
    ("3. Grote (bouwkundige) woningaanpassingen", "2. Geheugen en denken")
    headed every later section of its annex, and in the circular "2. wegens
    het niet voorhanden zijn van voldoende werk, of" headed the rest."""
    rules = printed["rules"] if kind == "pdf" else ingest_written(tmp_path, "beleidsregels.md", POLICY_RULES_MD)
    circular = printed["circular"] if kind == "pdf" else ingest_written(tmp_path, "circulaire.md", CIRCULAR_MD)
    for doc, items in ((rules, ("woningaanpassingen", "Geheugen en denken", "Concentratie")),
                       (circular, ("veiligheid", "voldoende werk"))):
        for path in _paths(doc):
            assert not any(item in path for item in items), path
    assert passage_with(rules, "Verpleging is maximaal een jaar").section_path[-1].endswith("4.3 Geldigheidsduur")
    evaluation = passage_with(circular, "binnen vijf jaar")
    assert evaluation.section_path[-1] == "3 Evaluatie", evaluation.section_path
    guide = ingest_written(tmp_path, "handreiking.txt", GUIDE_TXT)
    assert "Grote woningaanpassingen\n\nDe gemeente kiest" in passage_with(guide, "goedkoopst adequate").text
    assert not any("woningaanpassingen" in path for path in _paths(guide)), _paths(guide)


@pytest.mark.parametrize("kind", ["markdown", "pdf"])
def test_a_line_ending_on_a_word_that_needs_more_is_a_lead_in_not_a_heading_in_policy_rules_and_a_guide(
    tmp_path, printed, kind,
):
    """"Om in aanmerking te komen … dient er sprake te zijn van" and "wordt
    getoetst aan de hand van" end where their list begins: no heading ends on
    a preposition, article or conjunction. Before, the first took the place of
    the heading "Criteria" above it, at the top of the annex."""
    rules = printed["rules"] if kind == "pdf" else ingest_written(tmp_path, "beleidsregels.md", POLICY_RULES_MD)
    criteria = passage_with(rules, "chronische ademhalingsondersteuning")
    assert "Om in aanmerking" in criteria.text
    assert not any("Om in aanmerking" in h for h in criteria.section_path), criteria.section_path
    assert criteria.section_path[-1] == "Criteria", criteria.section_path
    guide = ingest_written(tmp_path, "handreiking.txt", GUIDE_TXT)
    decided = passage_with(guide, "binnen acht weken")
    assert decided.section_path[-1] == "Toetsing van de aanvraag", decided.section_path


@pytest.mark.parametrize(("name", "text", "words", "line", "section", "later"), [
    ("beleidsregels.md", POLICY_RULES_MD, "door twee zorgverleners geleverd", "Zorg door twee zorgverleners",
     "3 Indicatiecriteria", "Persoonlijke Verzorging is maximaal vijf jaar"),
    ("circulaire.md", CIRCULAR_MD, "nieuw verzoek pas doen", "Hernieuwd verzoek pas na twee jaar",
     "2 Zwaarwegende belangen", "binnen vijf jaar"),
])
def test_a_plain_line_heading_a_few_paragraphs_sits_under_the_written_headings_in_policy_rules_and_a_circular(
    tmp_path, name, text, words, line, section, later,
):
    """"Zorg door twee zorgverleners" and "Hernieuwd verzoek pas na twee jaar"
    are plain lines between written headings: they head the paragraphs after
    them, inside their section, and the next written heading ("### 4", "### 3")
    closes them. Before, such a line sat at the top of the outline, above the
    sections written as headings, and became the parent of all that followed."""
    doc = ingest_written(tmp_path, name, text)
    headed = passage_with(doc, words)
    assert headed.section_path[-1] == line, headed.section_path
    assert any(h.startswith(section) for h in headed.section_path), headed.section_path
    after = passage_with(doc, later)
    assert line not in after.section_path, after.section_path


def test_a_dated_status_line_of_the_export_heads_nothing_in_a_regulation_and_its_annex(tmp_path):
    """"Materieel uitgewerkt per 01-02-2012" and "Treedt in werking per
    01-01-2016" note a unit's status: text under that unit. Before, the first
    stood above the articles as a heading ("Materieel uitgewerkt per
    01-02-2012 › Premie › Artikel 2", in 27 documents of the export) and became
    an annex's title."""
    doc = ingest_written(tmp_path, "regeling.md", STAMPED_MD)
    for path in _paths(doc):
        assert "uitgewerkt" not in path and "Treedt" not in path, path
    premium = passage_with(doc, "betaalt de premie")
    assert premium.locator == "artikel 2" and "Treedt in werking per 01-01-2016" in premium.text
    table = passage_with(doc, "Leeftijd")
    assert table.section_path == ["Bijlage 1"] and table.locator == "bijlage 1"


# A treaty as the export writes it, every unit stamped as provisionally applied; and the same
# treaty saved as plain text.
TREATY_MD = """<meta name="dcterms:identifier" content="BWBV0000001" />

##Verdrag inzake de rechten van personen met een handicap

### Artikel  1

Wordt voorlopig toegepast per 01-07-1999

Dit Verdrag heeft ten doel het volledige genot van alle mensenrechten door personen met een handicap te bevorderen.

### Artikel  2

Wordt voorlopig toegepast per 01-07-1999

De Staten die Partij zijn erkennen het gelijke recht van alle personen met een handicap om zelfstandig te wonen.
"""
TREATY_TXT = TREATY_MD.split("\n", 2)[2].replace("### Artikel  ", "Artikel ").replace("##", "")


@pytest.mark.parametrize(("name", "text"), [("verdrag.md", TREATY_MD), ("verdrag.txt", TREATY_TXT)])
def test_a_treatys_provisional_application_stamp_heads_nothing_in_markdown_and_plain_text(tmp_path, name, text):
    """"Wordt voorlopig toegepast per 01-07-1999" stamps a treaty's units as
    "Treedt in werking per …" stamps a law's: a note under the unit. Before, it
    was read as a heading, and in 153 passages of 400 random export texts it
    stood in the section path of what followed it."""
    doc = ingest_written(tmp_path, name, text)
    for path in _paths(doc):
        assert "voorlopig" not in path, path
    second = passage_with(doc, "zelfstandig te wonen")
    assert second.locator == "artikel 2" and second.section_path[-1] == "Artikel 2"


# Articles not yet in force, as the export stamps them on the line right under the heading:
# in a law with chapters and a definitions article, and in a decree's closing chapter.
PENDING_LAW_MD = """<meta name="dcterms:identifier" content="BWBR0000004" />

##Wet van 7 oktober 2015, houdende regels ter bevordering van de kwaliteit van zorg

### Hoofdstuk  1

####Begripsbepalingen

Treedt in werking op een nader te bepalen tijdstip

### Artikel  1
Treedt in werking op een nader te bepalen tijdstip

1. In deze wet wordt verstaan onder:

– *klager:* de persoon die een klacht heeft ingediend;

– *zorgaanbieder:* een instelling of een solistisch werkende zorgverlener.

### Artikel  2
Treedt in werking op een nader te bepalen tijdstip

De zorgaanbieder biedt goede zorg aan.
"""

PENDING_DECREE_MD = """<meta name="dcterms:identifier" content="BWBR0000005" />

##Besluit langdurige zorg

### Hoofdstuk  10

####Slotbepalingen

### Artikel  10.9
Treedt in werking op een nader bij koninklijk besluit te bepalen tijdstip

Tot het tijdstip van inwerkingtreding blijft de regeling van het zorgkantoor van toepassing.

### Artikel  10.10

Dit besluit wordt aangehaald als: Besluit langdurige zorg.
"""


@pytest.mark.parametrize(("name", "text", "words", "path"), [
    ("wkkgz.md", PENDING_LAW_MD, "klacht heeft ingediend", ["Hoofdstuk 1. Begripsbepalingen", "Artikel 1"]),
    ("wkkgz.md", PENDING_LAW_MD, "biedt goede zorg aan", ["Hoofdstuk 1. Begripsbepalingen", "Artikel 2"]),
    ("blz.md", PENDING_DECREE_MD, "blijft de regeling", ["Hoofdstuk 10. Slotbepalingen", "Artikel 10.9"]),
])
def test_a_status_line_without_a_date_titles_no_article_in_a_law_and_a_decree(tmp_path, name, text, words, path):
    """"Treedt in werking op een nader te bepalen tijdstip" under an article's
    heading notes that it is not in force yet (65 articles of the Wkkgz, others
    in the Wet kinderopvang, the Wlz and the Besluit langdurige zorg). Before,
    it was the article's title: "Artikel 1. Treedt in werking op een nader te
    bepalen tijdstip" stood in every path and drew every question about when
    the law takes effect."""
    doc = ingest_written(tmp_path, name, text)
    found = passage_with(doc, words)
    assert found.section_path == path, found.section_path
    assert not any("Treedt" in p for p in _paths(doc)), _paths(doc)


# A ministerial regulation as the export writes it, each article stamped with the day it
# takes effect, the first a definitions list; and a law whose second chapter lapsed.
STAMPED_REGULATION_MD = """<meta name="dcterms:identifier" content="BWBR0000006" />

##Regeling procesgang vangnetters

### Artikel  1

####Begripsomschrijvingen

Treedt in werking per 01-07-2016

In deze regeling wordt verstaan onder:

a. *werknemer:* een persoon die door het college is ondersteund naar arbeid in een dienstbetrekking;

b. *vangnetter:* de werknemer die recht heeft op ziekengeld.

### Artikel  2

####Probleemanalyse

Treedt in werking per 01-07-2016

Het college vormt zich binnen zes weken na de eerste ziektedag een oordeel over het ziektegeval.
"""

LAPSED_CHAPTER_MD = """<meta name="dcterms:identifier" content="BWBR0000007" />

##Wet inkomensvoorziening

### Hoofdstuk  1

####Uitkering

### Artikel  1

Het college verleent de uitkering op aanvraag.

### Hoofdstuk  2

####Financiering

Vervallen per 01-01-2015

### Hoofdstuk  3

####Slotbepalingen

### Artikel  3

Deze wet wordt aangehaald als: Wet inkomensvoorziening.
"""


def _bare(passage) -> bool:
    """A passage of headings and status notes only: nothing a question can be answered from."""
    titles = {t for p in passage.section_path for t in (p, *p.split(". ", 1))}
    lines = [x.strip() for x in passage.text.split("\n") if x.strip()]
    return all(x in titles or is_status_line(x) or x.split()[0] in {"Hoofdstuk", "Artikel"} for x in lines)


@pytest.mark.parametrize(("name", "text", "words", "carried", "locator"), [
    ("wkkgz.md", PENDING_LAW_MD, "klacht heeft ingediend", "Begripsbepalingen", "artikel 1, onder *klager*"),
    ("regeling.md", STAMPED_REGULATION_MD, "ondersteund naar arbeid", "Begripsomschrijvingen",
     "artikel 1, onder *werknemer*"),
    ("regeling.md", STAMPED_REGULATION_MD, "binnen zes weken", "Probleemanalyse", "artikel 2"),
])
def test_a_note_that_a_unit_is_in_force_heads_its_text_in_a_law_and_a_regulation(
    tmp_path, name, text, words, carried, locator,
):
    """"Treedt in werking per 01-07-2016" under a heading, then a chapter's
    first article or an article's definitions list: the note heads the text
    as the heading does. Before, heading and note were a passage of their own
    ("Hoofdstuk 1 / Begripsbepalingen / Treedt in werking op een nader te
    bepalen tijdstip", 27 passages in six corpora) that answered nothing, and
    the definitions went without their article's title."""
    doc = ingest_written(tmp_path, name, text)
    assert not [p.text for p in doc.passages if _bare(p)]
    found = passage_with(doc, words)
    assert found.locator == locator and carried in found.text


def test_a_chapter_that_lapsed_keeps_its_note_as_a_passage_between_the_chapters_around_it(tmp_path):
    """"Vervallen per 01-01-2015" is all that is left of a repealed chapter: it
    stays a passage of its own, which tells a reader the chapter is gone, and
    heads nothing of the next chapter."""
    doc = ingest_written(tmp_path, "wet.md", LAPSED_CHAPTER_MD)
    lapsed = passage_with(doc, "Vervallen per 01-01-2015")
    assert lapsed.locator == "hoofdstuk 2" and "Slotbepalingen" not in lapsed.text
    assert "Vervallen" not in passage_with(doc, "aangehaald als").text
