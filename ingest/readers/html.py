"""HTML: main text only (no navigation, scripts, headers, footers or forms)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from ingest.chunking import BULLET_LINE
from ingest.models import Block, ExtractedDocument
from ingest.normalize import clean_line, decode_text, note_marks, table_row
from ingest.readers import UnreadableFile

_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, template, button, meta, link"
# A table row ("tr") is one block line of its cells; cells outside rows stay blocks of their own.
_BLOCK_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "tr", "td", "th", "dt",
                         "dd", "figcaption"})
# An element holding any of these is walked into; one holding none is text that runs on.
_HOLDS_BLOCKS = ", ".join(sorted(_BLOCK_TAGS | {"div", "section", "article", "ul", "ol", "dl", "table", "br"}))
# A row whose cells hold paragraphs, lists, headings or tables lays out a page: no data row.
_LAYOUT = "p, li, ul, ol, h1, h2, h3, h4, h5, h6, table, div, blockquote"


def _main_node(tree: HTMLParser) -> Node | None:
    for selector in ("main", "article", "[role=main]", "body"):
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.root


class _Collector:
    """Blocks in document order from a walk over the main node: a block
    element (heading, paragraph, list item, data row, cell …) is one block of
    its whole text; an element that holds block elements is walked into; text
    that stands in no block element ("<div>1. Het college draagt er zorg voor
    …<ul>…</ul></div>", as pages and exported laws write it) is a paragraph
    of its own, up to the next block element or line break. Nothing of the
    main text is dropped."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.list_items: list[str] = []
        self.rows: list[str] = []
        self.loose: list[str] = []

    def walk(self, root: Node) -> None:
        """Depth first with a stack of its own: a page nested deeper than
        Python's recursion limit is still read."""
        stack = [root.iter(include_text=True)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                self.end_text()  # a container's loose text ends with it
                continue
            tag = child.tag
            if tag == "-text":
                self.loose.append(child.text_content or "")
            elif tag == "br":
                self.end_text()
            elif tag in _BLOCK_TAGS and not (tag == "tr" and child.css_first(_LAYOUT)):
                self.end_text()
                self.block(child)
            elif tag.startswith(("-", "_", "!")):  # comments and the like
                continue
            elif child.css_first(_HOLDS_BLOCKS):  # a container (a layout row too): walked into
                self.end_text()
                stack.append(child.iter(include_text=True))
            else:  # inline formatting or an unknown element without blocks: its text runs on
                self.loose.append(child.text(separator=" "))

    def flush(self) -> None:  # a list's items, or one table's rows as every reader writes them
        for lines, kind in ((self.list_items, "list"), (self.rows, "paragraph")):
            if lines:
                self.blocks.append(Block(text="\n".join(lines), kind=kind))
                lines.clear()

    def end_text(self) -> None:
        text = clean_line(" ".join(self.loose))
        self.loose.clear()
        if text:
            self.flush()
            self.blocks.append(Block(text=text, kind="paragraph"))

    def block(self, node: Node) -> None:
        tag = node.tag
        if tag == "tr":
            row = table_row([c.text(separator=" ", strip=True) for c in node.iter() if c.tag in {"td", "th"}])
            if row is not None:
                if self.list_items:
                    self.flush()
                self.rows.append(row)
            return
        if tag == "li" and self.rows:
            self.flush()
        text = clean_line(node.text(separator=" ", strip=True))
        if not text:
            return
        if tag == "li":  # an item that writes its own mark ("a. passend is;") keeps it
            self.list_items.append(text if BULLET_LINE.match(text) else f"- {text}")
            return
        self.flush()
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.blocks.append(Block(text=text, kind="heading", level=int(tag[1])))
        else:
            self.blocks.append(Block(text=text, kind="paragraph"))

    def finish(self) -> list[Block]:
        self.end_text()
        self.flush()
        return self.blocks


def read_html(data: bytes) -> ExtractedDocument:
    tree = HTMLParser(note_marks(decode_text(data)))
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
    collector = _Collector()
    collector.walk(main)
    blocks = collector.finish()
    if not blocks:
        text = clean_line(main.text(separator=" ", strip=True))
        if text:
            blocks.append(Block(text=text, kind="paragraph"))
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return ExtractedDocument(blocks=blocks, title_hint=h1 or title, meta_hints=hints)
