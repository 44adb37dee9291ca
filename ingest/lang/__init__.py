"""Language data as data: Dutch word lists, cue patterns and texts in one place.

Every layer reads its Dutch words from here (``ingest`` is the lowest layer,
so ``index`` and ``service`` may import it too). Each topic is one TOML file in
``nl/``; code asks for a topic by name and gets a plain dict, cached.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGE = "nl"


@cache
def load(topic: str, language: str = LANGUAGE) -> dict[str, Any]:
    """The data of one topic (``nl/<topic>.toml``); a missing topic is a programming error."""
    path = resources.files(__package__).joinpath(language, f"{topic}.toml")
    with path.open("rb") as fh:
        return tomllib.load(fh)


def word_set(topic: str, key: str, language: str = LANGUAGE) -> frozenset[str]:
    """A word list from a topic as a frozenset; lists may be given as one whitespace-separated string."""
    value = load(topic, language)[key]
    items = value.split() if isinstance(value, str) else value
    return frozenset(items)
