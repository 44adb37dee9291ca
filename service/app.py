"""The FastAPI application of the HTTP contract (shared/API.md)."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import logs
from service.chat import ChatService
from service.engine import Engine
from service.feedback import FeedbackStore
from service.pages import pages_router
from service.redact import redact
from service.schemas import (
    AskRequest,
    AskResponse,
    DocumentInfo,
    DocumentsResponse,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResponse,
    PassageResponse,
    SearchRequest,
    SearchResponse,
)
from service.settings import Settings

STATIC = Path(__file__).parent / "static"

_FIELD_MESSAGES = {
    "missing": "ontbreekt",
    "string_too_long": "is te lang",
    "string_too_short": "is te kort",
    "too_long": "bevat te veel items",
    "greater_than_equal": "is te klein",
    "less_than_equal": "is te groot",
    "greater_than": "is te klein",
    "less_than": "is te groot",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "string_type": "moet tekst zijn",
    "list_type": "moet een lijst zijn",
    "literal_error": "heeft een ongeldige waarde",
    "extra_forbidden": "is geen bekend veld",
    "model_attributes_type": "moet een object zijn",
    "model_type": "moet een object zijn",
    "dict_type": "moet een object zijn",
    "bool_type": "moet waar of onwaar zijn",
}


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra) -> JSONResponse:
    body = {"error": {"code": code, "message": message, **extra}}
    return JSONResponse(body, status_code=status, headers=headers)


class BodyLimit:
    """413 for bodies over the limit, with or without a Content-Length."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = error(413, "payload_too_large", f"Het verzoek is groter dan {self.limit} bytes.")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await too_big(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await too_big(scope, receive, send)


class _TooLarge(Exception):
    pass


class _NotReady(Exception):
    pass


class AppState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.chat: ChatService | None = None
        self.load_error: str | None = None
        self.feedback: FeedbackStore | None = None

    def reload_if_changed(self) -> None:
        """Serve a newly published index build (``vraagbaak ingest`` while
        serving): load it beside the current one, then swap in one
        assignment, so requests in flight finish on the build they started with."""
        if self.chat is None:
            return
        from index.search import LoadedIndex
        from index.store import current_build

        build = current_build(self.settings.index)
        loaded = self.chat.engine.index
        if build is None or build == loaded.build_dir:
            return
        try:
            index = LoadedIndex(build, loaded.embedder)
        except Exception as exc:  # noqa: BLE001 - keep serving the build we have
            logs.LOGGER.error("index_reload_failed", extra={"fields": {"build": build.name, "reason": str(exc)}})
            return
        self.chat = ChatService(Engine(self.settings, index))
        logs.log("index_reloaded", passages=len(index), build=index.manifest.build_id)

    def load(self, engine: Engine | None = None) -> None:
        try:
            engine = engine or Engine.load(self.settings)
            self.chat = ChatService(engine)
            logs.log("index_loaded", passages=len(engine.index), build=engine.index.manifest.build_id)
        except Exception as exc:  # noqa: BLE001 - reported through /readyz
            self.load_error = str(exc)
            logs.LOGGER.error("index_load_failed", extra={"fields": {"reason": str(exc)}})


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or Settings()
    state = AppState(settings)

    async def watch() -> None:
        while True:
            await asyncio.sleep(settings.reload_interval)
            await asyncio.to_thread(state.reload_if_changed)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        logs.configure()
        state.feedback = FeedbackStore(settings.feedback_db, settings.feedback_store_questions)
        # Load in a worker thread: /healthz answers at once, /readyz says when queries can be served.
        task = asyncio.create_task(asyncio.to_thread(state.load, engine))
        watcher = asyncio.create_task(watch()) if settings.reload_interval > 0 else None
        yield
        if watcher is not None:
            watcher.cancel()
        if not task.done():
            await task
        state.feedback.close()

    app = FastAPI(
        title="Vraagbaak",
        version="0.1.0",
        description="Antwoorden met bronnen over cliëntondersteuning (Wmo 2015).",
        lifespan=lifespan,
        responses={400: {"model": ErrorResponse}, 413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
    )
    app.state.vraagbaak = state
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept"],
        )

    @app.middleware("http")
    async def request_log(request: Request, call_next):
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        if not re.fullmatch(r"[\w-]{1,64}", request_id):
            request_id = uuid.uuid4().hex[:16]
        request.state.request_id = request_id
        request.state.stats = {}
        t0 = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Request-ID"] = request_id
        fields = {
            "request_id": request_id,
            "method": request.method,
            "route": request.url.path,
            "status": response.status_code,
            "latency_ms": round((time.perf_counter() - t0) * 1000, 2),
            **request.state.stats,
        }
        logs.log("request", **fields)
        return response

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return error(400, "invalid_json", "De body is geen geldige JSON.")
        details = []
        for e in errors:
            loc = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
            if e.get("type") == "value_error":
                text = str(e.get("ctx", {}).get("error", e.get("msg", "")))
            else:
                text = _FIELD_MESSAGES.get(e.get("type", ""), "is ongeldig")
            details.append({"field": loc, "message": text})
        first = details[0] if details else {"field": "body", "message": "is ongeldig"}
        return error(422, "invalid_request", f"Veld '{first['field']}' {first['message']}.", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: ("not_found", "Niet gevonden."), 405: ("method_not_allowed", "Deze methode kan hier niet.")}
        code, message = codes.get(exc.status_code, ("http_error", str(exc.detail)))
        if isinstance(exc.detail, str) and exc.status_code == 404 and exc.detail != "Not Found":
            message = exc.detail
        return error(exc.status_code, code, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        logs.LOGGER.exception("unhandled", extra={"fields": {"request_id": getattr(request.state, "request_id", "")}})
        return error(500, "internal_error", "Er ging iets mis aan onze kant. Probeer het later opnieuw.")

    @app.exception_handler(_NotReady)
    async def not_ready(request: Request, exc: _NotReady):
        message = (
            f"De index kon niet worden geladen: {state.load_error}" if state.load_error
            else "De index wordt nog geladen; probeer het zo opnieuw."
        )
        return error(503, "not_ready", message, headers={"Retry-After": "2"})

    def ready_chat() -> ChatService:
        """The chat service of the index being served; 503 until there is one."""
        if state.chat is None:
            raise _NotReady
        return state.chat

    @app.get("/healthz", tags=["status"])
    def healthz() -> dict:
        return {"ok": True}

    @app.get("/readyz", tags=["status"])
    def readyz():
        if state.chat is None:
            body = {"ready": False, "reason": state.load_error or "index wordt geladen"}
            return JSONResponse(body, status_code=503)
        index = state.chat.engine.index
        return {"ready": True, "passages": len(index), "documents": len(index.documents),
                "build": index.manifest.build_id, "embedder": index.manifest.embedder}

    @app.post("/v1/ask", response_model=AskResponse, tags=["vragen"])
    def ask(body: AskRequest, request: Request):
        chat = ready_chat()
        history = [(t.role, t.content) for t in body.history]
        response, stats = chat.ask(body.question, history, body.top_k)
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
        return response

    @app.post("/v1/search", response_model=SearchResponse, tags=["vragen"])
    def search(body: SearchRequest, request: Request):
        chat = ready_chat()
        query = chat.standalone(body.query, [(t.role, t.content) for t in body.history])
        response = chat.engine.search_response(query, body.top_k, body.documents)
        request.state.stats = {"hits": len(response.results), "retrieve_ms": response.timings_ms["retrieve"]}
        return response

    @app.get("/v1/documents", response_model=DocumentsResponse, tags=["corpus"])
    def documents():
        chat = ready_chat()
        docs = chat.engine.index.documents.values()
        return DocumentsResponse(documents=[
            DocumentInfo(document=d.name, title=d.title, publisher=d.meta.publisher, date=d.meta.date,
                         source=d.meta.source, format=d.format, pages=d.pages, passages=d.passage_count,
                         warnings=d.warnings)
            for d in sorted(docs, key=lambda d: d.name)
        ])

    @app.get("/v1/passages/{passage_id}", response_model=PassageResponse, tags=["corpus"])
    def passage(passage_id: str):
        chat = ready_chat()
        index = chat.engine.index
        row = index.row_of.get(passage_id)
        if row is None:
            return error(404, "not_found", f"Passage '{passage_id[:64]}' bestaat niet in deze index.")
        p = index.passages[row]
        prev_p = index.passages[row - 1] if row > 0 and index.passages[row - 1].document == p.document else None
        next_p = (index.passages[row + 1] if row + 1 < len(index.passages)
                  and index.passages[row + 1].document == p.document else None)
        return PassageResponse(
            **chat.engine.passage_fields(p), url=chat.engine.source_url(p),
            previous_id=prev_p.id if prev_p else None, next_id=next_p.id if next_p else None,
        )

    @app.post("/v1/feedback", status_code=201, response_model=FeedbackResponse, tags=["feedback"])
    def feedback(body: FeedbackRequest):
        state.feedback.add(body.answer_id, body.rating, body.remark, body.question)
        return FeedbackResponse()

    app.include_router(pages_router(settings, lambda: state.chat))  # "/" and the adviser pages

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    @app.get("/widget.js", include_in_schema=False)
    def widget():
        return FileResponse(STATIC / "widget.js", media_type="text/javascript")

    return app


def _sse(response: AskResponse) -> Iterator[str]:
    """citations → token… → done, as the contract orders them."""
    def event(name: str, data: object) -> str:
        return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield event("citations", {"citations": [c.model_dump() for c in response.citations]})
    for piece in re.findall(r"\S+\s*|\s+", response.answer):
        yield event("token", {"text": piece})
    yield event("done", response.model_dump())
