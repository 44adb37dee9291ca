"""The JSON API of the contract (shared/API.md): status, questions, corpus, feedback."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel

from service.application import App
from service.errors import error
from service.redact import redact
from service.schemas import (
    AskRequest,
    AskResponse,
    DocumentsResponse,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResponse,
    HealthResponse,
    NotReadyResponse,
    PassageResponse,
    ReadyResponse,
    SearchRequest,
    SearchResponse,
)
from service.security import BUSY_RESPONSES, NOT_READY_RESPONSES


def _as_json(model: BaseModel) -> Response:
    """A response model built by this service, written as JSON directly:
    FastAPI would validate it against its own class again and encode it
    through ``jsonable_encoder`` (0.6 ms of a 20 ms answer, measured); the
    ``response_model`` still documents it in the OpenAPI schema."""
    return Response(model.model_dump_json(), media_type="application/json")


def api_router(application: App) -> APIRouter:
    settings = application.settings
    router = APIRouter()

    @router.get("/healthz", tags=["status"], response_model=HealthResponse)
    def healthz() -> dict:
        return {"ok": True}

    @router.get("/readyz", tags=["status"], response_model=ReadyResponse,
                responses={503: {"model": NotReadyResponse}})
    def readyz():
        """Ready or not, and why in general words; the details are in the log."""
        ready = application.readiness()
        if ready is None:
            return JSONResponse({"ready": False, "reason": application.holder.public_reason()}, status_code=503,
                                headers={"Retry-After": str(settings.retry_after)})
        return ready

    @router.post("/v1/ask", response_model=AskResponse, tags=["vragen"], responses=BUSY_RESPONSES)
    def ask(body: AskRequest, request: Request):
        response, stats = application.ask(body.question, [(t.role, t.content) for t in body.history], body.top_k)
        request.state.stats = {
            "hits": stats.hits, "abstained": stats.abstained, "generated": stats.generated,
            "rewritten": stats.rewritten, **{f"evidence_{k}": v for k, v in stats.evidence.items()},
            "retrieve_ms": response.timings_ms["retrieve"],
        }
        if settings.log_questions:
            request.state.stats["question"] = redact(body.question)
        if "text/event-stream" in request.headers.get("accept", ""):
            return StreamingResponse(_sse(response), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        return _as_json(response)

    @router.post("/v1/search", response_model=SearchResponse, tags=["vragen"], responses=BUSY_RESPONSES)
    def search(body: SearchRequest, request: Request):
        history = [(t.role, t.content) for t in body.history]
        response = application.search(body.query, history, body.top_k, body.documents)
        request.state.stats = {"hits": len(response.results), "retrieve_ms": response.timings_ms["retrieve"]}
        return _as_json(response)

    @router.get("/v1/documents", response_model=DocumentsResponse, tags=["corpus"], responses=NOT_READY_RESPONSES)
    def documents():
        return application.documents()

    @router.get("/v1/passages/{passage_id}", response_model=PassageResponse, tags=["corpus"],
                responses={404: {"model": ErrorResponse, "description": "Geen passage met dit id."},
                           **NOT_READY_RESPONSES})
    def passage(passage_id: str):
        found = application.passage(passage_id)
        if found is None:
            return error(404, "not_found", f"Passage '{passage_id[:64]}' bestaat niet in deze index.")
        return found

    @router.post("/v1/feedback", status_code=201, response_model=FeedbackResponse, tags=["feedback"],
                 responses={404: {"model": ErrorResponse, "description": "Geen antwoord-id van deze dienst."},
                            429: BUSY_RESPONSES[429]})
    def feedback(body: FeedbackRequest):
        """One rating per answer id (a new rating replaces the earlier one); only ids this service handed out."""
        if not application.rate(body.answer_id, body.rating, body.remark, body.question):
            return error(404, "not_found", "Dit antwoord-id is niet door deze dienst gegeven.")
        return FeedbackResponse()

    return router


def _sse(response: AskResponse) -> Iterator[str]:
    """citations → token… → done, as the contract orders them."""
    def event(name: str, data: object) -> str:
        return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield event("citations", {"citations": [c.model_dump() for c in response.citations]})
    for piece in re.findall(r"\S+\s*|\s+", response.answer):
        yield event("token", {"text": piece})
    yield event("done", response.model_dump())
