"""Structure-aware chunking: headings, paragraphs and lists stay together.

A passage is always an exact slice of the document's normalised text, so an
answer's quote can be traced back to its place (offset and page).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ingest.models import Block, Passage
from ingest.sentences import sentence_spans

MIN_WORDS = 80
MAX_WORDS = 250
BLOCK_SEPARATOR = "\n\n"

# Shared by the PDF reader (line breaking) and the answerer (list answers).
BULLET_LINE = re.compile(r"^([•·▪◦●\-–*]|\(?\d{1,2}[.)]|[a-z][.)])\s+")
NUMBERED_HEADING = re.compile(
    r"^((stap|fase|deel|hoofdstuk|criterium|artikel)\s+\d+[:.)]?|\d{1,2}(\.\d+)*[.)]?)\s", re.I
)
_NO_HEADING_END = re.compile(r"[.,;]$")
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE_LINE = re.compile(rf"^(\d{{1,2}}\s+({_MONTHS})\s+\d{{4}}|\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}})$", re.I)


@dataclass
class _Block:
    text: str
    kind: str
    level: int | None
    page: int | None
    start: int = 0
    end: int = 0

    @property
    def words(self) -> int:
        return len(self.text.split())


def is_heading_candidate(text: str) -> bool:
    if "\n" in text or not text:
        return False
    words = text.split()
    if not 0 < len(words) <= 14 or len(text) > 120 or _NO_HEADING_END.search(text) or _DATE_LINE.match(text):
        return False
    first = text[0]
    return first.isupper() or first.isdigit()


def _classify(block: Block) -> list[_Block]:
    if block.kind != "unknown":
        return [_Block(block.text, block.kind, block.level, block.page)]
    lines = block.text.split("\n")
    if len(lines) > 1 and all(BULLET_LINE.match(x) for x in lines):
        return [_Block(block.text, "list", None, block.page)]
    if len(lines) > 1 and is_heading_candidate(lines[0]) and not BULLET_LINE.match(lines[0]):
        head = _Block(lines[0], "candidate", None, block.page)
        rest = Block("\n".join(lines[1:]), page=block.page)
        return [head, *_classify(rest)]
    if is_heading_candidate(block.text):
        return [_Block(block.text, "candidate", None, block.page)]
    if len(lines) > 1 and sum(bool(BULLET_LINE.match(x)) for x in lines) >= len(lines) - 1:
        return [_Block(block.text, "list", None, block.page)]
    return [_Block(block.text, "paragraph", None, block.page)]


def _resolve_headings(blocks: list[_Block]) -> None:
    """Decide which heading candidates really head a section.

    In a run of candidates only the last one heads the content after it;
    the others are calls to action ("Download de handreiking") that belong
    to the preceding section. At the start of a document every line of the
    run is title or subtitle. A run with no content after it is content.
    """
    i = 0
    seen_content = False
    while i < len(blocks):
        if blocks[i].kind != "candidate":
            seen_content = seen_content or blocks[i].kind != "heading"
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "candidate":
            j += 1
        has_content_after = j < len(blocks) and blocks[j].kind in {"paragraph", "list"}
        for k in range(i, j):
            is_last = k == j - 1
            if has_content_after and (is_last or not seen_content):
                blocks[k].kind = "heading"
                numbered = bool(NUMBERED_HEADING.match(blocks[k].text))
                if not seen_content and k == 0 and not numbered:
                    blocks[k].level = 0  # the document's title, not a section
                elif blocks[k].level is None:
                    blocks[k].level = 2 if numbered else 1
            else:
                blocks[k].kind = "paragraph"
        i = j


def _units(block: _Block, text: str) -> list[tuple[int, int, int]]:
    """(start, end, words) pieces of a block no larger than MAX_WORDS."""
    if block.words <= MAX_WORDS:
        return [(block.start, block.end, block.words)]
    pieces: list[tuple[int, int, int]] = []
    cur_start: int | None = None
    cur_end = 0
    cur_words = 0
    for s, e in sentence_spans(block.text):
        s += block.start
        e += block.start
        words = len(text[s:e].split())
        if cur_start is not None and cur_words + words > MAX_WORDS:
            pieces.append((cur_start, cur_end, cur_words))
            cur_start, cur_words = None, 0
        if words > MAX_WORDS:  # one enormous "sentence": cut at word boundaries
            for m in re.finditer(rf"(?:\S+\s+){{1,{MAX_WORDS}}}", text[s:e] + " "):
                ps, pe = s + m.start(), min(e, s + m.end())
                while pe > ps and text[pe - 1].isspace():
                    pe -= 1
                pieces.append((ps, pe, len(text[ps:pe].split())))
            continue
        if cur_start is None:
            cur_start = s
        cur_end = e
        cur_words += words
    if cur_start is not None:
        pieces.append((cur_start, cur_end, cur_words))
    return pieces


def passage_id(document: str, text: str, occurrence: int) -> str:
    """Same document, same text, same occurrence → same id on every run."""
    digest = hashlib.sha1(f"{document}\x00{occurrence}\x00{text}".encode()).hexdigest()
    return digest[:16]


def chunk(document: str, blocks: list[Block]) -> tuple[str, list[Passage]]:
    """Return the document's normalised text and its passages."""
    items: list[_Block] = []
    for block in blocks:
        if block.text.strip():
            items.extend(_classify(block))
    _resolve_headings(items)
    offset = 0
    parts: list[str] = []
    for b in items:
        if parts:
            offset += len(BLOCK_SEPARATOR)
        b.start, b.end = offset, offset + len(b.text)
        parts.append(b.text)
        offset = b.end
    text = BLOCK_SEPARATOR.join(parts)

    # Group blocks into sections (a heading and the blocks under it).
    sections: list[tuple[list[str], list[_Block]]] = []
    stack: list[tuple[int, str]] = []
    current: list[_Block] = []
    current_path: list[str] = []
    for b in items:
        if b.kind == "heading":
            level = 1 if b.level is None else b.level
            if current and any(x.kind != "heading" for x in current):
                sections.append((current_path, current))
                current = []
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, b.text))
            current_path = [t for lvl, t in stack if lvl > 0]
        current.append(b)
    if current:
        sections.append((current_path, current))

    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for path, section_blocks in sections:
        groups: list[list[tuple[int, int, int, int | None]]] = []
        group: list[tuple[int, int, int, int | None]] = []
        words = 0
        only_headings = True
        for b in section_blocks:
            for s, e, w in _units(b, text):
                if group and words + w > MAX_WORDS and not only_headings:
                    groups.append(group)
                    group, words = [], 0
                group.append((s, e, w, b.page))
                words += w
                only_headings = only_headings and b.kind == "heading"
        if group:
            groups.append(group)
        if len(groups) > 1 and sum(u[2] for u in groups[-1]) < MIN_WORDS // 2:
            tail = groups.pop()
            groups[-1].extend(tail)
        for g in groups:
            start, end, page = g[0][0], g[-1][1], g[0][3]
            body = text[start:end]
            occurrence = seen.get(body, 0)
            seen[body] = occurrence + 1
            passages.append(
                Passage(
                    id=passage_id(document, body, occurrence),
                    document=document,
                    ordinal=len(passages),
                    text=body,
                    start=start,
                    end=end,
                    page=page,
                    section_path=list(path),
                )
            )
    return text, passages
