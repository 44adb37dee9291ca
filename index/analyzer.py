"""Dutch analysis for BM25: fold, tokenise, drop stop words, decompound, stem.

Diacritics are folded before stemming so that ``cliënt`` and ``client`` meet.
PyStemmer's ``dutch_porter`` is used because Snowball ``dutch`` maps
*gemeente* to *meen*.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import Stemmer

from ingest.lang import word_set

if TYPE_CHECKING:
    from index.termtable import AnalysisTable

WordAnalysis = tuple[str, tuple[str, ...]]  # a word's stem and the stems of its compound parts

# Raised when analysis changes the terms of a text (nl-5: footnote marks read as a space; nl-6:
# typographic apostrophes read as "'"), so that a build made by other analysis is rebuilt by the
# next ingest instead of served with another fold.
ANALYZER_VERSION = "nl-6"

# Stop words live with the other Dutch language data (ingest/lang/nl/analysis.toml).
STOP_WORDS = word_set("analysis", "stop_words")

_TOKEN = re.compile(r"[a-z]+|\d+")

# Ordinals point at numbered headings ("het tweede criterium" → "2. …").
_ORDINALS = {"eerste": "1", "tweede": "2", "derde": "3", "vierde": "4", "vijfde": "5", "zesde": "6",
             "zevende": "7", "achtste": "8", "negende": "9", "tiende": "10"}
# Latin plurals that Dutch keeps and no stemmer maps to their singular.
_LEMMAS = {"criteria": "criterium", "media": "medium", "data": "datum", "musea": "museum", "curricula": "curriculum"}
_LINKS = ("", "s", "e", "en")
WORD_CACHE = 300_000  # distinct words whose analysis is kept (a million passages use ~250,000)
# Where a loaded build has every word of its corpus in a table (index.termtable.AnalysisTable),
# only words it never saw (a question's own, numbers) are analysed and cached per process.
UNSEEN_WORD_CACHE = 8_192
# Whole texts (passages, sentences) whose terms are kept. Enough for the texts
# of many answers at once and for every sentence of the law corpus; a
# cache of 100,000 texts would grow a worker's heap by ~1.7 GB at a million
# passages (20,000 passages of 100 words cost 338 MiB in these caches).
TEXT_CACHE = 8_192


# Superscript digits mark footnotes (ingest.normalize.note_marks); NFKD would glue them on as
# digits ("9¹" → "91"). A unit's square or cube ("m²", "km³") is the exponent a question means.
_NOTE_MARKS = re.compile(r"(?<!m)[²³]|[⁰¹⁴⁵⁶⁷⁸⁹]")


_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u2032", "'"))  # ’ ‘ ʼ ′


def fold(text: str) -> str:
    """Lower-case and strip diacritics (cliënt → client, ĳ → ij). Typographic
    apostrophes become "'" (regio’s → regio's); other characters without an
    ASCII base are dropped: tokens are [a-z0-9] runs anyway."""
    text = text.lower()
    if text.isascii():
        return text
    text = _NOTE_MARKS.sub(" ", text)  # "9¹" is the number 9 with footnote 1, not 91
    # Dropping the apostrophe of "regio’s" joined "regio" and "s" into "regios".
    text = text.translate(_APOSTROPHES)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


class Decompounder:
    """Splits Dutch compounds into parts that occur as words in the corpus.

    ``koplopergemeenten`` → ``koploper`` + ``gemeenten``; ``cliëntondersteuner``
    → ``client`` + ``ondersteuner``. Only splits whose parts are attested in
    the corpus lexicon (as a word, or through their stem) are taken, and
    among those the one whose parts are most frequent wins (Koehn & Knight).
    """

    MIN_WORD = 8
    MIN_PART = 4

    def __init__(
        self, lexicon: Mapping[str, int], stem: callable, stem_many: callable | None = None,
        stem_freq: Mapping[str, int] | None = None,
    ) -> None:
        """``lexicon``: word counts of the corpus. With ``stem_freq`` (the tables a
        build stored, see :meth:`DutchAnalyzer.lexicon_tables`) the lexicon is taken
        as already filtered and nothing is computed at load."""
        self._stem = stem
        if stem_freq is not None:
            self.lexicon, self.stem_freq = lexicon, stem_freq
            return
        self.lexicon = {w: n for w, n in lexicon.items() if len(w) >= self.MIN_PART and w not in STOP_WORDS}
        counts: Counter[str] = Counter()
        # One call for the whole lexicon when the stemmer can (a large index opens faster).
        stems = stem_many(list(self.lexicon)) if stem_many is not None else map(stem, self.lexicon)
        for s, n in zip(stems, self.lexicon.values(), strict=True):
            counts[s] += n
        self.stem_freq = counts

    def _part_freq(self, part: str) -> int:
        """How often the part is attested: as a word, through its stem, or as
        a derivation of an attested stem (ondersteun+er)."""
        if len(part) < self.MIN_PART or part in STOP_WORDS:
            return 0
        found = self.lexicon.get(part) or self.stem_freq.get(self._stem(part), 0)
        if found:
            return found
        for cut in (1, 2, 3):
            base = part[:-cut]
            if len(base) >= 6 and (n := self.stem_freq.get(base, 0)):
                return n
        return 0

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per loaded index
    def split(self, word: str, depth: int = 0) -> tuple[str, ...]:
        if len(word) < self.MIN_WORD or depth > 1:
            return ()
        best: tuple[float, int, int, tuple[str, ...]] | None = None
        for i in range(self.MIN_PART, len(word) - self.MIN_PART + 1):
            tail = word[i:]
            tail_freq = self._part_freq(tail)
            if not tail_freq:
                continue
            for link in _LINKS:
                if link and not word[:i].endswith(link):
                    continue
                head = word[: i - len(link)] if link else word[:i]
                head_freq = self._part_freq(head)
                if not head_freq:
                    continue
                score = (head_freq * tail_freq) ** 0.5
                # Same split point: prefer the reading with a linking morpheme
                # (beoordeling+s+criteria over beoordelings+criteria).
                candidate = (score, i, len(link), (head, tail))
                if best is None or candidate[:3] > best[:3]:
                    best = candidate
        if best is None:
            return ()
        head, tail = best[3]
        return (head, *(self.split(tail, depth + 1) or (tail,)))


class DutchAnalyzer:
    """Turns text into BM25 terms; the same instance analyses passages and queries."""

    def __init__(
        self, lexicon: Mapping[str, int] | None = None, decompound: bool = True,
        stem_freq: Mapping[str, int] | None = None, analyses: AnalysisTable | None = None,
    ) -> None:
        """``analyses``: every word's analysis as a loaded build stored it; the
        words it lacks are analysed here."""
        self._stemmer = Stemmer.Stemmer("dutch_porter")
        self._stemmer.maxCacheSize = 100_000
        self.decompound = decompound and lexicon is not None
        batch = Stemmer.Stemmer("dutch_porter")
        batch.maxCacheSize = 0  # a whole lexicon at once: the cache would only cost (5x slower)
        self.decompounder = (
            Decompounder(lexicon, self.stem, batch.stemWords, stem_freq) if self.decompound and lexicon else None
        )
        # Passages and their sentences are analysed again for every answer: cache.
        self.terms = lru_cache(maxsize=TEXT_CACHE)(self._terms)
        # A corpus repeats its words (Zipf): each distinct word is stopped,
        # decompounded and stemmed once, which makes analysing a build ~8x faster.
        self.analyses = analyses
        self._word = lru_cache(maxsize=WORD_CACHE if analyses is None else UNSEEN_WORD_CACHE)(self._word_terms)

    def stem(self, word: str) -> str:
        return self._stemmer.stemWord(word)

    def lexicon_tables(self) -> tuple[Mapping[str, int], Mapping[str, int]] | None:
        """What the decompounder looks words up in (the filtered lexicon and the
        counts per stem), for a build to store as memory-mapped tables."""
        d = self.decompounder
        return None if d is None else (d.lexicon, d.stem_freq)

    @staticmethod
    def build_lexicon(texts: Iterable[str]) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w for w in words(text) if not w.isdigit())
        return dict(counts)

    def word_terms(self, text: str) -> list[WordAnalysis]:
        """Per content word: its stem and the stems of its compound parts."""
        ws = words(text)
        if self.analyses is None:
            analysed = (self._word(w) for w in ws)
            return [a for a in analysed if a is not None]
        ws = [w for w in ws if w not in STOP_WORDS]
        return [a if a is not None else self._word(w) for w, a in zip(ws, self.analyses.lookup(ws), strict=True)]

    def analyses_of(self, lexicon: Iterable[str]) -> Iterator[tuple[str, WordAnalysis]]:
        """The analysis of each content word of a build's lexicon, for the
        build to store (:class:`index.termtable.AnalysisTable`)."""
        for w in lexicon:
            analysed = self._word(w)
            if analysed is not None:
                yield w, analysed

    def word_cache_size(self) -> int:
        """How many words this process keeps analysed (its heap's share)."""
        return self._word.cache_info().currsize

    def _word_terms(self, w: str) -> WordAnalysis | None:
        if w in STOP_WORDS:
            return None
        w = _ORDINALS.get(w, _LEMMAS.get(w, w))
        parts = self.decompounder.split(w) if self.decompounder is not None else ()
        return self.stem(w), tuple(self.stem(_LEMMAS.get(p, p)) for p in parts)

    def document_terms(self, text: str) -> list[str]:
        """Terms to index for a passage: compound parts are added only where
        the passage does not use that word on its own, so decompounding lets
        a query find the compound without inflating the frequency of words
        the passage already has."""
        analysed = self.word_terms(text)
        own = {stem for stem, _ in analysed}
        out: list[str] = []
        for stem, parts in analysed:
            out.append(stem)
            out.extend(p for p in parts if p not in own)
        return out

    def _terms(self, text: str) -> list[str]:
        out: list[str] = []
        for stem, parts in self.word_terms(text):
            out.append(stem)
            out.extend(parts)
        return out
