"""What every response carries and what no client may exceed: security
headers, per-client rate limits, and the API documentation served from the
installed swagger-ui-bundle package (no CDN, no inline script).

Pure ASGI middleware, so the headers are also on 413, 429 and error bodies.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

from service.ratelimit import RateLimits, client_address
from service.schemas import ErrorResponse

# Pages (the chat page, /docs and the pages other modules add) load their scripts and styles
# from this origin only; inline styles are allowed because the widget styles its shadow root.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
# Everything else (JSON, scripts) is never a document: nothing may load from it.
DATA_POLICY = "default-src 'none'"

BUSY_RESPONSES: dict[int | str, dict] = {
    429: {"model": ErrorResponse, "description": "Te veel verzoeken van deze client; zie Retry-After.",
          "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "seconden"}}},
    503: {"model": ErrorResponse, "description": "Index nog niet klaar of dienst te druk; zie Retry-After.",
          "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "seconden"}}},
}
NOT_READY_RESPONSES: dict[int | str, dict] = {503: BUSY_RESPONSES[503]}


class SecurityHeaders:
    """nosniff, no referrer, a content security policy (``frame-ancestors``
    from the settings: 'self' plus the sites allowed to frame the pages), and
    no ``server`` banner."""

    def __init__(self, app, frame_ancestors: list[str]) -> None:
        self.app = app
        ancestors = " ".join(["'self'", *frame_ancestors])
        self.page = f"{PAGE_POLICY}; frame-ancestors {ancestors}".encode()
        self.data = f"{DATA_POLICY}; frame-ancestors 'none'".encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                policy = self.page if content_type.startswith(b"text/html") else self.data
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"content-security-policy", policy),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class RateLimitMiddleware:
    """429 with Retry-After once a client exceeds its limit on a route; the
    request is refused before its body is read."""

    def __init__(self, app, limits: RateLimits, retry_error: Callable[..., Response]) -> None:
        self.app = app
        self.limits = limits
        self.error = retry_error

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not self.limits.applies_to(scope["path"]):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        forwarded = headers.get(b"x-forwarded-for")
        peer = (scope.get("client") or (None, None))[0]
        client = client_address(peer, forwarded.decode("latin-1") if forwarded else None, self.limits.trusted)
        wait = self.limits.check(scope["path"], client)
        if wait:
            response = self.error(429, "rate_limited", f"Te veel verzoeken; probeer het over {wait} s opnieuw.",
                                  headers={"Retry-After": str(wait)})
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


def docs_router() -> APIRouter:
    """/docs: Swagger UI from the swagger-ui-bundle package, started by a
    same-origin script (the page policy allows no inline script)."""
    from swagger_ui_bundle import swagger_ui_path

    assets = Path(str(swagger_ui_path))
    files = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript"}
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    def docs() -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Vraagbaak API</title>"
            "<link rel=\"stylesheet\" href=\"/docs/assets/swagger-ui.css\"></head><body><div id=\"swagger-ui\"></div>"
            "<script src=\"/docs/assets/swagger-ui-bundle.js\"></script><script src=\"/docs/start.js\"></script>"
            "</body></html>"
        )

    @router.get("/docs/start.js")
    def start() -> Response:
        script = 'window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"});\n'
        return Response(script, media_type="text/javascript")

    @router.get("/docs/assets/{name}")
    def asset(name: str) -> Response:
        if name not in files:  # only the two files the page uses; no path from the client reaches the disk
            return Response(status_code=404)
        return FileResponse(assets / name, media_type=files[name])

    return router
