"""The widget script and an empty favicon, outside the API schema."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

STATIC = Path(__file__).resolve().parent.parent / "static"


def assets_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/favicon.ico")
    def favicon():
        return Response(status_code=204)

    @router.get("/widget.js")
    def widget():
        return FileResponse(STATIC / "widget.js", media_type="text/javascript")

    return router
