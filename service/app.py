"""The FastAPI application of the HTTP contract (shared/API.md).

``create_app`` only wires the parts: the application object
(service/application.py: ask, search, passages, documents, feedback and the
index holder), the routers (service/routes/, service/pages.py), the error
handlers (service/errors.py) and the middleware (service/middleware.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from index.api import Retriever
from service import logs
from service.application import App, IndexHolder
from service.errors import add_error_handlers
from service.memory import limit_heap_growth
from service.middleware import add_middleware
from service.pages import pages_router
from service.routes.api import api_router
from service.routes.assets import assets_router
from service.schemas import ErrorResponse
from service.security import docs_router
from service.settings import Settings

COMMON_RESPONSES = {400: {"model": ErrorResponse, "description": "De body is geen JSON."},
                    413: {"model": ErrorResponse, "description": "De body is te groot."},
                    422: {"model": ErrorResponse, "description": "Een veld volgt de regels niet."}}


def create_app(
    settings: Settings | None = None, retriever: Retriever | None = None, prepare: Callable[[], None] | None = None
) -> FastAPI:
    """The app over ``retriever`` (default: the index in ``settings.index``,
    loaded in the background); ``prepare`` runs before the first load
    (``vraagbaak serve`` builds a missing index there, with the port bound)."""
    settings = settings or Settings()
    limit_heap_growth(settings.malloc_mmap_threshold)  # once per worker process
    application = App(settings, IndexHolder(settings, prepare))
    app = FastAPI(
        title="Vraagbaak", version="0.1.0", description="Antwoorden met bronnen over cliëntondersteuning (Wmo 2015).",
        lifespan=_lifespan(application, retriever), docs_url=None, redoc_url=None, responses=COMMON_RESPONSES,
    )
    app.state.vraagbaak = application
    add_middleware(app, settings)
    add_error_handlers(app, application)
    if settings.docs_enabled:
        app.include_router(docs_router())
    app.include_router(api_router(application))
    app.include_router(pages_router(settings, application.current))  # "/" and the adviser pages
    app.include_router(assets_router())
    return app


def _lifespan(application: App, retriever: Retriever | None):
    """Start loading at startup, watch for new builds every reload interval, close on shutdown."""
    interval = application.settings.reload_interval

    async def watch() -> None:
        while True:
            await asyncio.sleep(interval)
            await asyncio.to_thread(application.holder.refresh)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        logs.configure()
        # FastAPI computes sync routes in anyio's thread pool (40 threads by default).
        anyio.to_thread.current_default_thread_limiter().total_tokens = application.settings.worker_threads
        application.start(retriever)
        watcher = asyncio.create_task(watch()) if interval > 0 else None
        yield
        if watcher is not None:
            watcher.cancel()
        application.stop()

    return lifespan
