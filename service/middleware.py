"""What wraps every request: the request log with its id, the body limit,
per-client rate limits, security headers and (when configured) CORS."""

from __future__ import annotations

import re
import time
import uuid

from fastapi import FastAPI
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


class RequestLog:
    """One log line per request with its id (the client's ``X-Request-ID``
    when well-formed, else a new one, echoed in the response), status,
    latency and the route's statistics (never the question unless configured).

    Pure ASGI, like the other layers here: Starlette's ``call_next``
    middleware runs the route in a task of its own and pipes the response
    through a stream, a quarter of a millisecond on every request."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")
        if not _REQUEST_ID.fullmatch(request_id):
            request_id = uuid.uuid4().hex[:16]
        state = scope.setdefault("state", {})
        state["request_id"], state["stats"] = request_id, {}
        status = 500
        t0 = time.perf_counter()

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"x-request-id", request_id.encode("latin-1"))]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:  # an unhandled error still gets its request line (then the 500 handler answers)
            logs.log("request", request_id=request_id, method=scope["method"], route=scope["path"], status=status,
                     latency_ms=round((time.perf_counter() - t0) * 1000, 2), **state.get("stats", {}))


_REQUEST_ID = re.compile(r"[\w-]{1,64}")


def add_middleware(app: FastAPI, settings: Settings) -> None:
    """The last added runs first: security headers wrap every response, rate
    limits refuse before a body is read, the body limit before JSON is parsed."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept"],
        )
    app.add_middleware(RequestLog)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    limits = RateLimits(
        {"/v1/ask": settings.rate_limit_ask, "/v1/search": settings.rate_limit_search,
         "/v1/feedback": settings.rate_limit_feedback},
        settings.trusted_proxies,
        settings.rate_limit_exempt,
    )
    app.add_middleware(RateLimitMiddleware, limits=limits, retry_error=error)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
