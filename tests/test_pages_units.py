"""The pieces of the adviser pages (service/pages.py) on their own."""

from __future__ import annotations

from service.pages import example_questions, find_quote, matched_words, snippet
from service.settings import Settings


def test_quote_is_found_exactly_or_despite_case_spacing_and_punctuation():
    text = "Het college beslist binnen acht weken.\nDe aanvrager krijgt bericht."
    s, e = find_quote(text, "binnen acht weken")
    assert (s, e) == (20, 37) and text[s:e] == "binnen acht weken"
    s, e = find_quote(text, "het  COLLEGE beslist")
    assert text[s:e] == "Het college beslist"
    s, e = find_quote(text, "weken. De aanvrager")  # a quote across a line break
    assert text[s:e] == "weken.\nDe aanvrager"
    assert find_quote(text, "staat er niet") is None and find_quote(text, "  ") is None


def test_matched_words_use_the_index_analysis_stems_and_compound_parts(seed_index):
    text = "Nieuwe koplopergemeenten melden zich aan bij de koploper."
    words = {text[s:e] for s, e in matched_words(text, seed_index, seed_index.analyse("koplopers aanmelden"))}
    assert "koplopergemeenten" in words and "koploper" in words
    assert "Nieuwe" not in words and matched_words(text, seed_index, seed_index.analyse("de het een")) == []


def test_snippet_shows_the_stretch_with_most_matches_and_says_what_was_cut():
    text = " ".join(["vulwoord"] * 100 + ["treffer"] * 3 + ["vulwoord"] * 100)
    spans = [(i, i + 7) for i in range(len(text)) if text.startswith("treffer", i)]
    shown, before, after = snippet(text, spans, max_words=20)
    assert before and after
    assert sum(1 for s in shown if s.mark) == 3
    assert len(" ".join(s.text for s in shown).split()) <= 22
    short, before, after = snippet("kort stukje", [], max_words=20)
    assert not before and not after and short[0].text == "kort stukje"


def test_example_questions_come_from_headings_and_are_found_by_search(seed_index):
    questions = example_questions(seed_index, Settings())
    headings = {h for p in seed_index.passages for h in p.section_path}
    assert len(questions) == 3 and len(set(questions)) == 3
    assert all(any(h.endswith(q) for h in headings) for q in questions), questions  # question headings first
    docs = {p.document for p in seed_index.passages for q in questions
            if p.section_path and p.section_path[-1].endswith(q)}
    assert len(docs) >= 2  # spread over the corpus


def test_pages_without_an_index_say_so_in_html_and_the_list_and_chat_pages_still_open(tmp_path):
    from fastapi.testclient import TestClient

    from service.app import create_app

    settings = Settings(index=tmp_path / "geen-index", corpus=tmp_path, feedback_db=tmp_path / "fb.sqlite",
                        reload_interval=0)
    with TestClient(create_app(settings)) as client:
        for path in ("/zoeken?q=test", "/bron/abc", "/documenten"):
            r = client.get(path)
            assert r.status_code == 503 and r.headers["retry-after"] == "2", path
            assert "text/html" in r.headers["content-type"] and "niet beschikbaar" in r.text
        assert client.post("/v1/references", json={"items": [{"passage_id": "a"}]}).status_code == 503
        assert client.get("/bronnenlijst").status_code == 200
        home = client.get("/")
        assert home.status_code == 200 and '<script src="/widget.js"' in home.text
        assert client.get("/assets/pages.js").headers["content-type"].startswith("text/javascript")
        assert client.get("/assets/onbekend.js").status_code == 404


def test_reference_for_a_passage_of_a_removed_document_uses_its_bibliography_as_it_was():
    from types import SimpleNamespace

    from index.history import RetiredPassage
    from service.pages import Pages

    old = RetiredPassage(id="q1", document="b.md", text="Oud.", section_path=["Artikel 3"], page=4,
                         retired_at="2026-02-01T00:00:00+00:00", title="Beleidsregel B", publisher="Gemeente X",
                         date="2020-05-01", source="https://x.nl/b")
    fields = Pages(Settings(), lambda: None).fields(SimpleNamespace(documents={}), old)
    assert (fields.title, fields.publisher, fields.date, fields.source) == (
        "Beleidsregel B", "Gemeente X", "2020-05-01", "https://x.nl/b")
    assert (fields.section, fields.page) == ("Artikel 3", 4)
