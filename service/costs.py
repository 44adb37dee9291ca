"""Bounded cost per request: caps on what is embedded and searched, and a
limit on how many expensive requests run at once.

Why: embedding time grows with the length of the query (a 2,000-character
query costs about twenty short ones), and the embedder serves one call at a
time, so four clients sending long queries starved everyone else. The caps
bound each request; the admission limits bound how many run together, and
a request over the limit is refused at once (503 with ``Retry-After``)
instead of queueing behind the others.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from service.chat import ChatService

_PIECES = re.compile(r"\w+|[^\w\s]")
# Characters per word piece of the estimate; against the multilingual-e5 tokenizer on Dutch
# guides, laws and questions it overestimates in ~90 % of texts (median ratio 1.13).
_CHARS_PER_PIECE = 4


def _pieces(word: str) -> int:
    if not (word[0].isalnum() or word[0] == "_"):
        return 1
    return 1 + (len(word) - 1) // _CHARS_PER_PIECE


def estimate_tokens(text: str) -> int:
    """A cheap estimate of the embedder's word pieces, independent of the embedder in use."""
    return sum(_pieces(m.group(0)) for m in _PIECES.finditer(text))


def cap_tokens(text: str, limit: int, keep: Literal["start", "end"] = "start") -> str:
    """``text`` cut to about ``limit`` word pieces on a word boundary,
    keeping its start or its end (a long conversational question asks its
    question at the end)."""
    matches = list(_PIECES.finditer(text))
    if keep == "end":
        matches.reverse()
    total = 0
    for i, m in enumerate(matches):
        total += _pieces(m.group(0))
        if total > limit:
            if i == 0:  # one enormous "word": cut the word itself
                chars = limit * _CHARS_PER_PIECE
                return m.group(0)[:chars] if keep == "start" else m.group(0)[-chars:]
            last = matches[i - 1]
            return text[: last.end()].rstrip() if keep == "start" else text[last.start():].lstrip()
    return text


class Busy(Exception):
    """No room for this request now; the client should retry after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("busy")
        self.retry_after = retry_after


class Admission:
    """At most ``total`` query requests at once, of which at most ``long``
    have a query over ``long_tokens`` word pieces. An ordinary request waits
    up to ``queue_wait`` seconds for a free place (a burst of short questions
    is served, not refused); a long one that finds no room is refused at once.
    Refusal is :class:`Busy`."""

    def __init__(self, total: int, long: int, long_tokens: int, retry_after: int, queue_wait: float) -> None:
        self._all = threading.BoundedSemaphore(total)
        self._long = threading.BoundedSemaphore(long)
        self.long_tokens = long_tokens
        self.retry_after = retry_after
        self.queue_wait = queue_wait

    @contextmanager
    def admit(self, tokens: int) -> Iterator[None]:
        wait = self.queue_wait if tokens <= self.long_tokens else 0
        acquired = self._all.acquire(timeout=wait) if wait > 0 else self._all.acquire(blocking=False)
        if not acquired:
            raise Busy(self.retry_after)
        try:
            if tokens <= self.long_tokens:
                yield
                return
            if not self._long.acquire(blocking=False):
                raise Busy(self.retry_after)
            try:
                yield
            finally:
                self._long.release()
        finally:
            self._all.release()


class CappedChatService(ChatService):
    """The chat service with the caps of the settings applied to what it
    embeds and searches: each history turn, the question (its end kept), and
    the standalone query after follow-up rewriting (its start kept, so the
    question stays whole and carried words are what is cut)."""

    def standalone(self, question: str, history: list[tuple[str, str]]) -> str:
        s = self.settings
        question = cap_tokens(question, s.max_query_tokens, keep="end")
        history = [(role, cap_tokens(content, s.max_turn_tokens)) for role, content in history]
        return cap_tokens(super().standalone(question, history), s.max_query_tokens)

    def query_tokens(self, question: str, history: list[tuple[str, str]]) -> int:
        """The size of what this request will embed and search, for admission."""
        return estimate_tokens(self.standalone(question, history))
