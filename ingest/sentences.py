"""Dutch-aware sentence boundaries, used by the chunker and the answerer."""

from __future__ import annotations

import bisect
import re

from ingest.normalize import TABLE_ROW_LINE

# Abbreviations whose final period does not end a sentence.
_ABBREVIATIONS = {
    "bijv", "bv", "o.a", "d.w.z", "e.d", "enz", "m.b.t", "t.a.v", "o.v.b", "nr", "art", "blz",
    "ca", "dhr", "mevr", "drs", "mr", "dr", "prof", "incl", "excl", "i.p.v", "m.n", "vs", "jl",
    "resp", "z.g.a.n", "etc", "e.g", "i.e", "mln", "mld", "max", "min", "evt", "t/m", "a.s",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"'’”)]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'‘“(\[]?[A-ZÀ-Ý0-9•\-–*]")


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
        word = re.search(r"(\S+)$", text[: m.start() + 1])
        token = word.group(1).rstrip(".").lower() if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
            continue
        if _NEXT_START.match(text, end):
            cuts.append(end)
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


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
