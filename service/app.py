"""The FastAPI application of the HTTP contract (shared/API.md)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import logs
from service.answer_ids import verify_answer_id
from service.costs import Admission, Busy, CappedChatService, estimate_tokens
from service.engine import Engine
from service.feedback import FeedbackStore
from service.pages import pages_router
from service.ratelimit import RateLimits
from service.redact import redact
from service.schemas import (
    AskRequest,
    AskResponse,
    DocumentInfo,
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
from service.security import BUSY_RESPONSES, NOT_READY_RESPONSES, RateLimitMiddleware, SecurityHeaders, docs_router
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
    """413 for bodies over the limit, with or without a Content-Length: the
    body (at most ``limit`` bytes) is read here and handed on whole, so a
    chunked body over the limit never reaches the JSON parser."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = error(413, "payload_too_large", f"Het verzoek is groter dan {self.limit} bytes.",
                        headers={"Connection": "close"})
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await too_big(scope, receive, send)
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.limit:
                return await too_big(scope, receive, send)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


class _NotReady(Exception):
    pass


class AppState:
    """The index being served, and how it gets there: loaded in the
    background after the port is bound, retried every reload interval while
    nothing is loaded (so publishing a good build heals a broken one), and
    swapped for each newly published build."""

    def __init__(self, settings: Settings, prepare: Callable[[], None] | None = None) -> None:
        self.settings = settings
        self.prepare = prepare  # e.g. build the index when there is none (vraagbaak serve)
        self.chat: CappedChatService | None = None
        self.load_error: str | None = None  # for the log; the public reason is in general words
        self.preparing = prepare is not None
        self.feedback: FeedbackStore | None = None
        self._embedder = None
        self._loading = threading.Lock()

    def public_reason(self) -> str:
        if self.preparing:
            return "de index wordt gebouwd"
        if self.load_error is not None:
            return "de index kon niet worden geladen; de beheerder is gewaarschuwd"
        return "de index wordt geladen"

    def start(self, engine: Engine | None = None) -> None:
        """The first load (after ``prepare``), in a worker thread."""
        if self.prepare is not None:
            try:
                self.prepare()
            except BaseException as exc:  # noqa: BLE001 - keep serving /healthz; the watcher retries the load
                logs.LOGGER.error("index_prepare_failed", extra={"fields": {"reason": repr(exc)[:500]}})
            finally:
                self.preparing = False
        self.load(engine)

    def refresh(self) -> None:
        """One check of the watcher: load while nothing is loaded, else swap in a newer build."""
        if self.preparing:
            return
        if self.chat is None:
            self.load()
        else:
            self.reload_if_changed()

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
        if not self._loading.acquire(blocking=False):
            return
        try:
            index = LoadedIndex(build, loaded.embedder)
        except Exception as exc:  # noqa: BLE001 - keep serving the build we have
            logs.LOGGER.error("index_reload_failed", extra={"fields": {"build": build.name, "reason": str(exc)}})
            return
        finally:
            self._loading.release()
        self.chat = CappedChatService(Engine(self.settings, index))
        logs.log("index_reloaded", passages=len(index), build=index.manifest.build_id)

    def load(self, engine: Engine | None = None) -> None:
        if not self._loading.acquire(blocking=False):
            return  # a load is under way
        try:
            if engine is None:
                from index.embedder import load_embedder
                from index.search import LoadedIndex

                if self._embedder is None:
                    self._embedder = load_embedder(self.settings.embedder)
                engine = Engine(self.settings, LoadedIndex.open(self.settings.index, self._embedder))
            self.chat = CappedChatService(engine)
            self.load_error = None
            logs.log("index_loaded", passages=len(engine.index), build=engine.index.manifest.build_id)
        except Exception as exc:  # noqa: BLE001 - reported through /readyz and the log, retried by the watcher
            if str(exc) != self.load_error:  # once per distinct reason, not every interval
                logs.LOGGER.error("index_load_failed", extra={"fields": {"reason": str(exc)}})
            self.load_error = str(exc)
        finally:
            self._loading.release()


def create_app(
    settings: Settings | None = None, engine: Engine | None = None, prepare: Callable[[], None] | None = None
) -> FastAPI:
    """The app; ``prepare`` runs in the background before the first load
    (``vraagbaak serve`` builds a missing index there, with the port bound)."""
    settings = settings or Settings()
    state = AppState(settings, prepare)
    admission = Admission(settings.max_concurrent_queries, settings.max_concurrent_long_queries,
                          settings.long_query_tokens, settings.retry_after, settings.queue_wait,
                          settings.long_query_share, settings.long_query_burst)
    rate_limits = RateLimits(
        {"/v1/ask": settings.rate_limit_ask, "/v1/search": settings.rate_limit_search,
         "/v1/feedback": settings.rate_limit_feedback},
        settings.trusted_proxies,
    )

    async def watch() -> None:
        while True:
            await asyncio.sleep(settings.reload_interval)
            await asyncio.to_thread(state.refresh)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        logs.configure()
        state.feedback = FeedbackStore(settings.feedback_db, settings.feedback_store_questions,
                                       settings.feedback_max_remark_bytes)
        # Load in a daemon thread: /healthz answers at once, /readyz says when queries can be
        # served, and shutdown never waits for a build or load in progress.
        threading.Thread(target=state.start, args=(engine,), name="index-load", daemon=True).start()
        watcher = asyncio.create_task(watch()) if settings.reload_interval > 0 else None
        yield
        if watcher is not None:
            watcher.cancel()
        state.feedback.close()

    app = FastAPI(
        title="Vraagbaak",
        version="0.1.0",
        description="Antwoorden met bronnen over cliëntondersteuning (Wmo 2015).",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        responses={400: {"model": ErrorResponse, "description": "De body is geen JSON."},
                   413: {"model": ErrorResponse, "description": "De body is te groot."},
                   422: {"model": ErrorResponse, "description": "Een veld volgt de regels niet."}},
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
        try:
            response = await call_next(request)
        except Exception:  # an unhandled error still gets its request line (then the 500 handler answers)
            logs.log("request", request_id=request_id, method=request.method, route=request.url.path, status=500,
                     latency_ms=round((time.perf_counter() - t0) * 1000, 2))
            raise
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
    app.add_middleware(RateLimitMiddleware, limits=rate_limits, retry_error=error)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    if settings.docs_enabled:
        app.include_router(docs_router())

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
        code, message = codes.get(exc.status_code, ("http_error", "Dit verzoek kan niet worden verwerkt."))
        if isinstance(exc.detail, str) and exc.status_code == 404 and exc.detail != "Not Found":
            message = exc.detail
        return error(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        logs.LOGGER.exception("unhandled", extra={"fields": {"request_id": getattr(request.state, "request_id", "")}})
        return error(500, "internal_error", "Er ging iets mis aan onze kant. Probeer het later opnieuw.")

    @app.exception_handler(_NotReady)
    async def not_ready(request: Request, exc: _NotReady):
        message = f"De dienst is nog niet klaar: {state.public_reason()}. Probeer het later opnieuw."
        return error(503, "not_ready", message, headers={"Retry-After": str(settings.retry_after)})

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy):
        # A client that ignores Retry-After and repeats at once would make refusing it the load;
        # holding the refusal a moment costs no thread (this handler awaits) and paces it.
        request.state.stats = {"refused": "busy"}  # the request log tells a deliberate refusal from a fault
        await asyncio.sleep(settings.busy_delay)
        return error(503, "busy", "Het is nu te druk; probeer het over enkele seconden opnieuw.",
                     headers={"Retry-After": str(exc.retry_after)})

    def ready_chat() -> CappedChatService:
        """The chat service of the index being served; 503 until there is one."""
        if state.chat is None:
            raise _NotReady
        return state.chat

    @app.get("/healthz", tags=["status"], response_model=HealthResponse)
    def healthz() -> dict:
        return {"ok": True}

    @app.get("/readyz", tags=["status"], response_model=ReadyResponse, responses={503: {"model": NotReadyResponse}})
    def readyz():
        """Ready or not, and why in general words; the details are in the log."""
        if state.chat is None:
            return JSONResponse({"ready": False, "reason": state.public_reason()}, status_code=503,
                                headers={"Retry-After": str(settings.retry_after)})
        index = state.chat.engine.index
        return {"ready": True, "passages": len(index), "documents": len(index.documents),
                "build": index.manifest.build_id, "embedder": index.manifest.embedder}

    @app.post("/v1/ask", response_model=AskResponse, tags=["vragen"], responses=BUSY_RESPONSES)
    def ask(body: AskRequest, request: Request):
        chat = ready_chat()
        history = [(t.role, t.content) for t in body.history]
        prepared = chat.prepared(body.question, history)  # analysed once: admission and answer share it
        with admission.admit(estimate_tokens(prepared[1])):
            response, stats = chat.ask(body.question, history, body.top_k, prepared)
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

    @app.post("/v1/search", response_model=SearchResponse, tags=["vragen"], responses=BUSY_RESPONSES)
    def search(body: SearchRequest, request: Request):
        chat = ready_chat()
        query = chat.standalone(body.query, [(t.role, t.content) for t in body.history])
        with admission.admit(estimate_tokens(query)):
            response = chat.engine.search_response(query, body.top_k, body.documents)
        request.state.stats = {"hits": len(response.results), "retrieve_ms": response.timings_ms["retrieve"]}
        return response

    @app.get("/v1/documents", response_model=DocumentsResponse, tags=["corpus"], responses=NOT_READY_RESPONSES)
    def documents():
        chat = ready_chat()
        docs = chat.engine.index.documents.values()
        return DocumentsResponse(documents=[
            DocumentInfo(document=d.name, title=d.title, publisher=d.meta.publisher, date=d.meta.date,
                         source=d.meta.source, format=d.format, pages=d.pages, passages=d.passage_count,
                         warnings=d.warnings)
            for d in sorted(docs, key=lambda d: d.name)
        ])

    @app.get("/v1/passages/{passage_id}", response_model=PassageResponse, tags=["corpus"],
             responses={404: {"model": ErrorResponse, "description": "Geen passage met dit id."},
                        **NOT_READY_RESPONSES})
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
            references=chat.engine.references(p),
        )

    @app.post("/v1/feedback", status_code=201, response_model=FeedbackResponse, tags=["feedback"],
              responses={404: {"model": ErrorResponse, "description": "Geen antwoord-id van deze dienst."},
                         429: BUSY_RESPONSES[429]})
    def feedback(body: FeedbackRequest):
        """One rating per answer id (a new rating replaces the earlier one); only ids this service handed out."""
        if not verify_answer_id(body.answer_id, settings):
            return error(404, "not_found", "Dit antwoord-id is niet door deze dienst gegeven.")
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
