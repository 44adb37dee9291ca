"""What wraps every request: the request log with its id, the body limit,
per-client rate limits, security headers and (when configured) CORS."""

from __future__ import annotations

import re
import time
import uuid

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

from service import logs
from service.errors import error
from service.ratelimit import RateLimits
from service.security import RateLimitMiddleware, SecurityHeaders
from service.settings import Settings


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


async def request_log(request: Request, call_next):
    """One log line per request with its id (the client's ``X-Request-ID``
    when well-formed, else a new one, echoed in the response), status,
    latency and the route's statistics (never the question unless configured)."""
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


def add_middleware(app: FastAPI, settings: Settings) -> None:
    """The last added runs first: security headers wrap every response, rate
    limits refuse before a body is read, the body limit before JSON is parsed."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept"],
        )
    app.middleware("http")(request_log)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    limits = RateLimits(
        {"/v1/ask": settings.rate_limit_ask, "/v1/search": settings.rate_limit_search,
         "/v1/feedback": settings.rate_limit_feedback},
        settings.trusted_proxies,
    )
    app.add_middleware(RateLimitMiddleware, limits=limits, retry_error=error)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
