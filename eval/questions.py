"""Reading question sets in the shared JSONL format (shared/EVAL_FORMAT.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field


class Evidence(BaseModel):
    document: str | None = None
    quote: str


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class Question(BaseModel):
    id: str
    question: str
    history: list[Turn] = Field(default_factory=list)
    answerable: bool = True
    evidence: list[Evidence] = Field(default_factory=list)
    reference_answer: str = ""
    tags: list[str] = Field(default_factory=list)


class QuestionSetError(ValueError):
    pass


def load_questions(path: Path) -> list[Question]:
    items: list[Question] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = Question.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValueError) as exc:
            raise QuestionSetError(f"{path}:{n}: {exc}") from exc
        if item.id in seen:
            raise QuestionSetError(f"{path}:{n}: id {item.id!r} komt twee keer voor")
        seen.add(item.id)
        items.append(item)
    return items
