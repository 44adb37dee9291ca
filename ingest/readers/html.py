"""HTML: main text only (no navigation, scripts, headers, footers or forms)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from ingest.models import Block, ExtractedDocument
from ingest.normalize import clean_line, decode_text
from ingest.readers import UnreadableFile

_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, template, button, meta, link"
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td, th, dt, dd, figcaption"


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

    def flush_list() -> None:
        if list_items:
            blocks.append(Block(text="\n".join(list_items), kind="list"))
            list_items.clear()

    for node in main.css(_BLOCKS):
        if _inside_selected(node, selected):
            continue
        selected.add(node.mem_id)
        text = clean_line(node.text(separator=" ", strip=True))
        if not text:
            continue
        tag = node.tag
        if tag == "li":
            list_items.append(f"- {text}")
            continue
        flush_list()
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            blocks.append(Block(text=text, kind="heading", level=int(tag[1])))
        else:
            blocks.append(Block(text=text, kind="paragraph"))
    flush_list()
    if not blocks:
        text = clean_line(main.text(separator=" ", strip=True))
        if text:
            blocks.append(Block(text=text, kind="paragraph"))
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return ExtractedDocument(blocks=blocks, title_hint=h1 or title, meta_hints=hints)
