"""The chat widget in a real headless Chromium against the real service."""

from __future__ import annotations

import functools
import http.server
import sqlite3
import threading

import pytest

from tests.conftest import ARTIFACTS, ROOT, Server, free_port

HOST_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente Voorbeeldstad</title>
<style>p {{ color: rgb(255, 0, 0); }} button {{ background: rgb(0, 128, 0); }} .answer {{ display: none; }}</style>
</head><body><main><h1>Gemeente Voorbeeldstad</h1><p class="own">Tekst van de gemeente.</p>
<script src="{service}/widget.js" data-title="Vraag het de gemeente" data-color="#8a1538"></script>
</main></body></html>"""


@pytest.fixture(scope="module")
def host_origin(tmp_path_factory):
    """A municipal page on a second origin that embeds the widget."""
    root = tmp_path_factory.mktemp("host")
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def widget_server(seed_index_dir, tmp_path_factory, host_origin):
    tmp = tmp_path_factory.mktemp("widget")
    srv = Server(seed_index_dir, tmp / "server.log", VRAAGBAAK_CORS_ORIGINS=f'["{host_origin[1]}"]',
                 VRAAGBAAK_FEEDBACK_DB=str(tmp / "feedback.sqlite"))
    srv.feedback_db = tmp / "feedback.sqlite"
    srv.wait_ready()
    (host_origin[0] / "index.html").write_text(HOST_PAGE.format(service=srv.url), encoding="utf-8")
    yield srv
    srv.stop()


@pytest.fixture
def page(browser, widget_server):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=widget_server.url)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(widget_server.url + "/")
    yield pg
    context.close()
    assert not errors, errors


def ask(page, question: str, n: int = 1):
    page.get_by_label("Uw vraag").fill(question)
    page.get_by_role("button", name="Verstuur").click()
    page.locator("article.bot").nth(n - 1).wait_for(timeout=30_000)
    return page.locator("article.bot").nth(n - 1)


def test_ask_shows_a_cited_answer_and_opens_the_passage_with_the_quote_highlighted(page):
    with page.expect_response("**/v1/ask") as streamed:
        answer = ask(page, "Wie neemt het initiatief?")
    assert streamed.value.request.headers["accept"] == "text/event-stream"
    assert streamed.value.headers["content-type"].startswith("text/event-stream")
    assert "gemeenteraad" in answer.inner_text()
    page.get_by_role("button", name="Bron 1:").first.click()
    heading = page.get_by_role("heading", name="Bron 1:")
    assert heading.evaluate("e => e === e.getRootNode().activeElement")
    panel = page.locator("section.cite")
    assert "Stap 1: Wie neemt het initiatief?" in panel.inner_text()
    assert "003_2d3dbcd927f89d6e.txt" in panel.inner_text()
    assert "gemeenteraad" in panel.locator("mark").inner_text()


def test_copy_source_line_for_an_advice_note(page):
    ask(page, "Hoeveel geld stelt VWS beschikbaar voor cliëntondersteuning?")
    page.get_by_role("button", name="Bron 1:").first.click()
    page.get_by_role("button", name="Kopieer bron").click()
    page.get_by_role("button", name="Gekopieerd").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "8 miljoen euro" in copied and "8 miljoen voor cliëntondersteuning" in copied and "Movisie" in copied
    # The one reference format of service/references.py, with the passage's permalink.
    assert copied.startswith("Movisie (z.d.). 8 miljoen voor cliëntondersteuning")
    assert f"Vraagbaak: {page.url.rstrip('/')}/bron/" in copied


def test_follow_up_is_understood_and_the_conversation_survives_a_reload(page):
    ask(page, "Hoeveel geld stelt VWS beschikbaar voor cliëntondersteuning?")
    second = ask(page, "En vanaf wanneer?", 2)
    assert "1 juni" in second.inner_text()
    page.reload()
    page.locator("article.bot").nth(1).wait_for()
    assert page.locator("article.bot").count() == 2
    page.get_by_role("button", name="Nieuw gesprek").click()
    assert page.locator("article.bot").count() == 0


def test_abstention_is_shown_as_such_with_passages_to_read(page):
    answer = ask(page, "Wat voor weer wordt het morgen in Utrecht?")
    text = answer.inner_text()
    assert "Geen antwoord gevonden in de documenten" in text
    assert "dichtst in de buurt" in text


def test_unreachable_server_keeps_the_question_and_recovers_on_retry(page):
    page.route("**/v1/ask", lambda route: route.abort("connectionrefused"))
    page.get_by_label("Uw vraag").fill("Wie neemt het initiatief?")
    page.get_by_role("button", name="Verstuur").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "niet bereikbaar" in alert.inner_text()
    assert page.get_by_label("Uw vraag").input_value() == "Wie neemt het initiatief?"
    page.unroute("**/v1/ask")
    page.get_by_role("button", name="Opnieuw proberen").click()
    page.locator("article.bot").first.wait_for(timeout=30_000)
    assert page.get_by_role("alert").is_hidden()


def test_keyboard_only_flow(page):
    question = page.get_by_label("Uw vraag")
    for _ in range(20):  # past the page's menu, "Nieuw gesprek" and the example questions
        page.keyboard.press("Tab")
        if question.evaluate("e => e === e.getRootNode().activeElement"):
            break
    assert question.evaluate("e => e === e.getRootNode().activeElement")
    page.keyboard.type("Wanneer is de kick-off voor nieuwe koplopers?")
    page.keyboard.press("Enter")
    page.locator("article.bot").first.wait_for(timeout=30_000)
    ref = page.locator("button.ref").first
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        if ref.evaluate("e => e === e.getRootNode().activeElement"):
            break
    assert ref.evaluate("e => e === e.getRootNode().activeElement")
    page.keyboard.press("Enter")
    assert page.locator("section.cite h3").evaluate("e => e === e.getRootNode().activeElement")
    page.keyboard.press("Escape")
    assert page.locator("section.cite").is_hidden()
    assert ref.evaluate("e => e === e.getRootNode().activeElement")


def test_rating_is_stored_without_question_text(page, widget_server):
    ask(page, "Wat kan een kwartiermaker bereiken?")
    page.get_by_role("button", name="Ja, nuttig").click()
    page.get_by_role("button", name="Ja, nuttig").and_(page.locator("[aria-pressed=true]")).wait_for()
    page.get_by_label("Opmerking (optioneel)").fill("Duidelijk, mail me op jan@voorbeeld.nl")
    page.get_by_role("button", name="Verstuur opmerking").click()
    page.get_by_text("Bedankt voor uw beoordeling.").first.wait_for()
    db = sqlite3.connect(widget_server.feedback_db)
    rows = db.execute("SELECT rating, remark, question FROM feedback").fetchall()
    # One rating per answer: the remark sent after the rating completes the same row.
    assert rows == [("up", "Duidelijk, mail me op [e-mail]", None)]


def test_no_wcag_violations_with_an_answer_and_an_open_citation_and_screenshots(page):
    from axe_playwright_python.sync_playwright import Axe

    ask(page, "Welke criteria gelden voor koplopers?")
    page.get_by_role("button", name="Bron 2:").first.click()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=str(ARTIFACTS / "widget-320.png"), full_page=True)
    page.set_viewport_size({"width": 640, "height": 450})  # 1280 × 900 at 200 % zoom
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert Axe().run(page, options=options).violations_count == 0


def test_embed_on_another_origin_is_styled_apart_from_the_host_page(browser, widget_server, host_origin):
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(host_origin[1] + "/index.html")
    pg.get_by_role("heading", name="Vraag het de gemeente").wait_for()
    pg.get_by_label("Uw vraag").fill("Wie neemt het initiatief?")
    pg.get_by_role("button", name="Verstuur").click()
    answer = pg.locator("article.bot").first
    answer.wait_for(timeout=30_000)
    assert "gemeenteraad" in answer.inner_text()
    # Host styles do not reach into the widget, and the widget's do not leak out.
    assert pg.locator("p.own").evaluate("e => getComputedStyle(e).color") == "rgb(255, 0, 0)"
    assert pg.locator(".answer").first.is_visible()
    send = pg.get_by_role("button", name="Verstuur")
    assert send.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(138, 21, 56)"
    context.close()


def test_widget_script_is_small():
    assert (ROOT / "service" / "static" / "widget.js").stat().st_size < 100_000
