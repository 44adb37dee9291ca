"""Request and response bodies of the HTTP contract (shared/API.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.textnorm import clean_text

MAX_QUESTION = 2000
MAX_HISTORY = 20


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: clean_text(20_000)


# Normalised (service/textnorm.py) and trimmed; at most 2,000 characters as sent.
QuestionText = clean_text(MAX_QUESTION, required=True, description="1–2,000 characters after trimming")


class AskRequest(BaseModel):
    question: QuestionText
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY)
    top_k: int = Field(5, ge=1, le=20)


class SearchRequest(BaseModel):
    query: QuestionText
    top_k: int = Field(10, ge=1, le=50)
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY)
    documents: list[str] | None = Field(None, description="only passages of these documents (file names)")


class PassageFields(BaseModel):
    """Where a passage comes from, ready to quote: document, section, page,
    and its character offsets in the document's normalised text."""

    passage_id: str
    document: str
    title: str | None
    page: int | None
    section: str | None
    section_path: list[str]
    locator: str | None = Field(None, description='how a reader cites the place: "artikel 2.3.2, vierde lid", "Stap 3"')
    text: str
    start: int
    end: int


class SearchResult(PassageFields):
    rank: int
    score: float
    scores: dict[str, float]


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    timings_ms: dict[str, float]


class Citation(PassageFields):
    n: int
    quote: str
    score: float
    url: str | None


class AskResponse(BaseModel):
    id: str
    answer: str
    abstained: bool
    confidence: float = Field(
        ge=0, le=1, description="calibrated probability that the cited passages support the answer; "
        "abstained is true exactly when it is below the operator's threshold"
    )
    query: str
    citations: list[Citation]
    timings_ms: dict[str, float]


class DocumentInfo(BaseModel):
    document: str
    title: str
    publisher: str | None
    date: str | None
    source: str | None
    format: str
    pages: int | None
    passages: int
    warnings: list[str]


class DocumentsResponse(BaseModel):
    documents: list[DocumentInfo]


class PassageReference(BaseModel):
    """A passage of the same document that this one refers to ("als bedoeld in artikel 5")."""

    passage_id: str
    locator: str | None
    section: str | None
    text: str


class PassageResponse(PassageFields):
    url: str | None
    previous_id: str | None
    next_id: str | None
    references: list[PassageReference] = Field(default_factory=list)


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class FeedbackRequest(BaseModel):
    answer_id: clean_text(128, required=True)
    rating: Literal["up", "down"]
    remark: clean_text(1000) | None = None
    question: clean_text(MAX_QUESTION, description="stored only when the operator allows") | None = None


class FeedbackResponse(BaseModel):
    ok: bool = True


class HealthResponse(BaseModel):
    ok: bool = True


class ReadyResponse(BaseModel):
    ready: Literal[True]
    passages: int
    documents: int
    build: str
    embedder: str


class NotReadyResponse(BaseModel):
    ready: Literal[False]
    reason: str = Field(description="in general words; the details are in the service's log")
