"""Render a Markdown evaluation corpus to PDF with headless Chromium, so that
the same question set measures the PDF path.

Why: every evaluation corpus is Markdown, while municipalities hold their
guides and policy texts as PDFs. Printing the same documents the way a
browser or a word processor exports them (A4, a running header with the
document's title and a footer with page numbers on every page, lists with
bullets, tables with borders, optionally some sections in two columns) and
asking the same questions tells what the PDF reader loses against the
Markdown reader, question by question. The question set is rewritten only in
its evidence's document names (``x.md`` becomes ``x.pdf``); the quotes stay
exact substrings of the Markdown text, which is what a reader of the PDF
sees.

Usage::

    python -m eval.pdf_corpus eval/corpora/laws-unseen-9 /tmp/pdf9 \\
        --questions eval/sets/lu-j.jsonl [--columns]
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from html import escape
from pathlib import Path

_ATX_NO_SPACE = re.compile(r"^(#{1,6})(?=[^#\s])", re.MULTILINE)  # "##Titel" → "## Titel"
_META = re.compile(r"^\s*<meta\b[^>]*>\s*$", re.MULTILINE | re.IGNORECASE)
# A footnote the export wrote inside its sentence ("kosten<sup> 11 Een intensiever … </sup> zijn").
_INLINE_NOTE = re.compile(r"<sup>\s*(\d{1,3})\s+(.+?)\s*</sup>", re.DOTALL)

CSS = """
@page { size: A4; margin: 22mm 20mm 20mm 20mm; }
body { font-family: 'DejaVu Serif', 'Liberation Serif', serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 17pt; } h2 { font-size: 14pt; } h3 { font-size: 12pt; } h4, h5, h6 { font-size: 10.5pt; }
h1, h2, h3, h4, h5, h6 { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-weight: bold; }
p { text-align: justify; margin: 0 0 5pt 0; }
table { border-collapse: collapse; margin: 6pt 0; } td, th { border: 0.5pt solid #444; padding: 2pt 4pt; }
section.columns { column-count: 2; column-gap: 8mm; }
ol.notes { font-size: 9pt; }
"""

HEADER = (
    "<div style='font-size:7.5pt; width:100%; margin:0 20mm; color:#333;'>{title}</div>"
)
FOOTER = (
    "<div style='font-size:7.5pt; width:100%; margin:0 20mm; text-align:right; color:#333;'>"
    "Pagina <span class='pageNumber'></span> van <span class='totalPages'></span></div>"
)


def markdown_html(markdown: str, title: str, columns: bool = False) -> str:
    """The document as a printable HTML page: headings written without a space
    after the hashes are headings, a stray meta tag is dropped, footnotes
    written inside their sentence become endnotes; with ``columns`` every
    second top-level section is set in two columns."""
    from markdown_it import MarkdownIt

    notes: list[tuple[str, str]] = []

    def marker(m: re.Match[str]) -> str:
        notes.append((m.group(1), m.group(2)))
        return f"<sup>{m.group(1)}</sup>"

    md = MarkdownIt("commonmark").enable("table")
    text = _INLINE_NOTE.sub(marker, _META.sub("", _ATX_NO_SPACE.sub(r"\1 ", markdown)))
    body = md.render(text)
    if notes:  # printed as endnotes, as policy texts print them: a marker in the sentence, the notes under a rule
        items = "".join(f"<li value='{n}'>{md.renderInline(note)}</li>" for n, note in notes)
        body += f"<hr><ol class='notes'>{items}</ol>"
    if columns:
        parts = re.split(r"(?=<h[23]>)", body)
        body = "".join(
            f"<section class='columns'>{p}</section>" if i % 2 == 0 and i else p for i, p in enumerate(parts)
        )
    return (
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{CSS}</style></head><body>{body}</body></html>"
    )


def print_pdf(page, markdown: str, title: str, path: Path, columns: bool = False) -> Path:
    """One Markdown document printed to ``path`` by a Playwright Chromium
    ``page``: A4, the title as running header, "Pagina N van M" as footer."""
    page.set_content(markdown_html(markdown, title, columns))
    page.pdf(
        path=str(path), format="A4", display_header_footer=True,
        header_template=HEADER.format(title=escape(title)), footer_template=FOOTER,
        margin={"top": "22mm", "bottom": "20mm", "left": "20mm", "right": "20mm"},
    )
    return path


def render_corpus(source: Path, target: Path, columns: bool = False, chromium: str = "/usr/bin/chromium",
                  browser=None) -> list[Path]:
    """Print every Markdown file of ``source`` to ``target`` as PDF and copy
    the manifest with its file names changed to the PDFs'. ``browser``: a
    Playwright Chromium already running (otherwise one is started)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            started = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                return render_corpus(source, target, columns, chromium, started)
            finally:
                started.close()
    target.mkdir(parents=True, exist_ok=True)
    manifest_path = source / "manifest.toml"
    manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    files = manifest.get("files", {})
    page = browser.new_page()
    out = [
        print_pdf(page, md.read_text(encoding="utf-8"), files.get(md.name, {}).get("title", md.stem),
                  target / (md.stem + ".pdf"), columns)
        for md in sorted(source.glob("*.md"))
    ]
    page.close()
    if manifest_path.exists():
        text = manifest_path.read_text(encoding="utf-8")
        for md in source.glob("*.md"):
            text = text.replace(f'"{md.name}"', f'"{md.stem}.pdf"')
        (target / "manifest.toml").write_text(text, encoding="utf-8")
    return out


def rewrite_questions(source: Path, target: Path) -> None:
    """The question set with its evidence pointing at the PDFs."""
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        for ev in item.get("evidence", []):
            if (ev.get("document") or "").endswith(".md"):
                ev["document"] = ev["document"][:-3] + ".pdf"
        lines.append(json.dumps(item, ensure_ascii=False))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("target", type=Path)
    ap.add_argument("--questions", type=Path, nargs="*", default=[])
    ap.add_argument("--columns", action="store_true", help="every second section in two columns")
    args = ap.parse_args()
    for pdf in render_corpus(args.source, args.target, args.columns):
        print(pdf)
    for q in args.questions:
        rewrite_questions(q, args.target / q.name)
        print(args.target / q.name)


if __name__ == "__main__":
    main()
