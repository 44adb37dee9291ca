"""PDFs printed by a browser (headless Chromium, as ``eval/pdf_corpus.py``
prints the evaluation corpora) from eight documents of the evaluation
corpora (a circular, two laws, a regulation, an order, two prosecution
guidelines, a supervision framework), and by reportlab with footnotes at the
foot of the page, keep the structure their Markdown gives. The other PDF
producer of the tests is reportlab (``tests/law_pdf.py``, in
``test_structure.py``); these PDFs differ in what the reader must not rely
on: a section number set in a bigger type than its title on the line below,
a title wrapped onto a capitalised word, paragraphs set apart by space only,
bullets drawn as shapes, table cells placed by position, ligatures in the
text layer, note marks set small, a dash glued to its item."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from eval.pdf_corpus import print_pdf
from ingest import ingest_file
from ingest.chunking import is_heading_candidate
from ingest.models import Block
from ingest.normalize import clean_line
from ingest.structure import definition_term, numbers_with_titles

ROOT = Path(__file__).resolve().parent.parent
CIRCULAR = ROOT / "eval/corpora/laws-unseen-3/circulaire-burgemeestersbevel-twaalfminners.md"
JEUGDWET = ROOT / "eval/corpora/laws-unseen/jeugdwet.md"
REGELING = ROOT / "eval/corpora/laws-unseen-8/regeling-jeugdwet.md"
RICHTLIJN = ROOT / "eval/corpora/laws-unseen-7/richtlijn-strafvordering-jeugd-en-adolescenten.md"
TOEZICHTKADER = ROOT / "eval/corpora/laws-unseen-9/toezichtkader-wet-kinderopvang.md"
FRAUDE = ROOT / "eval/corpora/laws-unseen-6/aanwijzing-sociale-zekerheidsfraude.md"
WMO = ROOT / "eval/corpora/laws-unseen/wmo-2015.md"
BUDGET = ROOT / "eval/corpora/laws-unseen-5/besluit-participatiebudget.md"


def _lines(path: Path, *spans: tuple[int, int]) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for start, end in spans for line in lines[start - 1 : end])


@pytest.fixture(scope="module")
def printed(browser, tmp_path_factory):
    """Excerpts (or the whole) of eight documents, each printed to PDF once and ingested."""
    folder = tmp_path_factory.mktemp("printed")
    page = browser.new_page()
    docs = {}
    for name, path, title, spans in [
        ("circulaire.pdf", CIRCULAR, "Circulaire Burgemeestersbevel twaalfminners", [(1, 99)]),
        ("jeugdwet.pdf", JEUGDWET, "Jeugdwet", [(1, 146)]),
        ("regeling.pdf", REGELING, "Regeling Jeugdwet", [(334, 350)]),
        ("richtlijn.pdf", RICHTLIJN, "Richtlijn strafvordering jeugd", [(184, 192), (260, 285)]),
        ("toezichtkader.pdf", TOEZICHTKADER, "Toezichtkader Wet kinderopvang", [(1, 10_000)]),
        ("fraude.pdf", FRAUDE, "Aanwijzing sociale zekerheidsfraude", [(59, 70)]),
        ("wmo.pdf", WMO, "Wet maatschappelijke ondersteuning 2015", [(1, 107)]),
        ("budget.pdf", BUDGET, "Besluit participatiebudget", [(235, 250)]),
    ]:
        pdf = print_pdf(page, _lines(path, *spans), title, folder / name)
        doc = ingest_file(pdf, name)
        assert not hasattr(doc, "reason"), getattr(doc, "reason", "")
        docs[name] = doc
    page.close()
    return docs


def _by_locator(doc, locator: str):
    found = [p for p in doc.passages if p.locator == locator]
    assert found, f"{locator!r} not in {[p.locator for p in doc.passages]}"
    return found[0]


def test_printed_circular_section_numbers_join_their_titles_and_cite_the_right_section(printed):
    doc = printed["circulaire.pdf"]
    assert _by_locator(doc, "p. 1, § 1.1").section_path == ["1 Inleiding", "1.1 Algemeen"]
    later = _by_locator(doc, "p. 2, § 1.2")
    assert later.section_path == ["1 Inleiding", "1.2 Aanleiding circulaire leeswijzer"]
    assert later.text.startswith("1.2 Aanleiding circulaire leeswijzer")
    assert [p.locator for p in doc.passages if "§ 2.2" in p.locator], "section 2.2 lost its own locator"
    assert not any(p.locator.endswith("§ 1.1") for p in doc.passages if "2.2 Doel" in " ".join(p.section_path))


def test_printed_title_wrapped_onto_a_capitalised_word_is_one_heading(printed):
    """The title wraps before "Gemeentewet"; "Gemeentewet" is also, in a small
    type, the title of article 172b on the same page."""
    doc = printed["circulaire.pdf"]
    assert all(p.section_path[:1] != ["Gemeentewet"] for p in doc.passages)
    assert _by_locator(doc, "artikel 172b").section_path[-1] == "Artikel 172b. Gemeentewet"


def test_printed_quoted_section_title_is_a_heading(printed):
    doc = printed["circulaire.pdf"]
    quoted = [p for p in doc.passages if p.locator.endswith("§ 3.1")]
    assert quoted and quoted[0].section_path[-1] == "3.1 ‘Herhaalde groepsgewijze verstoring van de openbare orde’"


def test_printed_ligatures_are_letters_again(printed):
    text = " ".join(p.text for p in printed["circulaire.pdf"].passages)
    assert "desbetreffende kind" in text
    assert not any(ch in text for ch in "ﬀﬁﬂﬃﬄ")


def test_printed_law_definitions_are_one_passage_per_term(printed):
    """The space between paragraphs tells one definition from the next, and a
    term alone on its line ("– jeugdhulp:", the dash glued to it) heads the
    parts under it."""
    doc = printed["jeugdwet.pdf"]
    college = _by_locator(doc, "artikel 1.1, onder *college*")
    assert "college van burgemeester en wethouders" in college.text
    assert "calamiteit" not in college.text and "dossier:" not in college.text
    jeugdhulp = _by_locator(doc, "artikel 1.1, onder *jeugdhulp*")
    assert "1°. ondersteuning van en hulp en zorg" in jeugdhulp.text
    assert "jeugdhulpaanbieder" not in jeugdhulp.text
    assert _by_locator(doc, "artikel 1.1, onder *jeugdhulpaanbieder*")


def test_printed_tables_keep_their_rows_whole_and_their_header_is_no_heading(printed):
    """A tariff table of a regulation and a penalty table of a guideline: the
    cells of a row stand apart on one line, in the one row form every reader
    gives ("| 9 t/m 11 jaar | € 543 | € 17,86 |"), and the bold header row
    heads no section. (A cell wrapped over two lines still splits its row.)"""
    tariffs = " ".join(p.text for p in printed["regeling.pdf"].passages)
    assert "| Leeftijd pleegkind | Bedrag per maand | Bedrag per dag |" in tariffs
    assert "| 9 t/m 11 jaar | € 543 | € 17,86 |" in tariffs
    assert all("Leeftijd pleegkind" not in " ".join(p.section_path) for p in printed["regeling.pdf"].passages)
    penalties = printed["richtlijn.pdf"].passages
    text = " ".join(p.text for p in penalties)
    assert "| 16-17 jaar | +4 | na 2 jaar | +4 |" in text and "| 326. Oplichting | +5 |" in text
    assert {p.section_path[-1] for p in penalties} == {"8 Betekenisvolle interventies", "STRAFMAAT HALT"}


def test_printed_table_cell_wrapped_onto_a_second_line_stays_one_cell(printed):
    """pypdf hands a cell's second line over on its row's line: a guideline's
    penalty table and an order's weighting table keep the cell whole."""
    penalties = " ".join(p.text for p in printed["richtlijn.pdf"].passages)
    assert "| 311. (Winkel)diefstal in vereniging | +5 |" in penalties
    assert "| Verzwarende omstandigheden |" in penalties
    weights = " ".join(p.text for p in printed["budget.pdf"].passages)
    assert "| Jaar | Gewicht historische kosten (= 1–a in artikel 2 ) | Gewicht verdeelmodel (= a in artikel 2 ) |" \
        in weights


def test_printed_numbered_members_and_dashed_items_are_no_table(printed):
    """A list's mark stands apart from its item as a first column does."""
    for name in ("jeugdwet.pdf", "richtlijn.pdf"):
        assert not any(line.startswith("| 1. |") or line.startswith("| – |")
                       for p in printed[name].passages for line in p.text.split("\n"))


def test_printed_italic_terms_are_marked_as_markdown_marks_them_however_long(printed):
    """Two laws print their defined terms in italics: terms of more than five
    words (the Jeugdwet's seven, the Wmo 2015's six) are found, and the text
    reads as the Markdown of the same law ("– *accommodatie:* …"). (A term
    wrapped over two lines is not marked.)"""
    jeugdwet = printed["jeugdwet.pdf"]
    long_term = _by_locator(jeugdwet, "artikel 1.1, onder *advies- en meldpunt huiselijk geweld en kindermishandeling*")
    assert long_term.text.startswith("– *advies- en meldpunt huiselijk geweld en kindermishandeling:* advies-")
    assert _by_locator(jeugdwet, "artikel 1.1, onder *gecertificeerde instelling*")  # a ligature in the term
    wmo = printed["wmo.pdf"]
    assert "– *algemene voorziening:* aanbod van diensten" in _by_locator(
        wmo, "artikel 1.1.1, onder *algemene voorziening*").text
    assert _by_locator(wmo, "artikel 1.1.1, onder *geweld bij de verstrekking van een voorziening*")


def test_ligature_characters_become_letters_in_any_text():
    printed = "desbetreﬀende ﬁnanciële ondersteuning, ½ uur"
    assert clean_line(printed) == "desbetreffende financiële ondersteuning, ½ uur"


def test_quoted_short_line_is_a_heading_candidate_only_when_capitalised_and_closed():
    assert is_heading_candidate("‘Ernstige vrees voor verdere verstoring’")
    assert not is_heading_candidate("‘ernstige vrees voor verdere verstoring’")
    assert not is_heading_candidate("‘Ernstige vrees")


def test_term_alone_on_its_line_is_a_definition_only_above_its_parts():
    assert definition_term("jeugdhulp:", listed=True, next_line="1°. ondersteuning van en hulp") == "jeugdhulp"
    assert definition_term("houder:", listed=True, next_line="a. degene aan wie een onderneming") == "houder"
    assert definition_term("met uitzondering van degene:", listed=True, next_line="Het college stelt") is None
    assert definition_term("jeugdhulp:", listed=False, next_line="1°. ondersteuning") is None


def test_bare_section_number_joins_the_title_heading_under_it_from_any_reader():
    """Markdown ("### 2.1" / "####Toelichting"), HTML and PDF blocks alike."""
    blocks = [
        Block("2", kind="heading", level=2, page=3), Block("Doel en achtergrond", kind="heading", level=3, page=3),
        Block("2.1", kind="heading", level=2, page=3), Block("Toelichting amendement", kind="heading", level=2, page=4),
        Block("Tekst.", page=4), Block("3", kind="heading", level=2), Block("4", kind="heading", level=2),
    ]
    out = numbers_with_titles(blocks)
    assert [(b.text, b.level, b.page) for b in out if b.kind == "heading"] == [
        ("2 Doel en achtergrond", 2, 3), ("2.1 Toelichting amendement", 2, 3), ("3", 2, None), ("4", 2, None),
    ]


def test_html_section_number_heading_joins_its_title(tmp_path):
    page = tmp_path / "beleid.html"
    page.write_text(
        "<html><body><h1>Beleidsplan</h1><h3>2.1</h3><h4>Toelichting amendement</h4>"
        "<p>Het amendement voegt een bevoegdheid toe aan de Gemeentewet.</p></body></html>", encoding="utf-8")
    doc = ingest_file(page, page.name)
    assert doc.passages[0].section_path[-1] == "2.1 Toelichting amendement"
    assert doc.passages[0].locator == "§ 2.1"


def test_pdf_corpus_prints_each_document_renames_the_manifest_and_points_questions_at_the_pdfs(browser, tmp_path):
    """``python -m eval.pdf_corpus``: the same questions, asked of the printed corpus."""
    import json

    from eval.pdf_corpus import render_corpus, rewrite_questions

    source = tmp_path / "md"
    source.mkdir()
    markdown = "##Regeling\n\n### 1\n\n####Doel\n\nDe regeling geldt tot 2030.\n"
    (source / "regeling.md").write_text(markdown, encoding="utf-8")
    (source / "manifest.toml").write_text('[files."regeling.md"]\ntitle = "Voorbeeldregeling"\n', encoding="utf-8")
    questions = tmp_path / "set.jsonl"
    questions.write_text(json.dumps({"id": "q1", "question": "Tot wanneer?", "evidence": [
        {"document": "regeling.md", "quote": "De regeling geldt tot 2030."}]}) + "\n" + json.dumps(
        {"id": "q2", "question": "Wie?", "evidence": [{"document": None, "quote": "geldt tot 2030"}]}) + "\n",
        encoding="utf-8")
    target = tmp_path / "pdf"
    assert render_corpus(source, target, browser=browser) == [target / "regeling.pdf"]
    assert '[files."regeling.pdf"]' in (target / "manifest.toml").read_text(encoding="utf-8")
    rewrite_questions(questions, target / "set.jsonl")
    first, second = map(json.loads, (target / "set.jsonl").read_text(encoding="utf-8").splitlines())
    assert first["evidence"] == [{"document": "regeling.pdf", "quote": "De regeling geldt tot 2030."}]
    assert second["evidence"] == [{"document": None, "quote": "geldt tot 2030"}]
    doc = ingest_file(target / "regeling.pdf", "regeling.pdf")
    assert doc.passages[0].section_path == ["1 Doel"] and "De regeling geldt tot 2030." in doc.passages[0].text


def test_printed_paragraph_running_over_a_page_break_stays_one_paragraph(printed):
    """No passage of a printed framework, circular or law starts in the middle
    of a sentence that began on the page before ("… betekent dat" | "de
    inspecteur het nader onderzoek verbreedt …" in the framework)."""
    starts = [p.text[:40] for name in ("toezichtkader.pdf", "circulaire.pdf", "jeugdwet.pdf")
              for p in printed[name].passages]
    assert not [s for s in starts if s[:1].islower()]


def test_page_break_joins_only_a_sentence_left_open():
    from ingest.readers.pdf import _runs_on

    assert _runs_on(Block("Een ontkennend antwoord betekent dat", page=4), Block("de inspecteur verbreedt.", page=5))
    assert not _runs_on(Block("Het onderzoek is afgerond.", page=4), Block("daarna volgt een oordeel.", page=5))
    assert not _runs_on(Block("Het college stelt vast", page=4), Block("De raad besluit.", page=5))
    assert not _runs_on(Block("Doel", kind="heading", page=4), Block("de regeling geldt.", page=5))


def test_printed_footnote_marks_leave_the_words_they_follow(printed):
    """A note's mark, set small after a word, made "voortvarende14" and
    "ouders2" of the words in a framework and a circular."""
    framework = " ".join(p.text for p in printed["toezichtkader.pdf"].passages)
    assert "voortvarende handhaving" in framework and "professional judgement aangeven" in framework
    assert "voortvarende14" not in framework and "LRKP13" not in framework
    circular = " ".join(p.text for p in printed["circulaire.pdf"].passages)
    assert "Dat zijn in de regel de ouders" in circular and "ouders2" not in circular
    assert "(Noot 1: Kamerstukken II, 2013–2014, 31 322-255.)" in framework  # the notes themselves stay


def test_printed_bullets_drawn_as_shapes_still_make_a_list_under_its_lead_in(printed):
    """A browser draws a list's bullets: the items are lines in lower case
    under a lead-in, in a framework and in a prosecution guideline."""
    framework = [p.text for p in printed["toezichtkader.pdf"].passages]
    assert any("- het stimuleren van gemeenten om aan de wettelijke eisen te voldoen,\n"
               "- het aanspreken van gemeenten" in t for t in framework)
    guideline = " ".join(p.text for p in printed["fraude.pdf"].passages)
    assert "- vóór inwerkingtreding van deze aanwijzing." in guideline
    assert "\n- in een onderzoek naar fraude zonder (de mogelijkheid tot) schade-indicatie vooraf." in guideline


def test_printed_note_marks_go_but_exponents_and_subscripts_stay(browser, tmp_path):
    markdown = ("##Notitie\n\nHet beleid<sup>3</sup> geldt voor woningen van 50 m<sup>2</sup> en meer. "
                "De CO<sub>2</sub>-uitstoot daalt, zo blijkt uit het rapport.<sup>12</sup> Dat is alles. "
                "Alle slachtoffers<sup>7</sup> worden gehoord.\n")
    page = browser.new_page()
    pdf = print_pdf(page, markdown, "Notitie", tmp_path / "notitie.pdf")
    page.close()
    text = ingest_file(pdf, pdf.name).passages[0].text
    assert "Het beleid geldt voor woningen van 50 m2 en meer." in text
    assert "De CO2-uitstoot daalt, zo blijkt uit het rapport. Dat is alles." in text
    assert "Alle slachtoffers worden gehoord." in text  # the mark stood where the space was


def _with_foot_notes(markdown: str, path: Path, title: str) -> Path:
    """A document as a word processor prints it: each paragraph's notes
    ("<sup> 21 Wetboek …</sup>" in the Markdown) at the foot of the page the
    paragraph ends on, under a short rule, in 8 pt; a raised mark in the text."""
    import re

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=14, spaceAfter=7)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=6, spaceAfter=4)
    pending: dict[int, list[str]] = {}

    class Noted(Paragraph):
        """A paragraph that carries its notes to the page it ends on."""

        def __init__(self, text, style, notes=(), **kw):
            super().__init__(text, style, **kw)
            self.notes = list(notes)

        def split(self, avail_width, avail_height):
            parts = super().split(avail_width, avail_height)
            if parts:
                parts[-1].notes = self.notes
            return parts

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable):
            pending.setdefault(self.page, []).extend(getattr(flowable, "notes", []))

    def foot(canvas, doc):
        notes = pending.get(doc.page, [])
        canvas.saveState()
        canvas.line(60, 40 + 10 * len(notes) + 4, 160, 40 + 10 * len(notes) + 4)
        canvas.setFont("Times-Roman", 8)
        for i, note in enumerate(notes):
            canvas.drawString(60, 40 + 10 * (len(notes) - 1 - i), note[:140])
        canvas.restoreState()

    width, height = A4
    doc = Doc(str(path), pagesize=A4, title=title)
    doc.addPageTemplates([PageTemplate(frames=[Frame(60, 130, width - 120, height - 190)], onPageEnd=foot)])
    story = []
    for line in markdown.splitlines():
        line = re.sub(r"\s+", " ", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)).replace("*", "").strip()
        if not line or line.startswith("<meta"):
            continue
        heading = re.match(r"^#+\s*(.+)$", line)
        if heading:
            story.append(Paragraph(escape(heading.group(1)), head))
            continue
        notes = [f"{n} {text.strip()}" for n, text in re.findall(r"<sup>\s*(\d+)\s+(.+?)</sup>", line)]
        text = re.sub(r"<sup>\s*(\d+)\s+.+?</sup>", "\x00\\1\x01", line)
        text = escape(text).replace("\x00", "<super>").replace("\x01", "</super>")
        story.append(Noted(text, body, notes))
    doc.build(story)
    return path


@pytest.mark.parametrize("source, lines, note, runs_on", [
    (CIRCULAR, (1, 99), "(Noot 2: In het hiernavolgende worden onder ‘ouders’",
     "Dat zijn in de regel de ouders"),
    (ROOT / "eval/corpora/laws-unseen-5/aanwijzing-slachtofferzorg.md", (1, 90),
     "(Noot 5: Zie Aanwijzing Opsporing en vervolging inzake seksueel misbruik.)",
     "Tevens informeert de politie in een vroegtijdig stadium"),
])
def test_foot_of_page_notes_follow_their_paragraph_and_leave_the_text_whole(tmp_path, source, lines, note, runs_on):
    """A circular and a victims' guideline printed with footnotes at the foot
    of their pages: each note becomes "(Noot N: …)" after the text, no note
    line is left inside a sentence, and no mark is glued to its word."""
    pdf = _with_foot_notes(_lines(source, lines), tmp_path / "noten.pdf", "Noten")
    doc = ingest_file(pdf, pdf.name)
    assert not hasattr(doc, "reason"), getattr(doc, "reason", "")
    text = "\n".join(p.text for p in doc.passages)
    assert note in text
    sentence = next(p.text for p in doc.passages if runs_on in p.text)
    assert "(Noot" not in sentence.split(runs_on, 1)[1].split(".", 1)[0]
    import re
    assert not re.search(r"[a-z]{3}\d{1,2}\b", text.replace("art", ""))


@pytest.mark.parametrize(("name", "markdown", "subheading", "numbered", "next_section"), [
    (  # a supervision framework: "Oordeel en statustoekenning" in italics under "2.3"
        "kader.pdf",
        "##Waarderingskader\n\n### 2.3  \n\n####Oordeel en inzicht\n\nDe inspectie vormt een oordeel over de "
        "uitvoering door de gemeente.\n\n### *Oordeel en statustoekenning* \n\nDe gemeente krijgt een A-, B- of "
        "C-status.\n\n### 2.4  \n\n####Rapportage\n\nHet rapport wordt openbaar gemaakt op de website.\n",
        "Oordeel en statustoekenning", "2.3 Oordeel en inzicht", "2.4 Rapportage",
    ),
    (  # a tax decision: "Goedkeuring" and "Toelichting" in italics under its section 2
        "besluit.pdf",
        "##Erfbelasting, partnerregeling\n\n### 2  \n\n####Goedkeuring voor de jaren 2010 en 2011\n\nDit onderdeel "
        "regelt de jaren 2010 en 2011.\n\n### *Goedkeuring* \n\nIk keur goed dat de eis van een mantelzorgcompliment "
        "niet geldt.\n\n### 3  \n\n####Inwerkingtreding\n\nDit besluit treedt in werking met ingang van heden.\n",
        "Goedkeuring", "2 Goedkeuring voor de jaren 2010 en 2011", "3 Inwerkingtreding",
    ),
])
def test_printed_italic_subheading_of_a_numbered_section_sits_under_it(
    browser, tmp_path, name, markdown, subheading, numbered, next_section,
):
    """The PDF of a framework or a decision sets a lesser heading in italics in the type of
    its numbered sections: as in the Markdown, it sits under the section before it and the
    next section closes it (before, it headed every later section)."""
    page = browser.new_page()
    pdf = print_pdf(page, markdown, name, tmp_path / name)
    page.close()
    doc = ingest_file(pdf, pdf.name)
    under = next(p for p in doc.passages if p.section_path[-1:] == [subheading])
    assert under.section_path[-2:] == [numbered, subheading]
    after = next(p for p in doc.passages if p.section_path[-1:] == [next_section])
    assert subheading not in after.section_path


@pytest.mark.parametrize(("name", "markdown", "expected"), [
    (  # a subsidy regulation's annex, an accountant's protocol: every heading in italics
        "protocol.pdf",
        "##Subsidieregeling kinderopvang\n\n###*1. Het accountantsonderzoek*\n\nBij de controle volgt de accountant "
        "dit protocol.\n\n###*1.1 Het onderwerp van onderzoek*\n\nDe accountant controleert de declaratie van de "
        "kosten.\n\n###*2. De declaratie*\n\nDe declaratie geeft de opbrengsten en kosten weer.\n",
        [("declaratie van de kosten", ["1. Het accountantsonderzoek", "1.1 Het onderwerp van onderzoek"]),
         ("opbrengsten en kosten", ["2. De declaratie"])],
    ),
    (  # a municipal policy note: numbered chapters and sections set in italics
        "beleidsnota.pdf",
        "# Beleidsnota schuldhulpverlening\n\n## *3 Werkwijze*\n\nDe gemeente werkt wijkgericht.\n\n"
        "## *3.1 Aanmelding*\n\nInwoners melden zich bij het loket.\n\n## *4 Evaluatie*\n\n"
        "De raad ontvangt jaarlijks een verslag.\n",
        [("bij het loket", ["3 Werkwijze", "3.1 Aanmelding"]), ("jaarlijks een verslag", ["4 Evaluatie"])],
    ),
])
def test_printed_numbered_heading_in_italics_closes_the_numbered_section_before_it(
    browser, tmp_path, name, markdown, expected,
):
    """As in the Markdown, a numbered heading printed in italics is the next section, nested by its
    number, not a subheading of the section before it ("2. De declaratie" sat under "1. Het
    accountantsonderzoek")."""
    page = browser.new_page()
    pdf = print_pdf(page, markdown, name, tmp_path / name)
    page.close()
    doc = ingest_file(pdf, pdf.name)
    for snippet, path in expected:
        found = next(p for p in doc.passages if snippet in p.text)
        assert found.section_path == path
