"""Every error as the contract's JSON (shared/API.md): ``{"error": {"code", "message"}}``
with a 4xx/5xx status, never an HTML page or a stack trace."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import logs
from service.application import App, NotReady
from service.costs import Busy

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


def invalid_request(exc: RequestValidationError) -> JSONResponse:
    """400 for a body that is not JSON; 422 naming the first field that breaks the rules, in Dutch."""
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


def add_error_handlers(app: FastAPI, application: App) -> None:
    settings = application.settings

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return invalid_request(exc)

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

    @app.exception_handler(NotReady)
    async def not_ready(request: Request, exc: NotReady):
        message = f"De dienst is nog niet klaar: {application.holder.public_reason()}. Probeer het later opnieuw."
        return error(503, "not_ready", message, headers={"Retry-After": str(settings.retry_after)})

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy):
        # A client that ignores Retry-After and repeats at once would make refusing it the load;
        # holding the refusal a moment costs no thread (this handler awaits) and paces it.
        request.state.stats = {"refused": "busy"}  # the request log tells a deliberate refusal from a fault
        await asyncio.sleep(settings.busy_delay)
        return error(503, "busy", "Het is nu te druk; probeer het over enkele seconden opnieuw.",
                     headers={"Retry-After": str(exc.retry_after)})
