"""The adviser pages (/zoeken, /bron/{id}, /documenten, /bronnenlijst) in real
headless Chromium against the real service, on an index that has been
re-ingested once after a document was edited, so that one passage id has
been retired the way it happens in use."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time

import httpx
import pytest

from tests.conftest import ARTIFACTS, SEED_CORPUS, Server

EDITED_DOC = "003_2d3dbcd927f89d6e.txt"
OLD_SENTENCE = "Diverse tools helpen in deze stap van het proces."
NEW_SENTENCE = "Verschillende instrumenten helpen in deze stap van het proces."
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def edited(tmp_path_factory, embedder, seed_index_dir):
    """Seed corpus indexed, one sentence of the handreiking edited, indexed again."""
    from index.build import BuildSettings, build_index
    from index.store import current_build, read_records

    tmp = tmp_path_factory.mktemp("pages")
    corpus = tmp / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    index_dir = tmp / "index"
    settings = BuildSettings(cache_dir=seed_index_dir / "cache")  # the seed's embeddings: nothing to embed twice
    build_index(corpus, index_dir, embedder, settings)
    _, before = read_records(current_build(index_dir))
    path = corpus / EDITED_DOC
    text = path.read_text(encoding="utf-8")
    assert OLD_SENTENCE in text
    path.write_text(text.replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")
    build_index(corpus, index_dir, embedder, settings)
    _, after = read_records(current_build(index_dir))
    current = {p.id for p in after}
    retired = [p for p in before if p.id not in current]
    assert len(retired) == 1 and OLD_SENTENCE in retired[0].text
    return {"corpus": corpus, "index": index_dir, "retired": retired[0], "passages": after}


@pytest.fixture(scope="module")
def site(edited, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pages-server")
    srv = Server(edited["index"], tmp / "server.log", VRAAGBAAK_CORPUS=str(edited["corpus"]),
                 VRAAGBAAK_FEEDBACK_DB=str(tmp / "feedback.sqlite"))
    srv.wait_ready()
    yield srv
    srv.stop()


# The policy the service is to send with its pages: no inline scripts, nothing from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")


def with_policy(route):
    """Serve each page under the content security policy, so that any inline script or
    foreign resource shows up as a console error."""
    if route.request.resource_type != "document":
        return route.continue_()
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    context.route("**/*", with_policy)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Refused" in m.text else None)
    yield pg
    context.close()
    assert not errors, errors


def search(page, site, query: str):
    page.goto(site.url + "/zoeken")
    page.get_by_label("Zoekwoorden of vraag").fill(query)
    page.get_by_label("Zoekwoorden of vraag").press("Enter")
    page.get_by_role("heading", name="Resultaten").wait_for()


def test_search_with_a_document_filter_keeps_to_that_document_and_marks_the_matched_words(page, site):
    search(page, site, "adviesraden koplopers")
    titles = page.locator("article.result h3").all_inner_texts()
    assert len(set(titles)) > 1  # unfiltered, several documents answer
    page.locator("summary", has_text="Filters").click()
    page.get_by_role("checkbox", name="Project Koplopers Cliëntondersteuning: achtergrondinformatie").check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.get_by_role("heading", name="Resultaten").wait_for()
    assert "document=004_b825544be54e0d5f.txt" in page.url
    titles = page.locator("article.result h3").all_inner_texts()
    assert titles and set(titles) == {"Project Koplopers Cliëntondersteuning: achtergrondinformatie"}
    chosen = page.get_by_role("checkbox", name="Project Koplopers Cliëntondersteuning: achtergrondinformatie")
    assert chosen.is_checked()
    marks = {m.lower() for m in page.locator("article.result mark").all_inner_texts()}
    assert marks and all("advies" in m or "koploper" in m for m in marks), marks


def test_search_pages_through_results_and_a_year_filter_leaves_out_undated_documents(page, site):
    search(page, site, "cliëntondersteuning")
    assert page.locator("article.result").count() == 10
    page.get_by_role("link", name="Pagina 2").click()
    page.get_by_role("heading", name="Resultaten 11–").wait_for()
    page.goto(site.url + "/zoeken?q=cli%C3%ABntondersteuning&van=2019&tot=2019")
    titles = set(page.locator("article.result h3").all_inner_texts())
    assert titles == {"Aanmeldperiode voor nieuwe koplopergemeenten cliëntondersteuning verlengd"}


def test_permalink_shows_the_passage_in_its_document_with_the_quote_marked_and_its_neighbours(page, site, edited):
    search(page, site, "Wie neemt het initiatief?")
    page.locator("article.result h3 a").first.click()
    page.get_by_role("heading", name="Hoe organiseer en versterk je cliëntondersteuning in je gemeente?").wait_for()
    target_url = page.url.split("?")[0]
    page.goto(target_url + "?quote=" + "ook de  gemeenteraad")  # other case and spacing, as pasted from a note
    target = page.locator("article.target")
    assert "Stap 1: Wie neemt het initiatief?" in target.inner_text()
    assert target.locator("mark").inner_text() == "Ook de gemeenteraad"
    assert page.locator(".context").count() >= 2  # the passages around it
    assert "Stap 3" in page.locator(".context").last.inner_text()
    reference = page.locator(".reference .ref-text").inner_text()
    assert reference.startswith("Movisie (z.d.). Hoe organiseer") and f"Vraagbaak: {target_url}" in reference
    assert "“ook de gemeenteraad”" in reference
    page.get_by_role("link", name="Volgende passage").click()
    assert "Stap 2" in page.locator("article.target").inner_text()
    page.get_by_role("link", name="Vorige passage").click()
    assert page.url == target_url
    page.goto(target_url + "?quote=Dit+staat+er+niet")
    assert "staat niet (meer) letterlijk" in page.get_by_role("note").inner_text()


def test_original_source_link_goes_to_the_page_of_a_pdf(tmp_path, embedder):
    """A PDF with a source address in the manifest: the permalink offers the original at the passage's page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from index.build import BuildSettings, build_index
    from index.search import LoadedIndex
    from service.app import create_app
    from service.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdf = canvas.Canvas(str(corpus / "nota.pdf"), pagesize=A4)
    for lines in ([f"Inleiding over de toegang tot ondersteuning in de gemeente, regel {i}." for i in range(40)],
                  ["De wijkteams starten in maart met spreekuren in elke wijk."]):
        for i, line in enumerate(lines):
            pdf.drawString(72, 780 - 18 * i, line)
        pdf.showPage()
    pdf.save()
    (corpus / "manifest.toml").write_text(
        '[[document]]\nfile = "nota.pdf"\ntitle = "Nota toegang"\npublisher = "Gemeente Voorbeeldstad"\n'
        'date = "2024-02-01"\nsource = "https://voorbeeldstad.nl/nota.pdf"\n', encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder, BuildSettings(cache_dir=tmp_path / "cache"))
    from fastapi.testclient import TestClient

    settings = Settings(index=tmp_path / "index", corpus=corpus, feedback_db=tmp_path / "fb.sqlite", reload_interval=0)
    with TestClient(create_app(settings, LoadedIndex.open(settings.index, embedder))) as client:
        for _ in range(600):
            if client.get("/readyz").status_code == 200:
                break
            time.sleep(0.05)
        hits = client.post("/v1/search", json={"query": "spreekuren wijkteams", "top_k": 1}).json()["results"]
        pid, number = hits[0]["passage_id"], hits[0]["page"]
        assert number is not None
        html = client.get(f"/bron/{pid}").text
        assert f'href="https://voorbeeldstad.nl/nota.pdf#page={number}"' in html
        assert f"Originele bron, pagina {number}" in html
        ref = client.post("/v1/references", json={"items": [{"passage_id": pid}]}).json()["references"][0]
        assert ref["text"].startswith("Gemeente Voorbeeldstad (1 februari 2024). Nota toegang, ")
        assert f"p. {number}." in ref["text"] and ref["text"].endswith("(origineel: https://voorbeeldstad.nl/nota.pdf)")


def collect_from_search(page, site, query: str, n: int) -> list[str]:
    search(page, site, query)
    ids = []
    for i in range(n):
        result = page.locator("article.result").nth(i)
        result.get_by_role("button", name="Zet op bronnenlijst").click()
        result.get_by_role("button", name="Haal van bronnenlijst").wait_for()
        ids.append(result.locator("h3 a").get_attribute("href").rsplit("/", 1)[1])
    return ids


def test_collect_three_from_search_and_one_from_an_answer_then_reorder_copy_and_download(page, site):
    ids = collect_from_search(page, site, "koplopers aanmelden", 3)
    assert page.get_by_role("link", name="Bronnenlijst (3)").is_visible()

    page.goto(site.url + "/")
    page.get_by_label("Uw vraag").fill("Hoeveel geld stelt VWS beschikbaar voor cliëntondersteuning?")
    page.get_by_role("button", name="Verstuur").click()
    page.locator("article.bot").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Bron 1:").first.click()
    page.get_by_role("button", name="Zet op bronnenlijst").click()
    page.get_by_role("button", name="Staat op bronnenlijst").wait_for()
    quote = page.locator("section.cite mark").inner_text()
    assert quote

    page.get_by_role("link", name="Bronnenlijst").first.click()
    items = page.locator("li.item")
    items.nth(3).wait_for()
    assert items.count() == 4
    assert [items.nth(i).get_attribute("data-passage-id") for i in range(3)] == ids
    # Move the answer's source to the top, with the keyboard.
    page.get_by_role("button", name="Zet bron 4 een plaats hoger").focus()
    for n in (4, 3, 2):
        page.keyboard.press("Enter")
        if n > 2:
            assert page.get_by_role("button", name=f"Zet bron {n - 1} een plaats hoger").evaluate(
                "e => e === document.activeElement")
    first_text = items.first.locator(".ref-text").inner_text()
    assert f"“{' '.join(quote.split())}”" in first_text and "8 miljoen voor cliëntondersteuning" in first_text
    order = [items.nth(i).get_attribute("data-passage-id") for i in range(4)]
    assert order[1:] == ids

    references = page.evaluate("JSON.parse(localStorage.getItem('vraagbaak:bronnenlijst'))")
    texts = [r["reference"]["text"] for r in references]
    page.get_by_role("button", name="Kopieer als tekst").click()
    page.get_by_role("status").filter(has_text="als tekst gekopieerd").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "".join(f"{i}. {t}\n" for i, t in enumerate(texts, 1))
    for pid in order:
        assert f"{site.url}/bron/{pid}" in copied

    page.get_by_role("button", name="Kopieer als Markdown").click()
    page.get_by_role("status").filter(has_text="als Markdown gekopieerd").wait_for()
    markdown = page.evaluate("navigator.clipboard.readText()")
    lines = markdown.strip().split("\n")
    assert len(lines) == 4 and lines[0].startswith("1. Movisie (z.d.). *8 miljoen voor cliëntondersteuning*")
    assert all(f"<{site.url}/bron/{pid}>" in line for pid, line in zip(order, lines, strict=True))

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("bronnenlijst-")
    data = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115 - read once
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    assert [r["passage_id"] for r in rows] == order
    assert rows[0]["citaat"] == " ".join(quote.split()) or rows[0]["citaat"].split() == quote.split()
    assert rows[0]["uitgever"] == "Movisie" and rows[0]["permalink"] == f"{site.url}/bron/{order[0]}"
    assert rows[1]["bronvermelding"] == texts[1]

    page.get_by_role("button", name="Verwijder bron 1").click()
    assert items.count() == 3
    page.get_by_role("button", name="Lijst leegmaken").click()
    page.get_by_role("button", name="Zeker weten").click()
    page.get_by_text("De bronnenlijst is leeg").wait_for()


def test_permalink_to_a_passage_that_no_longer_exists_says_so_and_offers_the_nearest(page, site, edited):
    old = edited["retired"]
    response = page.goto(f"{site.url}/bron/{old.id}?quote=Diverse+tools")
    assert response.status == 410
    assert "script-src 'self'" in response.headers["content-security-policy"]  # served under the policy
    assert page.get_by_role("heading", name="Deze passage bestaat niet meer").is_visible()
    assert OLD_SENTENCE in page.locator("figure.old").inner_text()
    nearest = page.locator(".nearest article")
    assert NEW_SENTENCE in nearest.inner_text()
    nearest.get_by_role("link").first.click()
    assert NEW_SENTENCE in page.locator("article.target").inner_text()
    # An id that never existed is told apart from one that is gone.
    response = page.goto(f"{site.url}/bron/0000000000000000")
    assert response.status == 404
    assert page.get_by_role("heading", name="Passage niet gevonden").is_visible()


def test_references_api_serves_current_and_retired_passages_and_rejects_unknown_ones(site, edited):
    current = edited["passages"][0]
    old = edited["retired"]
    body = {"items": [{"passage_id": current.id, "quote": "x"}, {"passage_id": old.id}]}
    refs = httpx.post(site.url + "/v1/references", json=body).json()["references"]
    assert [r["passage_id"] for r in refs] == [current.id, old.id]
    assert refs[0]["quote"] == "x" and refs[0]["permalink"] == f"{site.url}/bron/{current.id}"
    assert refs[1]["title"] == "Hoe organiseer en versterk je cliëntondersteuning in je gemeente?"
    missing = httpx.post(site.url + "/v1/references", json={"items": [{"passage_id": "nope"}]})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    empty = httpx.post(site.url + "/v1/references", json={"items": []})
    assert empty.status_code == 422 and "error" in empty.json()


def test_documents_overview_and_widget_empty_state_with_examples_from_the_corpus_headings(page, site, edited):
    headings = {h for p in edited["passages"] for h in p.section_path}
    examples = httpx.get(site.url + "/v1/examples").json()["questions"]
    assert len(examples) == 3 and len(set(examples)) == 3
    for q in examples:
        assert any(q in h or h.endswith(q) or q.rstrip("?").lower().endswith(h.lower()) for h in headings), q
    page.goto(site.url + "/")
    intro = page.get_by_role("list", name="Bijvoorbeeld")
    intro.wait_for()
    assert intro.get_by_role("button").all_inner_texts() == examples
    intro.get_by_role("button").first.click()
    page.locator("article.bot").first.wait_for(timeout=30_000)
    assert page.locator("div.user").first.inner_text().endswith(examples[0])
    page.get_by_role("button", name="Nieuw gesprek").click()
    page.get_by_role("link", name="Welke documenten doorzoekt").click()
    page.get_by_role("heading", name="Documenten", exact=True).wait_for()
    rows = page.locator("tbody tr")
    assert rows.count() == 5
    aanmeld = rows.filter(has_text="Aanmeldperiode")
    cells = aanmeld.locator("td").all_inner_texts()
    assert cells[0] == "Movisie" and cells[1] == "5 oktober 2019" and cells[3] == "6"
    assert cells[4] != "—"  # when this version was indexed


def check_axe(page, name: str):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def test_pages_pass_axe_at_desktop_320px_and_200_percent_zoom_with_screenshots(page, site, edited):
    ids = collect_from_search(page, site, "kick-off koplopers", 3)
    pages = {
        "search": "/zoeken?q=kick-off+koplopers",
        "permalink": f"/bron/{ids[0]}?quote=kick-off",
        "sourcelist": "/bronnenlijst",
        "documents": "/documenten",
        "gone": f"/bron/{edited['retired'].id}",
        "home": "/",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in pages.items():
        for width, height, label in ((1280, 900, "desktop"), (320, 800, "320"), (640, 450, "zoom200")):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(site.url + path)
            if name == "sourcelist":
                page.locator("li.item").nth(2).wait_for()
            if name == "home":  # the widget's empty state: example questions and the way to the documents
                page.get_by_role("list", name="Bijvoorbeeld").wait_for()
            check_axe(page, f"{name} {label}")
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"), f"{name} {label}"
            if name in {"search", "permalink", "sourcelist", "home"} and label != "zoom200":
                page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    stored = json.loads(page.evaluate("localStorage.getItem('vraagbaak:bronnenlijst')"))
    assert [s["passage_id"] for s in stored] == ids


def test_search_page_survives_mangled_links_and_works_without_javascript(site):
    page = httpx.get(site.url + "/zoeken", params={"q": "kerngroep", "pagina": "x7", "document": "bestaat-niet.txt",
                                                   "van": "abcd"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Resultaten 1–" in page.text and 'href="/bron/' in page.text  # results and permalinks, server-rendered
    far = httpx.get(site.url + "/zoeken", params={"q": "kerngroep", "pagina": "99"})
    assert far.status_code == 200 and "Resultaten" in far.text
