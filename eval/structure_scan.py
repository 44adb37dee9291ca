"""Count the structure faults that a reader of the passages would see, over a
folder of documents that no question set covers.

Why: the question sets cover 46 documents; the texts a municipality ingests
are others, mostly from the same official export. A fault that shows only in
the passages (a signature kept as a passage, a long title standing above
every article, a numbered step taken for a heading, a definitions article
whose terms were not found) moves few eval figures
but every path and locator an adviser copies. This counts such faults per
kind over any folder, so that a structure change can be judged on documents
it was not written beside (eval/RESULTS.md, twenty-third slice: 150 documents
of six kinds). The checks are signs, not proof: each kind lists its first
examples to read.

Usage::

    python -m eval.structure_scan FOLDER [--examples 8] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest import corpus_files, ingest_file
from ingest.models import Passage
from ingest.structure import parse_annex, parse_unit

MAX_HEADING_WORDS = 16  # a free heading longer than this in a path is a title or a sentence
_PLACE_OR_DETERMINER = re.compile(r"^(De|Het|Den Haag|’s-Gravenhage|[A-Z][a-z]+)$")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_NUMBERED_ITEM = re.compile(r"^\d+[.)] [A-Z]")


@dataclass
class Findings:
    """Per kind of fault: the passages that show it, as (document, what)."""

    documents: int = 0
    passages: int = 0
    faults: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def summary(self, examples: int) -> dict:
        return {
            "documents": self.documents, "passages": self.passages,
            "faults": {
                kind: {"passages": len(found), "documents": len({d for d, _ in found}),
                       "examples": list(dict.fromkeys(f"{d}: {w}" for d, w in found))[:examples]}
                for kind, found in sorted(self.faults.items())
            },
        }


def _kind(heading: str) -> str:
    if parse_annex(heading) is not None or parse_annex(heading.split(". ")[0]) is not None:
        return "annex"  # "Bijlage I. Overzicht van …": an annex with the title written under it
    return "unit" if parse_unit(heading.split(". ")[0]) is not None else "free"


def passage_faults(p: Passage) -> Iterable[tuple[str, str]]:
    """(kind, what) for each sign of a structure fault in one passage."""
    locator = p.locator or ""
    if locator.startswith(("*", "–", "-")) or ("*" in locator and " onder *" not in locator):
        yield "emphasis or dash in locator", locator
    if _PLACE_OR_DETERMINER.match(locator) and len(p.text.split()) < 25 and _YEAR.search(p.text):
        yield "signature or place and date", p.text[:80].replace("\n", " | ")
    kinds = [_kind(h) for h in p.section_path]
    for heading, kind in zip(p.section_path, kinds, strict=True):
        if kind == "free" and len(heading.split()) > MAX_HEADING_WORDS:
            yield "long free heading in path", heading[:90]
        if _NUMBERED_ITEM.match(heading) and len(heading.split()) > 6:
            yield "numbered item as heading", heading[:90]
    if kinds[:1] == ["free"] and "unit" in kinds and "annex" not in kinds:
        yield "free heading above units", " > ".join(p.section_path)[:120]


_DEFINITIONS_LEAD_IN = re.compile(r"\b(wordt|worden) ([\w ]+ )?verstaan onder\s*:", re.I)


def definition_faults(passages: list[Passage]) -> Iterable[tuple[str, str]]:
    """An article that opens a list of definitions ("… wordt verstaan onder:")
    but whose passages name no term: its definitions were not found."""
    articles: dict[str, list[Passage]] = defaultdict(list)
    for p in passages:
        if p.locator and p.locator.startswith("artikel"):
            articles[p.locator.split(",")[0]].append(p)
    for article, group in articles.items():
        if any(_DEFINITIONS_LEAD_IN.search(p.text) for p in group) and not any(
                " onder *" in (p.locator or "") for p in group):
            yield "definition article without terms", article


def scan(paths: Iterable[Path]) -> Findings:
    found = Findings()
    for path in paths:
        doc = ingest_file(path, path.name)
        passages = getattr(doc, "passages", None)
        if passages is None:  # a rejected file: its reason is the reader's, not a structure fault
            continue
        found.documents += 1
        found.passages += len(passages)
        for p in passages:
            for kind, what in passage_faults(p):
                found.faults[kind].append((path.name, what))
        for kind, what in definition_faults(passages):
            found.faults[kind].append((path.name, what))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--examples", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    summary = scan(corpus_files(args.folder)).summary(args.examples)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    print(f"{summary['documents']} documenten, {summary['passages']} passages")
    for kind, info in summary["faults"].items():
        print(f"{kind}: {info['passages']} passages in {info['documents']} documenten")
        for example in info["examples"]:
            print(f"    {example}")


if __name__ == "__main__":
    main()
