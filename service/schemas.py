"""Request and response bodies of the HTTP contract (shared/API.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_QUESTION = 2000
MAX_HISTORY = 20


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


def _trimmed(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("mag niet leeg zijn")
    if len(value) > MAX_QUESTION:
        raise ValueError(f"mag hoogstens {MAX_QUESTION} tekens lang zijn")
    return value


QuestionText = Annotated[str, AfterValidator(_trimmed), Field(description="1–2,000 characters after trimming")]


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


class PassageResponse(PassageFields):
    url: str | None
    previous_id: str | None
    next_id: str | None


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class FeedbackRequest(BaseModel):
    answer_id: str = Field(min_length=1, max_length=128)
    rating: Literal["up", "down"]
    remark: str | None = Field(None, max_length=1000)
    question: str | None = Field(None, max_length=MAX_QUESTION, description="stored only when the operator allows")


class FeedbackResponse(BaseModel):
    ok: bool = True
