"""The widget's source panel shows where in the document a passage stands."""

from __future__ import annotations

from tests.test_widget import (  # noqa: F401 - fixtures shared with the widget tests
    ask,
    host_origin,
    page,
    widget_server,
)


def test_source_panel_shows_the_locator_of_the_passage(page):  # noqa: F811
    ask(page, "Wie neemt het initiatief?")
    page.get_by_role("button", name="Bron 1:").first.click()
    meta = page.locator("section.cite").inner_text()
    assert "003_2d3dbcd927f89d6e.txt · Stap 1 · sectie: Stap 1: Wie neemt het initiatief?" in meta
