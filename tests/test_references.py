"""The one source-reference format (service/references.py)."""

from __future__ import annotations

from service.references import SourceFields, dutch_date, reference

LINK = "https://vraagbaak.example/bron/abc123"


def fields(**kw) -> SourceFields:
    base = {"passage_id": "abc123", "document": "wmo.md"}
    return SourceFields(**(base | kw))


def test_law_reference_has_publisher_date_title_locator_and_permalink():
    ref = reference(fields(title="Wet maatschappelijke ondersteuning 2015", publisher="Staten-Generaal",
                           date="2014-07-09", locator="artikel 2.3.2, vierde lid",
                           source="https://wetten.overheid.nl/BWBR0035362"), LINK)
    assert ref.text == (
        "Staten-Generaal (9 juli 2014). Wet maatschappelijke ondersteuning 2015, artikel 2.3.2, vierde lid. "
        "Vraagbaak: https://vraagbaak.example/bron/abc123 (origineel: https://wetten.overheid.nl/BWBR0035362)"
    )
    assert ref.markdown == (
        "Staten-Generaal (9 juli 2014). *Wet maatschappelijke ondersteuning 2015*, artikel 2.3.2, vierde lid. "
        "Vraagbaak: <https://vraagbaak.example/bron/abc123> (origineel: <https://wetten.overheid.nl/BWBR0035362>)"
    )
    assert ref.place == "artikel 2.3.2, vierde lid" and ref.permalink == LINK


def test_without_locator_the_section_and_page_say_where():
    ref = reference(fields(title="Handreiking", publisher="Movisie", date="2017", section="Stap 3: Zicht", page=12),
                    LINK)
    assert ref.place == "sectie “Stap 3: Zicht”, p. 12"
    assert ref.text.startswith("Movisie (2017). Handreiking, sectie “Stap 3: Zicht”, p. 12. Vraagbaak: ")


def test_page_is_not_repeated_when_the_locator_names_it():
    ref = reference(fields(title="Beleidsplan", locator="p. 12, § 4.2", page=12), LINK)
    assert ref.place == "p. 12, § 4.2"
    assert ref.text.count("p. 12") == 1


def test_without_publisher_and_date_the_title_leads_and_zd_marks_the_missing_date():
    ref = reference(fields(title="Nieuwsbericht"), LINK)
    assert ref.text == "Nieuwsbericht (z.d.). Vraagbaak: https://vraagbaak.example/bron/abc123"


def test_title_falls_back_to_the_file_name_and_a_question_title_gets_no_extra_period():
    assert reference(fields(), LINK).text.startswith("wmo.md (z.d.).")
    ref = reference(fields(title="Hoe organiseer je het?", publisher="Movisie"), LINK)
    assert ref.text.startswith("Movisie (z.d.). Hoe organiseer je het? Vraagbaak:")


def test_quote_is_included_on_one_line():
    ref = reference(fields(title="T", quote="Het college\n  beslist binnen\tacht weken."), LINK)
    assert "“Het college beslist binnen acht weken.”" in ref.text
    assert ref.quote == "Het college\n  beslist binnen\tacht weken."  # the field keeps it as given (for the CSV)


def test_markdown_escapes_characters_that_would_change_the_markup():
    ref = reference(fields(title="Artikel *1* [concept]", quote="a_b <c>"), LINK)
    assert "*Artikel \\*1\\* \\[concept\\]*" in ref.markdown
    assert "“a\\_b \\<c\\>”" in ref.markdown
    assert "Artikel *1* [concept]" in ref.text


def test_dutch_dates():
    assert dutch_date("2019-10-05") == "5 oktober 2019"
    assert dutch_date("2019-03") == "maart 2019"
    assert dutch_date("2017") == "2017"
    assert dutch_date(None) == "z.d."
    assert dutch_date("voorjaar 2020") == "voorjaar 2020"
    assert dutch_date("2019-13-01") == "2019"
