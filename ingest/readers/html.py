"""HTML: main text only (no navigation, scripts, headers, footers or forms)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from ingest.models import Block, ExtractedDocument
from ingest.normalize import clean_line, decode_text, table_row
from ingest.readers import UnreadableFile

_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, template, button, meta, link"
# A table row ("tr") is one block line of its cells; cells outside rows stay blocks of their own.
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, tr, td, th, dt, dd, figcaption"
# A row whose cells hold paragraphs, lists, headings or tables lays out a page: no data row.
_LAYOUT = "p, li, ul, ol, h1, h2, h3, h4, h5, h6, table, div, blockquote"


def _main_node(tree: HTMLParser) -> Node | None:
    for selector in ("main", "article", "[role=main]", "body"):
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.root


def _inside_selected(node: Node, selected: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in selected:
            return True
        parent = parent.parent
    return False


def read_html(data: bytes) -> ExtractedDocument:
    tree = HTMLParser(decode_text(data))
    title_node = tree.css_first("title")
    title = clean_line(title_node.text()) if title_node else None
    hints: dict[str, str] = {}
    for meta in tree.css("meta[name], meta[property]"):
        name = (meta.attributes.get("name") or meta.attributes.get("property") or "").split(":")[-1].lower()
        content = clean_line(meta.attributes.get("content") or "")
        if name and content:
            hints.setdefault(name, content)
    for node in tree.css(_DROP):
        node.decompose()
    main = _main_node(tree)
    if main is None:
        raise UnreadableFile("HTML-bestand zonder inhoud")
    blocks: list[Block] = []
    selected: set[int] = set()
    list_items: list[str] = []
    rows: list[str] = []

    def flush() -> None:  # a list's items, or one table's rows as every reader writes them
        for lines, kind in ((list_items, "list"), (rows, "paragraph")):
            if lines:
                blocks.append(Block(text="\n".join(lines), kind=kind))
                lines.clear()

    for node in main.css(_BLOCKS):
        if _inside_selected(node, selected):
            continue
        tag = node.tag
        if tag == "tr" and node.css_first(_LAYOUT):
            continue  # a layout table: its cells' paragraphs are read as before
        selected.add(node.mem_id)
        if tag == "tr":
            row = table_row([c.text(separator=" ", strip=True) for c in node.iter() if c.tag in {"td", "th"}])
            if row is not None:
                if list_items:
                    flush()
                rows.append(row)
            continue
        if tag == "li" and rows:
            flush()
        text = clean_line(node.text(separator=" ", strip=True))
        if not text:
            continue
        if tag == "li":
            list_items.append(f"- {text}")
            continue
        flush()
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            blocks.append(Block(text=text, kind="heading", level=int(tag[1])))
        else:
            blocks.append(Block(text=text, kind="paragraph"))
    flush()
    if not blocks:
        text = clean_line(main.text(separator=" ", strip=True))
        if text:
            blocks.append(Block(text=text, kind="paragraph"))
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return ExtractedDocument(blocks=blocks, title_hint=h1 or title, meta_hints=hints)
