"""Every supported format becomes clean text; bad files are refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import IngestedDocument, Skipped, ingest_file
from tests import fixtures


def _ingest(path):
    return ingest_file(path, path.name)


def test_pdf_drops_running_header_and_footer_and_keeps_pages(tmp_path):
    doc = _ingest(fixtures.make_report_pdf(tmp_path / "rapport.pdf"))
    assert isinstance(doc, IngestedDocument)
    assert fixtures.HEADER not in doc.text
    assert "Pagina" not in doc.text
    assert doc.pages == 3
    assert [p.page for p in doc.passages] == [1, 1, 2]
    assert doc.title == "Beleidsnotitie cliëntondersteuning Voorbeeldstad"


def test_pdf_joins_words_hyphenated_across_lines_but_keeps_dutch_elision(tmp_path):
    doc = _ingest(fixtures.make_report_pdf(tmp_path / "rapport.pdf"))
    assert "onafhankelijke cliëntondersteuning via" in doc.text
    assert "cliënt-" not in doc.text
    assert "de zorg- en ondersteuningsvraag" in doc.text


def test_pdf_page_without_text_layer_is_reported_as_needing_ocr(tmp_path):
    doc = _ingest(fixtures.make_report_pdf(tmp_path / "rapport.pdf"))
    assert any("pagina 3" in w and "OCR" in w for w in doc.warnings)


def test_pdf_headings_become_sections(tmp_path):
    doc = _ingest(fixtures.make_report_pdf(tmp_path / "rapport.pdf"))
    assert [p.section for p in doc.passages] == [
        "Stap 1: Aanmelden bij de gemeente",
        "Stap 2: Het keukentafelgesprek",
        "Stap 3: Het ondersteuningsplan",
    ]


def test_encrypted_corrupt_image_only_and_empty_files_are_skipped_with_reasons(tmp_path):
    good = fixtures.make_report_pdf(tmp_path / "rapport.pdf")
    encrypted = _ingest(fixtures.make_encrypted_pdf(tmp_path / "geheim.pdf", good))
    corrupt = _ingest(fixtures.make_corrupt_pdf(tmp_path / "kapot.pdf", good))
    scanned = _ingest(fixtures.make_image_only_pdf(tmp_path / "scan.pdf"))
    (tmp_path / "leeg.txt").write_bytes(b"")
    empty = _ingest(tmp_path / "leeg.txt")
    (tmp_path / "plaatje.png").write_bytes(b"\x89PNG....")
    unsupported = _ingest(tmp_path / "plaatje.png")
    assert isinstance(encrypted, Skipped) and "versleutel" in encrypted.reason
    assert isinstance(corrupt, Skipped) and "beschadigd" in corrupt.reason
    assert isinstance(scanned, Skipped) and "OCR" in scanned.reason
    assert isinstance(empty, Skipped) and "leeg" in empty.reason
    assert isinstance(unsupported, Skipped) and "niet ondersteund" in unsupported.reason


def test_cp1252_text_is_decoded_to_unicode(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes(fixtures.cp1252_text())
    doc = _ingest(path)
    assert "cliëntondersteuner helpt bij één aanvraag – gratis." in doc.text
    assert doc.title == "Cliëntondersteuning voor ouderen"


def test_html_keeps_main_text_only(tmp_path):
    path = tmp_path / "pagina.html"
    path.write_text(fixtures.HTML_PAGE, encoding="utf-8")
    doc = _ingest(path)
    assert "recht op gratis onafhankelijke cliëntondersteuning" in doc.text
    for noise in ("Home", "tracking", "Cookiebeleid", "color:red"):
        assert noise not in doc.text
    assert doc.title == "Onafhankelijke cliëntondersteuning"
    assert doc.passages[-1].section == "Hoe vraag ik het aan?"
    assert "- Bel het Wmo-loket." in doc.passages[-1].text


def test_docx_headings_lists_and_tables(tmp_path):
    doc = _ingest(fixtures.make_docx(tmp_path / "instructie.docx"))
    assert doc.title == "Werkinstructie cliëntondersteuning"
    sections = [p.section for p in doc.passages]
    assert "Wie mag ondersteunen?" in sections
    assert "- Vrijwilligers krijgen een training van drie dagdelen." in doc.text
    assert "Telefoon | 14 020" in doc.text


def test_markdown_headings_are_sections(tmp_path):
    path = tmp_path / "notitie.md"
    path.write_text(
        "# Notitie\n\nInleiding over de Wmo.\n\n## Budget\n\nHet budget is 8 miljoen euro.\n", encoding="utf-8"
    )
    doc = _ingest(path)
    assert doc.title == "Notitie"
    assert doc.passages[-1].section_path == ["Budget"]  # the lone top heading is the title, not a section


@pytest.mark.parametrize(("name", "text", "kept", "gone"), [
    # a law's member with its formula as an exported illustration (wetten.overheid.nl)
    ("wet.md", "# Wet werk en bijstand\n\n## Artikel 22a\n\n1. De norm bedraagt: "
     "![254404](http://wetten.overheid.nl/Illustration/254404) waarin A staat voor het aantal personen.\n",
     "De norm bedraagt:  waarin A staat voor het aantal personen.", "254404"),
    # a policy text's figure as an image file, and one with a real description
    ("kader.md", "# Waarderingskader\n\n## Criteria\n\nHet kader kent vier criteria. ![](figuur1.png)\n"
     "![Schema van de vier criteria](img/schema.png)\n", "Schema van de vier criteria", "figuur1"),
])
def test_a_markdown_image_gives_its_alt_text_but_never_an_id_or_a_file_name(tmp_path, name, text, kept, gone):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = _ingest(path)
    assert kept in doc.text and gone not in doc.text and "http" not in doc.text


def test_pdf_wrapped_paragraphs_are_reflowed_into_running_text(tmp_path):
    long = ("De cliëntondersteuner helpt inwoners bij vragen over zorg, welzijn, wonen, werk en inkomen, "
            "en denkt onafhankelijk mee over de mogelijkheden in hun eigen netwerk en in de gemeente. ") * 3
    path = fixtures.make_simple_pdf(tmp_path / "folder.pdf", [long.strip(), "Bel voor een afspraak met het wijkteam."],
                                    title="Cliëntondersteuning in Voorbeeldstad")
    doc = _ingest(path)
    assert doc.title == "Cliëntondersteuning in Voorbeeldstad"
    assert long.strip() in doc.text  # one paragraph again, not broken at the PDF's line ends
    assert doc.passages[0].text.startswith("Cliëntondersteuning in Voorbeeldstad\n\nDe cliëntondersteuner helpt")
    assert doc.passages[0].section_path == []  # the title is the document's, not a section


# Text wrapped at a fixed width, as an editor writes Markdown and a plain-text export writes a policy PDF or a law.
WRAPPED = {
    "beleidsplan.md": (
        "# Beleidsplan sociaal domein\n\n## Cliëntondersteuning\n\n"
        "De gemeente zorgt ervoor dat onafhankelijke cliëntondersteuning\n"
        "beschikbaar is voor alle inwoners die dat nodig hebben. Het college\n"
        "stelt daarvoor jaarlijks een budget vast van ten minste 40.000 euro.\n\n"
        "Inwoners kunnen zich melden bij het wijkteam:\n- telefonisch via het algemene nummer van\n"
        "  de gemeente;\n- aan de balie van het gemeentehuis.\n\nWijkteam Centrum\nPostbus 12\n1234 AB Voorbeeldstad\n",
        ["Beleidsplan sociaal domein", "Cliëntondersteuning"],
        ["De gemeente zorgt ervoor dat onafhankelijke cliëntondersteuning beschikbaar is voor alle inwoners die dat "
         "nodig hebben.", "Het college stelt daarvoor jaarlijks een budget vast van ten minste 40.000 euro.",
         "- telefonisch via het algemene nummer van de gemeente;", "Postbus 12", "1234 AB Voorbeeldstad"],
    ),
    "verordening.txt": (
        "Verordening cliëntondersteuning\n\nArtikel 3 Aanvraag\n"
        "1. Het college beslist binnen acht weken op een aanvraag om cliënt-\n"
        "ondersteuning, tenzij de aanvrager om uitstel heeft gevraagd, en over zorg-\n"
        "en welzijnsdiensten.\n"
        "2. De aanvraag bevat in ieder geval:\na. de naam en het adres van de\naanvrager;\n"
        "b. de reden van de aanvraag.\n\nLoket Wmo\nPostbus 12\n1234 AB Voorbeeldstad\n",
        ["Artikel 3 Aanvraag"],
        ["1. Het college beslist binnen acht weken op een aanvraag om cliëntondersteuning, tenzij de aanvrager om "
         "uitstel heeft gevraagd, en over zorg- en welzijnsdiensten.", "a. de naam en het adres van de aanvrager;",
         "b. de reden van de aanvraag.",
         "Postbus 12", "1234 AB Voorbeeldstad"],  # an address keeps its lines
    ),
}


@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_text_wrapped_at_a_fixed_width_is_read_as_running_sentences_in_markdown_and_plain_text(tmp_path, name):
    """A wrapped line is no sentence and no heading of its own: "De gemeente
    zorgt ervoor dat onafhankelijke cliëntondersteuning" headed the section it
    stood in. Headings above a paragraph, list items (their own wrapped lines
    joined), and an address's short lines keep their lines."""
    from ingest.sentences import split_sentences

    text, path, sentences = WRAPPED[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    doc = _ingest(tmp_path / name)
    found = [s for p in doc.passages for s in split_sentences(p.text)]
    assert all(s in found for s in sentences), found
    holding = next(p for p in doc.passages if sentences[0] in p.text)
    assert [h for h in holding.section_path if h != doc.title] == [h for h in path if h != doc.title]


# Plain-text exports of PDFs (pdftotext): pages split by form feeds, each with its running header and footer.
PAGED_TEXT = {
    "beleidsplan.txt": ("Beleidsplan Wmo 2025 - Gemeente Voorbeeldstad", "Pagina {n} van 3", [
        "Cliëntondersteuning\n\nDe gemeente biedt onafhankelijke cliëntondersteuning aan alle inwoners.",
        "Het college stelt daarvoor jaarlijks een budget vast van ten minste 40.000 euro voor de\ninzet van "
        "vrijwilligers en beroepskrachten.",
        "Evaluatie\n\nIn 2027 evalueert de gemeente de aanpak met de adviesraad.",
    ], "Het college stelt daarvoor jaarlijks een budget vast van ten minste 40.000 euro voor de inzet van "
       "vrijwilligers en beroepskrachten."),
    "verordening.txt": ("Verordening cliëntondersteuning Voorbeeldstad 2025", "- {n} -", [
        "Artikel 1 Begrippen\n\nIn deze verordening wordt verstaan onder cliëntondersteuning: onafhankelijke",
        "ondersteuning met informatie, advies en algemene cliëntondersteuning.\n\nArtikel 2 Aanbod",
        "Het college draagt zorg voor een passend aanbod.",
    ], "In deze verordening wordt verstaan onder cliëntondersteuning: onafhankelijke ondersteuning met informatie, "
       "advies en algemene cliëntondersteuning."),
}


@pytest.mark.parametrize("name", sorted(PAGED_TEXT))
def test_a_plain_text_export_of_a_pdf_loses_its_running_header_and_footer_in_a_policy_plan_and_a_regulation(
    tmp_path, name
):
    """As the PDF reader does: what every page repeats at its top or bottom is
    no text, and a sentence runs on over the page break."""
    from ingest.sentences import split_sentences

    header, footer, pages, across = PAGED_TEXT[name]
    text = "\f".join(f"{header}\n\n{body}\n\n{footer.format(n=n)}\n" for n, body in enumerate(pages, start=1))
    (tmp_path / name).write_text(text, encoding="utf-8")
    doc = _ingest(tmp_path / name)
    assert header not in doc.text and footer.format(n=2) not in doc.text
    assert across in [s for p in doc.passages for s in split_sentences(p.text)]
    assert pages[-1].split("\n")[-1] in doc.text  # the last page's own text stays


# Text outside paragraph tags: a law page's members as text in a div, a CMS page's intro in a section.
LOOSE_HTML = {
    "wet.html": (
        "<html><body><main><h1>Wet maatschappelijke ondersteuning 2015</h1><h4>Artikel 2.2.4</h4>"
        "<div class='lid'><span class='lidnr'>1.</span> Het college draagt er zorg voor dat cliëntondersteuning "
        "beschikbaar is.</div><div class='lid'><span class='lidnr'>2.</span> Het aanbod van voorzieningen is:"
        "<ul><li>a. passend;</li><li>b. onafhankelijk.</li></ul></div></main></body></html>",
        ["1. Het college draagt er zorg voor dat cliëntondersteuning beschikbaar is.",
         "2. Het aanbod van voorzieningen is:\n\na. passend;\nb. onafhankelijk."],
    ),
    "pagina.html": (
        "<html><body><nav>Home</nav><div id='content'><h1>Cliëntondersteuning</h1><section class='intro'>"
        "Iedere inwoner kan <a href='/hulp'>gratis hulp</a> krijgen van een <b>onafhankelijke</b> "
        "cliëntondersteuner.</section><p>Bel het Wmo-loket.</p><div class='contact'>Wmo-loket,<br>"
        "Postbus 12</div></div></body></html>",
        ["Iedere inwoner kan gratis hulp krijgen van een onafhankelijke cliëntondersteuner.", "Bel het Wmo-loket.",
         "Wmo-loket,", "Postbus 12"],
    ),
}


@pytest.mark.parametrize("name", sorted(LOOSE_HTML))
def test_html_text_outside_paragraph_tags_is_kept_in_a_law_page_and_a_municipal_page(tmp_path, name):
    """A member written as text in a div was dropped whole: only its list
    items came through, each with an extra "- " before its own "a."."""
    html, kept = LOOSE_HTML[name]
    (tmp_path / name).write_text(html, encoding="utf-8")
    doc = _ingest(tmp_path / name)
    for text in kept:
        assert text in doc.text, doc.text
    assert "Home" not in doc.text and "- a." not in doc.text


def test_html_nested_deeper_than_the_recursion_limit_is_read(tmp_path):
    path = tmp_path / "diep.html"
    path.write_text("<html><body>" + "<div>" * 3000 + "Het college beslist binnen acht weken." + "</div>" * 3000
                    + "</body></html>", encoding="utf-8")
    assert "Het college beslist binnen acht weken." in _ingest(path).text


def _docx_with_numbering(path: Path, levels: list[tuple[str, str]], paragraphs: list[tuple[str, str, int | None]],
                         start: str = "1") -> Path:
    """A Word file whose paragraphs ``(style, text, level)`` are numbered by one
    multilevel list of ``levels`` ``(numFmt, lvlText)``, as Word writes it:
    the numbers live in the numbering part, not in the text."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    numbering = d.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                   f"</w:lvl>" for i, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for style, text, level in paragraphs:
        paragraph = d.add_paragraph(text, style=style)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    d.save(str(path))
    return path


def test_word_automatic_numbering_gives_members_parts_and_numbered_headings_in_a_regulation_and_a_policy_note(
    tmp_path
):
    """A regulation typed in Word numbers its members and parts automatically;
    without the numbers the members had no locator ("artikel 3, tweede lid")."""
    from ingest.chunking import span_locator

    members = [("decimal", "%1."), ("lowerLetter", "%2.")]
    regulation = _ingest(_docx_with_numbering(tmp_path / "verordening.docx", members, [
        ("Heading 2", "Artikel 3 Aanvraag", None),
        ("List Paragraph", "Het college beslist binnen acht weken op een aanvraag.", 0),
        ("List Paragraph", "De aanvraag bevat in ieder geval:", 0),
        ("List Paragraph", "de naam van de aanvrager;", 1),
        ("List Paragraph", "de reden van de aanvraag.", 1),
        ("List Paragraph", "Het college kan nadere regels stellen.", 0),
    ]))
    for line in ("1. Het college beslist binnen acht weken", "2. De aanvraag bevat in ieder geval:",
                 "a. de naam van de aanvrager;", "b. de reden van de aanvraag.", "3. Het college kan nadere regels"):
        assert line in regulation.text, regulation.text
    article = next(p for p in regulation.passages if "2. De aanvraag" in p.text)
    quote = article.text.index("De aanvraag bevat")
    assert span_locator(article, quote, quote + 20) == "artikel 3, tweede lid"  # the member a quote stands in

    damaged = _ingest(_docx_with_numbering(tmp_path / "beschadigd.docx", members, [
        ("List Paragraph", "Het college beslist binnen acht weken.", 0)], start="x"))  # a malformed start
    assert "1. Het college beslist binnen acht weken." in damaged.text  # counted from the default, nothing lost

    note = _ingest(_docx_with_numbering(tmp_path / "beleidsnotitie.docx", [("decimal", "%1"), ("decimal", "%1.%2")], [
        ("Heading 1", "Inleiding", 0),
        ("Heading 2", "Aanleiding", 1),
        ("Normal", "De gemeente herziet haar aanpak van cliëntondersteuning.", None),
        ("Heading 2", "Doel", 1),
        ("Normal", "Iedere inwoner weet waar hij terecht kan.", None),
        ("Heading 1", "Aanpak", 0),
        ("Normal", "De gemeente werkt met een vast aanspreekpunt per wijk.", None),
    ]))
    sections = {p.section for p in note.passages}
    assert {"1.1 Aanleiding", "1.2 Doel", "2 Aanpak"} <= sections, sections


def _docx_with_table_and_contents(path: Path, headings: list[str], table_after: str) -> Path:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    d.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_heading("Voorbeeldstad", level=0)
    for i, heading in enumerate(headings, start=3):
        d.add_paragraph(f"{heading}\t{i}", style="TOC 1")
    for heading in headings:
        d.add_heading(heading, level=1)
        d.add_paragraph(f"Tekst onder {heading.lower()}.")
        if heading == table_after:
            table = d.add_table(rows=1, cols=2)
            table.cell(0, 0).text = "Cliëntondersteuning"
            table.cell(0, 1).text = "450.000 euro"
    d.save(str(path))
    return path


@pytest.mark.parametrize(("name", "headings", "table_after"), [
    ("beleidsplan.docx", ["1. Inleiding", "2. Financiën", "3. Evaluatie"], "2. Financiën"),  # a policy plan
    ("verordening.docx", ["Artikel 1 Begrippen", "Artikel 2 Budget", "Artikel 3 Citeertitel"], "Artikel 2 Budget"),
])
def test_docx_tables_stay_in_their_section_and_word_contents_stay_out(tmp_path, name, headings, table_after):
    doc = _ingest(_docx_with_table_and_contents(tmp_path / name, headings, table_after))
    holding = next(p for p in doc.passages if "450.000 euro" in p.text)
    assert holding.section_path[-1] == table_after
    assert f"{headings[0]}\t3" not in doc.text and "\t" not in doc.text


# One table of a youth-justice guideline (Halt penalties, exported with "---" for
# empty cells) and one of an order's annex (the measures a budget is divided by).
_HALT_ROWS = [("141. Openlijk geweld", "+6"), ("142. Misbruik maken van alarmnummers", "+4"),
              ("350. Vernieling", "+4"), ("453. Openbare dronkenschap", "+4")]
_BUDGET_ROWS = [("1.", "Aantal bijstandsontvangers", "CBS"), ("2.", "Aantal WW-ontvangers", "CBS")]


def _table_document(tmp_path: Path, kind: str) -> tuple[Path, list[str]]:
    """The same kind of table as Markdown (two documents), HTML and Word; the rows it must give."""
    if kind == "guideline.md":
        body = "\n".join(f"| --- | {a} | {b} | --- |" for a, b in _HALT_ROWS)
        text = ("# Richtlijn jeugd\n\n## Strafmaat Halt\n\n|--- | Delict | Uren | --- |\n|:---|:---|:---|:---|\n"
                f"{body}\n| --- | --- | --- | --- |\n")
        path, rows = tmp_path / kind, ["| Delict | Uren |", *(f"| {a} | {b} |" for a, b in _HALT_ROWS)]
        path.write_text(text, encoding="utf-8")
    elif kind == "order.md":
        body = "\n".join(f"| {a}  | {b}  | {c}  |" for a, b, c in _BUDGET_ROWS)
        text = f"# Besluit participatiebudget\n\n## Bijlage\n\n| Verdeelmaatstaf  | Bron  |\n|:---|:---|\n{body}\n"
        rows = ["| Verdeelmaatstaf | Bron |", *(f"| {a} | {b} | {c} |" for a, b, c in _BUDGET_ROWS)]
        path = tmp_path / kind
        path.write_text(text, encoding="utf-8")
    elif kind == "tarieven.html":
        cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td></td></tr>" for a, b in _HALT_ROWS)
        html = (f"<html><body><main><h1>Tarieven</h1><h2>Strafmaat</h2><p>Zie de tabel.</p><table>"
                f"<tr><th>Delict</th><th>Uren</th></tr>{cells}</table></main></body></html>")
        path, rows = tmp_path / kind, ["| Delict | Uren |", *(f"| {a} | {b} |" for a, b in _HALT_ROWS)]
        path.write_text(html, encoding="utf-8")
    else:
        import docx

        d = docx.Document()
        d.add_heading("Tarieven", level=0)
        d.add_heading("Strafmaat", level=1)
        table = d.add_table(rows=len(_HALT_ROWS), cols=2)
        for i, (a, b) in enumerate(_HALT_ROWS):
            table.cell(i, 0).text, table.cell(i, 1).text = a, b
        path, rows = tmp_path / kind, [f"| {a} | {b} |" for a, b in _HALT_ROWS]
        d.save(str(path))
    return path, rows


@pytest.mark.parametrize("kind", ["guideline.md", "order.md", "tarieven.html", "tarieven.docx"])
def test_a_table_row_is_one_line_and_one_sentence_in_every_format(tmp_path, kind):
    from ingest.sentences import split_sentences

    path, rows = _table_document(tmp_path, kind)
    doc = _ingest(path)
    for row in rows:  # the one row form, empty cells and separator rows gone, the row number kept
        assert f"\n{row}\n" in f"\n{doc.text}\n"
    assert "---" not in doc.text and "||" not in doc.text
    holding = next(p for p in doc.passages if rows[-1] in p.text)
    sentences = split_sentences(holding.text)
    assert all(row in sentences for row in rows if row in holding.text)  # never cut at "141."


def test_a_long_table_is_cut_into_passages_between_rows_only(tmp_path):
    rows = [f"| {100 + i}. Overtreding nummer {i} van de verordening over overlast in de openbare ruimte | +{i % 9} |"
            for i in range(60)]
    path = tmp_path / "strafmaten.md"
    path.write_text("# Strafmaten\n\n## Tabel\n\n| Feit | Uren |\n|:---|:---|\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    doc = _ingest(path)
    assert len(doc.passages) > 1
    for p in doc.passages:
        body = [line for line in p.text.split("\n") if line.startswith("|")]
        assert body and all(line in rows or line == "| Feit | Uren |" for line in body)


def test_a_passage_that_continues_a_table_is_indexed_with_its_header_row_in_a_guideline_and_a_word_report(tmp_path):
    """Rows without their column names ("| 142. Misbruik … | +4 |") say
    less than they mean; the header row is the continuing passages' context
    (indexed with them, not shown as their text), in Markdown as in Word."""
    import docx

    rows = [f"| {100 + i}. Overtreding nummer {i} van de verordening over overlast in de openbare ruimte | +{i % 9} |"
            for i in range(60)]
    guideline = tmp_path / "strafmaten.md"
    guideline.write_text("# Strafmaten\n\n## Tabel\n\n| Feit | Uren |\n|:---|:---|\n" + "\n".join(rows)
                         + "\n\nNa de tabel volgt de toelichting.\n", encoding="utf-8")
    report = docx.Document()
    report.add_heading("Meldingen per wijk", level=1)
    table = report.add_table(rows=0, cols=3)
    for cells in [("Wijk", "Meldingen", "Toelichting")] + [
        (f"Wijk {i}", str(10 * i), f"Meldingen over cliëntondersteuning in wijk {i}, vooral over de toegang tot zorg")
        for i in range(60)
    ]:
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            cell.text = value
    report.save(str(tmp_path / "rapportage.docx"))
    word_header = "| Wijk | Meldingen | Toelichting |"
    for path, header in ((guideline, "| Feit | Uren |"), (tmp_path / "rapportage.docx", word_header)):
        doc = _ingest(path)
        tabled = [p for p in doc.passages if header in p.text or p.text.startswith("| ")]
        assert len(tabled) > 1 and header in tabled[0].text and tabled[0].context is None
        assert all(p.context == header and header not in p.text for p in tabled[1:])
        assert all(p.context is None for p in doc.passages if p not in tabled)  # the text after the table


# Exported policy texts write a footnote inside the sentence that refers to it, in a superscript.
INLINE_NOTES = {
    "toezichtkader.md": (
        "## 1.2 Werkwijze\n\nHierbij wordt aangegeven wat de consequenties<sup> 11 Een intensiever nader onderzoek "
        "omdat gebleken is dat eerder vertrouwen is beschaamd. </sup> zullen zijn indien later mocht blijken dat de "
        "gemeente niet de waarheid heeft gesproken.\n\nDe uitgangspunten van de inspectie zijn:\n\n"
        "* het stimuleren van gemeenten;\n* het aanspreken van gemeenten.\n\n## 1.3 Werkproces\n\nDe gemeente krijgt "
        "bericht.\n",
        "Hierbij wordt aangegeven wat de consequenties zullen zijn indien later mocht blijken dat de gemeente niet de "
        "waarheid heeft gesproken.",
        "(Noot 11: Een intensiever nader onderzoek omdat gebleken is dat eerder vertrouwen is beschaamd.)",
        "1.2 Werkwijze",
        "De uitgangspunten van de inspectie zijn:\n\n* het stimuleren van gemeenten;",  # a lead-in keeps its list
    ),
    "aanwijzing.md": (
        "# Aanwijzing huiselijk geweld\n\n## Eergerelateerd geweld\n\n"
        "Bij geweld dat verband houdt met een eerconflict<sup> 1 H.B. Ferweda en I. van "
        "Leiden, *Eerwraak of eergerelateerd geweld*, 2005. </sup> wordt opgetreden volgens deze aanwijzing. Het "
        "bevel is een beschikking.<sup>2</sup>\n",
        "Bij geweld dat verband houdt met een eerconflict wordt opgetreden volgens deze aanwijzing.",
        "(Noot 1: H.B. Ferweda en I. van Leiden, *Eerwraak of eergerelateerd geweld*, 2005.)",
        "Eergerelateerd geweld",
        "Het bevel is een beschikking.²",  # a bare number is a marker, set apart from the sentence
    ),
    "circulaire.md": (  # two paragraphs: the note stays with the first, where its sentence is
        "# Circulaire\n\n## 2.1 Toelichting\n\nHet bevel is een beschikking.<sup> 4 Zie artikel 1:3 van de Awb. "
        "</sup> Het wordt schriftelijk gegeven.\n\nDe burgemeester hoort de ouders vooraf.\n",
        "Het bevel is een beschikking.",
        "(Noot 4: Zie artikel 1:3 van de Awb.)",
        "2.1 Toelichting",
        "Het wordt schriftelijk gegeven.\n\n(Noot 4: Zie artikel 1:3 van de Awb.)\n\nDe burgemeester hoort de ouders",
    ),
}


@pytest.mark.parametrize("name", sorted(INLINE_NOTES))
def test_a_footnote_written_inside_a_sentence_follows_its_paragraph_in_a_framework_a_guideline_and_a_circular(
    tmp_path, name
):
    """"wat de consequenties<sup> 11 Een intensiever … </sup> zullen zijn" was
    one sentence broken in two around the note, and quoted so. The sentence
    is whole again; the note follows its paragraph (after a lead-in's list,
    never between the two), so it stays in that passage; a bare number stays
    a marker."""
    from ingest.sentences import split_sentences

    text, sentence, note, section, kept = INLINE_NOTES[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    doc = _ingest(tmp_path / name)
    found = [s for p in doc.passages for s in split_sentences(p.text)]
    assert sentence in found and note in found
    holding = next(p for p in doc.passages if note in p.text)
    assert holding.section_path[-1] == section
    assert "<sup>" not in doc.text and doc.text.index(note) > doc.text.index(sentence)
    assert kept in doc.text
