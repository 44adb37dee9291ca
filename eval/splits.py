"""The fixed train/test split of every question set.

A question is in the test split when the SHA-256 of its id, read as a number,
is below 35 modulo 100: about 35 % of each set, decided by the id alone, so the
split never depends on the questions' content, on results or on the order of
the file, and no setting can be chosen by looking at which questions land where.
Nothing is ever fitted, calibrated or chosen on the test split.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal, Protocol, TypeVar

Split = Literal["train", "test", "all"]
TEST_SHARE_PERCENT = 35


class _HasId(Protocol):
    id: str


Q = TypeVar("Q", bound=_HasId)


def split_of(question_id: str) -> Literal["train", "test"]:
    """Which split a question id belongs to (stable across files and runs)."""
    digest = int(hashlib.sha256(question_id.encode("utf-8")).hexdigest(), 16)
    return "test" if digest % 100 < TEST_SHARE_PERCENT else "train"


def select(questions: Iterable[Q], split: Split) -> list[Q]:
    """The questions of one split; ``all`` keeps every question."""
    if split == "all":
        return list(questions)
    return [q for q in questions if split_of(q.id) == split]
