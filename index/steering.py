"""Which documents a question names ("volgens de Jeugdwet", "in de Wmo", "de handreiking").

The names come from the documents and the manifest, never from a list of
known laws: each document's title, the short titles it gives itself ("Deze
wet wordt aangehaald als: …", a name in brackets after its long title), its
file name, the abbreviations those names form (initials: "Wet maatschappelijke
ondersteuning" → "wmo", "Wet bijzondere opnemingen in psychiatrische
ziekenhuizen" → "bopz"), and a genre noun the document uses for itself ("deze
handreiking") when no other document of the corpus uses the same noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from index.analyzer import words
from index.store import DocumentRecord
from ingest.structure import title_stop_words

_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_HASHLIKE = re.compile(r"^(?=.*\d)[a-z0-9]{6,}$|^\d+$")
MIN_ACRONYM = 3
MIN_SINGLE_WORD = 4
# A long name's acronym may leave out one word between its first and last ("Wet tegemoetkoming
# chronisch zieken en gehandicapten" is the "Wtcg"): from five words, so that such an acronym
# has four letters or more and stays unlike a common word.
SKIP_ONE_FROM = 5


def _variants(tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A name, the name without its trailing year ("leerplichtwet 1969"), and
    its acronyms (with and without the leading word, which is often the genre;
    for a long name also without one inner word), alone and with that year
    ("Wet maatschappelijke ondersteuning 2015" → "wmo", "wmo 2015")."""
    out = {tokens}
    year = tokens[-1] if len(tokens) > 1 and _YEAR.match(tokens[-1]) else None
    if year:
        out.add(tokens[:-1])
    stop = title_stop_words()
    initials = [t[0] for t in tokens if t not in stop and not t.isdigit()]
    acronyms: set[str] = set()
    if len(initials) >= 3:
        acronyms.update(("".join(initials), "".join(initials[1:])))
    if len(initials) >= SKIP_ONE_FROM:  # "Wtcg": "Wet tegemoetkoming chronisch zieken en gehandicapten"
        acronyms.update("".join(initials[:i] + initials[i + 1 :]) for i in range(1, len(initials) - 1))
    for acronym in acronyms:
        if len(acronym) >= MIN_ACRONYM:
            out.add((acronym,))
            if year:
                out.add((acronym, year))
    return {v for v in out if len(v) > 1 or len(v[0]) >= MIN_ACRONYM}


def _file_name(name: str) -> tuple[str, ...]:
    tokens = tuple(words(PurePosixPath(name).stem.replace("-", " ").replace("_", " ")))
    if not tokens or any(_HASHLIKE.match(t) for t in tokens):
        return ()  # a generated name ("003_2d3dbcd9…") names nothing
    if len(tokens) == 1 and len(tokens[0]) < MIN_SINGLE_WORD:
        return ()
    return tokens


class DocumentNames:
    """Name phrases → documents, built once per loaded index."""

    def __init__(self, documents: Iterable[DocumentRecord]) -> None:
        """``documents`` is read once, one record at a time: the records of
        20,000 documents held at once cost a worker ~50 MiB of heap that it
        did not give back."""
        self.phrases: dict[tuple[str, ...], set[str]] = {}
        genre_users: dict[str, set[str]] = {}
        count = 0
        for d in documents:
            count += 1
            names = [d.title, d.meta.title or "", *d.aliases]
            for name in names:
                tokens = tuple(words(name))
                if tokens:
                    for v in _variants(tokens):
                        self.phrases.setdefault(v, set()).add(d.name)
            stem = _file_name(d.name)
            if stem:
                for v in _variants(stem):
                    self.phrases.setdefault(v, set()).add(d.name)
            for genre in d.genres:
                genre_users.setdefault(genre, set()).add(d.name)
        for genre, users in genre_users.items():
            if len(users) == 1 and count > 1:
                self.phrases.setdefault((genre,), set()).update(users)
        # A phrase every document shares names none of them.
        self.phrases = {k: v for k, v in self.phrases.items() if len(v) < max(2, count)}
        self.longest = max((len(k) for k in self.phrases), default=0)

    def named(self, query: str) -> list[str]:
        """The documents the query names, in a stable order; [] when none."""
        return sorted({d for _, _, docs in self._matches(words(query)) for d in docs})

    def without_names(self, query: str) -> list[str]:
        """The query's words less those that name a document ("wet",
        "kinderopvang" in "Wat verstaat de Wet kinderopvang onder
        kinderopvang?"; the second "kinderopvang" stays): within that document
        the name says nothing about which passage answers."""
        tokens = words(query)
        covered = {i for start, n, _ in self._matches(tokens) for i in range(start, start + n)}
        return [w for i, w in enumerate(tokens) if i not in covered]

    def _matches(self, tokens: list[str]) -> list[tuple[int, int, set[str]]]:
        """(start, length, documents) of the name phrases among the tokens,
        longest first; a phrase inside a longer one is part of that name
        ("Wmo 2015" in "Uitvoeringsbesluit Wmo 2015"), not a name of its own."""
        found = []
        taken: set[int] = set()
        for n in range(min(self.longest, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                docs = self.phrases.get(tuple(tokens[i : i + n]))
                if docs and taken.isdisjoint(range(i, i + n)):
                    found.append((i, n, docs))
                    taken.update(range(i, i + n))
        return found
