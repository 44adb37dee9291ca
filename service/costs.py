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

import math
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from service.chat import ChatService
from service.question import AnalysedQuestion

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
    question at the end). Reads only as much of the text as it keeps."""
    window = limit * _CHARS_PER_PIECE * 2
    if len(text) > window and keep == "end":
        tail = text[-window:]
        capped = cap_tokens(tail[tail.find(" ") + 1 :] if " " in tail else tail, limit, "end")
        if estimate_tokens(capped) >= limit - 1 or len(capped) > window // 2:
            return capped  # the window held enough text; otherwise read it all (much white space)
    total = 0
    matches = _PIECES.finditer(text)
    if keep == "end":
        matches = reversed(list(matches))
    previous = None
    for m in matches:
        total += _pieces(m.group(0))
        if total > limit:
            if previous is None:  # one enormous "word": cut the word itself
                chars = limit * _CHARS_PER_PIECE
                return m.group(0)[:chars] if keep == "start" else m.group(0)[-chars:]
            return text[: previous.end()].rstrip() if keep == "start" else text[previous.start() :].lstrip()
        previous = m
    return text


class Busy(Exception):
    """No room for this request now; the client should retry after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("busy")
        self.retry_after = retry_after


class Admission:
    """At most ``total`` query requests at once. An ordinary request waits
    up to ``queue_wait`` seconds for a free place (a burst of short questions
    is served, not refused). A long one (over ``long_tokens`` word pieces)
    is refused at once when ``long`` of them are running, or when long
    requests have used more than ``long_share`` of the time (after a
    ``long_burst`` of seconds) while other requests wanted it: the time they
    take beside other requests is charged to a debt that drains at
    ``long_share`` seconds per second. So however many clients send long
    queries, they get at most that share of a busy service, while a long
    question that finds the service idle takes nobody's time and is always
    admitted (an evaluation harness asking one long question after another
    is never refused). Refusal is :class:`Busy`, with the seconds to wait."""

    def __init__(  # noqa: PLR0913 - one knob per setting
        self, total: int, long: int, long_tokens: int, retry_after: int, queue_wait: float,
        long_share: float, long_burst: float,
    ) -> None:
        self._all = threading.BoundedSemaphore(total)
        self._long = threading.BoundedSemaphore(long)
        self.long_tokens = long_tokens
        self.retry_after = retry_after
        self.queue_wait = queue_wait
        self.long_share = long_share
        self.long_burst = long_burst
        self._debt = 0.0
        self._stamp = time.monotonic()
        self._lock = threading.Lock()
        self._in_flight = 0  # requests holding a place now

    def _long_wait(self) -> float:
        """Seconds until a long request may start (0 = now); drains the debt."""
        with self._lock:
            now = time.monotonic()
            self._debt = max(0.0, self._debt - (now - self._stamp) * self.long_share)
            self._stamp = now
            return max(0.0, (self._debt - self.long_burst) / self.long_share)

    def _charge(self, seconds: float) -> None:
        with self._lock:
            self._debt += seconds

    @contextmanager
    def admit(self, tokens: int) -> Iterator[None]:
        long = tokens > self.long_tokens
        if long and self._in_flight > 0:
            wait = self._long_wait()
            if wait > 0:
                raise Busy(max(self.retry_after, math.ceil(wait)))
        acquired = self._all.acquire(blocking=False) if long else self._all.acquire(timeout=self.queue_wait)
        if not acquired:
            raise Busy(self.retry_after)
        with self._lock:
            self._in_flight += 1
            shared = self._in_flight > 1  # others were in flight when it started
        try:
            if not long:
                yield
                return
            if not self._long.acquire(blocking=False):
                raise Busy(self.retry_after)
            started = time.monotonic()
            try:
                yield
            finally:
                self._long.release()
                if shared or self._in_flight > 1:  # it took time others wanted
                    self._charge(time.monotonic() - started)
        finally:
            with self._lock:
                self._in_flight -= 1
            self._all.release()


class CappedChatService(ChatService):
    """The chat service with the caps of the settings applied to what it
    embeds and searches: each history turn, the question (its end kept), and
    the standalone query after follow-up rewriting (its start kept, so the
    question stays whole and carried words are what is cut)."""

    def focus_and_query(
        self, question: str, history: list[tuple[str, str]]
    ) -> tuple[AnalysedQuestion, str, str | None]:
        s = self.settings
        question = cap_tokens(question, s.max_query_tokens, keep="end")
        history = [(role, cap_tokens(content, s.max_turn_tokens)) for role, content in history]
        analysed, query, alone = super().focus_and_query(question, history)
        return analysed, cap_tokens(query, s.max_query_tokens), cap_tokens(alone, s.max_query_tokens) if alone else None
