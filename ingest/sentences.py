"""Dutch-aware sentence boundaries, used by the chunker and the answerer."""

from __future__ import annotations

import bisect
import re

from ingest.lang import load
from ingest.normalize import TABLE_ROW_LINE

# Language data: abbreviations whose final period ends no sentence, the file types a link's
# label names, the words a link's label opens with.
_DATA = load("structure")["sentences"]
_ABBREVIATIONS = frozenset(_DATA["abbreviations"].split())
# Letters joined by periods: "o.a.", "m.b.t.", "d.d.", initials "I.W." and a lone "a."
_LETTERS = re.compile(r"(?:[a-z]\.)*[a-z]")
# What may stand around the abbreviation itself: "(Stb.", "[art.", "(*Stb*."
_WRAPPING = "([{*_'\"‘“"
# A member's or list item's number opening its line ("1.  Het examen bestaat …",
# "12a. …", "2°. …"): its period ends no sentence, the number belongs to it.
_LINE_MARK = re.compile(r"[ \t]*\(?\d{1,3}[a-z]?°?")
_BOUNDARY = re.compile(r"[.!?…]+[\"'’”)]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'‘“(\[]?[A-ZÀ-Ý0-9•\-–*]")
# Sentences glued without a space, as text joined from lines or HTML paragraphs
# has them ("… in werking op 1 oktober 2000.De regeling …"): a word of two
# small letters or a year, the full stop, then a capitalised word. Initials
# ("J.W.Remkes") and web addresses ("www.minvrom.nl") have no such shape.
_GLUED = re.compile(r"(?:(?<=[a-zà-ÿ]{2})|(?<=\d{4}))[.!?](?=[A-ZÀ-Ý][a-zà-ÿ])")
# A line naming a downloadable file and its size: a link's label. Up to 160
# characters of name, then "name.pdf 106.31 KB" or "(PDF, 245 kB)" closing the line.
_EXT = "|".join(sorted(_DATA["attachment_extensions"], key=len, reverse=True))
_ATTACHMENT_LABEL = re.compile(
    rf"^.{{0,160}}?(?:\.(?:{_EXT})\b[^\w]{{0,4}}|\((?:{_EXT})\s*[,;:]?\s*)"
    r"\d+(?:[.,]\d+)?\s*(?:[kmg]i?b|bytes?)\)?\s*$",
    re.IGNORECASE,
)


def is_attachment_label(sentence: str) -> bool:
    """Whether a sentence only names a file to download and its size
    ("Achtergrondinformatie.pdf 106.31 KB"): what a web page's link left in
    its export, which answers no question however many of its words match."""
    return _ATTACHMENT_LABEL.match(sentence.strip()) is not None


_LINK_LABEL = re.compile(rf"^(?:{'|'.join(map(re.escape, _DATA['link_label_verbs']))})\b[^.!?:;,]*$", re.IGNORECASE)


def is_link_label(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is the label of a link whose
    address the export dropped ("Bekijk aanmeldprocedure", "Download de
    handreiking"): a line of its own, opening with a word that sends the
    reader elsewhere, short, with no full stop (language data)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    sentence = text[start:end].strip()
    return (
        line == sentence
        and len(sentence.split()) <= _DATA["link_label_max_words"]
        and _LINK_LABEL.match(sentence) is not None
    )


def answer_spans(text: str) -> list[tuple[int, int]]:
    """:func:`sentence_spans` less the labels of links (to files, or whose
    address is gone): the sentences an answer may quote, and so the ones
    worth embedding."""
    return [
        (s, e) for s, e in sentence_spans(text) if not is_attachment_label(text[s:e]) and not is_link_label(text, s, e)
    ]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences; newlines between list items also split,
    and a table row is one sentence whatever its cells hold ("| 141. Openlijk
    geweld | +6 |": the row number's period ends nothing).

    Spans cover the text without leading/trailing white space, so
    ``text[s:e]`` is always an exact, trimmed sentence.
    """
    # a table row as every reader writes it (ingest.normalize.table_row) is one sentence
    rows = [(m.start(), m.end()) for m in TABLE_ROW_LINE.finditer(text)] if "|" in text else []
    row_starts = [a for a, _ in rows]
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        at = bisect.bisect_right(row_starts, end) - 1
        if at >= 0 and end < rows[at][1]:  # inside a table row
            continue
        if _ends_nothing(text, m.start()):
            continue
        if _NEXT_START.match(text, end):
            cuts.append(end)
    for m in _GLUED.finditer(text):
        at = bisect.bisect_right(row_starts, m.start()) - 1
        if not (at >= 0 and m.start() < rows[at][1]) and not _ends_nothing(text, m.start()):
            cuts.append(m.end())
    for m in re.finditer(r"\n+", text):
        cuts.append(m.start())
    cuts = sorted(set(cuts))
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, len(text)]:
        s, e = start, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        start = cut
    return spans


def _ends_nothing(text: str, period: int) -> bool:
    """Whether the period at ``period`` closes an abbreviation, letters joined
    by periods or the number that opens a line, not a sentence."""
    word = re.search(r"(\S+)$", text[max(0, period - 80) : period + 1])  # a bounded look back: no n² on long text
    token = word.group(1).rstrip(".").lstrip(_WRAPPING).rstrip("*_").lower() if word else ""
    if token in _ABBREVIATIONS or _LETTERS.fullmatch(token):
        return True
    line_start = text.rfind("\n", max(0, period - 12), period) + 1
    return (line_start > 0 or period < 12) and bool(_LINE_MARK.fullmatch(text, line_start, period))


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
