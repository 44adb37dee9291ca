"""The application: ask, search, passages, documents and feedback over the
index build being served.

The HTTP routes (service/routes/), the adviser pages, the command line
(``vraagbaak search``/``ask``) and the in-process evaluation all call this
one object, so they answer alike. It holds one :class:`IndexHolder`, which
loads the index (in the background while the port is already bound),
retries while nothing could be loaded, swaps in each newly published build,
and keeps the previous build serving when a new one fails to load. The
embedding model is loaded once per process (``index.api.load_embedder``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

from index.api import Retriever, open_retriever, published_build
from service import logs
from service.answer_ids import verify_answer_id
from service.blas import limit_blas_threads
from service.chat import ChatService, TurnStats
from service.costs import Admission, CappedChatService, estimate_tokens
from service.feedback import FeedbackStore
from service.schemas import AskResponse, DocumentInfo, DocumentsResponse, PassageResponse, SearchResponse
from service.settings import Settings


class NotReady(Exception):
    """No index build is being served yet (503, with the reason in general words)."""


class IndexHolder:
    """The build being served (as a :class:`CappedChatService`), and how it
    gets there: loaded after ``prepare`` (e.g. building a missing index),
    retried every reload interval while nothing is loaded (so publishing a
    good build heals a broken one), and swapped for each newly published build."""

    def __init__(self, settings: Settings, prepare: Callable[[], None] | None = None) -> None:
        self.settings = settings
        self.prepare = prepare
        self.chat: ChatService | None = None
        self.load_error: str | None = None  # for the log; the public reason is in general words
        self.preparing = prepare is not None
        self._loading = threading.Lock()

    def public_reason(self) -> str:
        if self.preparing:
            return "de index wordt gebouwd"
        if self.load_error is not None:
            return "de index kon niet worden geladen; de beheerder is gewaarschuwd"
        return "de index wordt geladen"

    def serve(self, retriever: Retriever, event: str = "index_loaded") -> None:
        """Serve ``retriever`` from now on; one assignment, so requests in
        flight finish on the build they started with."""
        self.chat = CappedChatService(self.settings, retriever)
        self.load_error = None
        logs.log(event, passages=len(retriever), build=retriever.manifest.build_id)

    def start(self, retriever: Retriever | None = None) -> None:
        """The first load (after ``prepare``), in a worker thread. A build
        already served (loaded before the worker was forked) stays, unless a
        newer one has been published since."""
        if retriever is None and self.chat is not None:
            self.reload_if_changed()
            return
        if self.prepare is not None:
            try:
                self.prepare()
            except BaseException as exc:  # noqa: BLE001 - keep serving /healthz; the watcher retries the load
                logs.LOGGER.error("index_prepare_failed", extra={"fields": {"reason": repr(exc)[:500]}})
            finally:
                self.preparing = False
        self.load(retriever)

    def refresh(self) -> None:
        """One check of the watcher: load while nothing is loaded, else swap in a newer build."""
        if self.preparing:
            return
        if self.chat is None:
            self.load()
        else:
            self.reload_if_changed()

    def reload_if_changed(self) -> None:
        """Serve a newly published build (``vraagbaak ingest`` while serving),
        loaded beside the current one; a build that fails to load is logged
        and the current one keeps serving."""
        build = self._newer_build()
        if build is None:
            return
        if not self._loading.acquire(blocking=False):
            return
        try:
            retriever = open_retriever(self.settings.index, self.settings.embedder)
            self.serve(retriever, "index_reloaded")
        except Exception as exc:  # noqa: BLE001 - keep serving the build we have
            logs.LOGGER.error("index_reload_failed", extra={"fields": {"build": build, "reason": str(exc)}})
        finally:
            self._loading.release()

    def forget_if_stale(self) -> bool:
        """Stop serving a build that is no longer the published one, without
        loading another (what forked the workers needs none); whether it did."""
        if self._newer_build() is None:
            return False
        self.chat = None
        return True

    def _newer_build(self) -> str | None:
        """The published build when a build is served and it is another one, else None."""
        chat = self.chat
        if chat is None:
            return None
        build = published_build(self.settings.index)
        return None if build in (None, chat.retriever.manifest.build_id) else build

    def load(self, retriever: Retriever | None = None) -> None:
        if not self._loading.acquire(blocking=False):
            return  # a load is under way
        try:
            self.serve(retriever or open_retriever(self.settings.index, self.settings.embedder))
        except Exception as exc:  # noqa: BLE001 - reported through /readyz and the log, retried by the watcher
            if str(exc) != self.load_error:  # once per distinct reason, not every interval
                logs.LOGGER.error("index_load_failed", extra={"fields": {"reason": str(exc)}})
            self.load_error = str(exc)
        finally:
            self._loading.release()


class App:
    """Ask, search, passage, documents and feedback: what the routes and commands offer."""

    def __init__(self, settings: Settings, holder: IndexHolder | None = None) -> None:
        # Once per process that answers (server worker, command line, evaluation): see service.blas.
        limit_blas_threads(settings.blas_threads)
        self.settings = settings
        self.holder = holder or IndexHolder(settings)
        self.admission = Admission(
            settings.max_concurrent_queries, settings.max_concurrent_long_queries, settings.long_query_tokens,
            settings.retry_after, settings.queue_wait, settings.long_query_share, settings.long_query_burst,
        )
        self.feedback: FeedbackStore | None = None

    @classmethod
    def open(cls, settings: Settings) -> App:
        """The application over the published index, loaded now in this thread
        (command line, evaluation); raises ``IndexStoreError``/``EmbedderError``."""
        return cls.over(settings, open_retriever(settings.index, settings.embedder))

    @classmethod
    def over(cls, settings: Settings, retriever: Retriever) -> App:
        """The application over a retriever already loaded."""
        app = cls(settings)
        app.holder.serve(retriever)
        return app

    # -- life cycle (the HTTP server's) ---------------------------------------------
    def start(self, retriever: Retriever | None = None) -> None:
        """Open the feedback store and load the index in a daemon thread:
        /healthz answers at once, /readyz says when queries can be served, and
        shutdown never waits for a build or load in progress."""
        s = self.settings
        self.feedback = FeedbackStore(s.feedback_db, s.feedback_store_questions, s.feedback_max_remark_bytes)
        threading.Thread(target=self.holder.start, args=(retriever,), name="index-load", daemon=True).start()

    def stop(self) -> None:
        if self.feedback is not None:
            self.feedback.close()

    # -- the index being served ---------------------------------------------------------
    def current(self) -> ChatService | None:
        """The service of the build being served, or None while loading."""
        return self.holder.chat

    def chat(self) -> ChatService:
        """The service of the build being served; :class:`NotReady` until there is one."""
        chat = self.holder.chat
        if chat is None:
            raise NotReady
        return chat

    def readiness(self) -> dict | None:
        """What /readyz reports, or None while nothing is served."""
        chat = self.holder.chat
        if chat is None:
            return None
        r = chat.retriever
        return {"ready": True, "passages": len(r), "documents": len(r.documents), "build": r.manifest.build_id,
                "embedder": r.manifest.embedder}

    # -- questions (refused with ``Busy`` when too many run at once) --------------------------
    def _admit(self, query: str) -> AbstractContextManager[None]:
        return self.admission.admit(estimate_tokens(query))

    def ask(self, question: str, history: list[tuple[str, str]], top_k: int) -> tuple[AskResponse, TurnStats]:
        return self.chat().ask(question, history, top_k, self._admit)

    def search(
        self, query: str, history: list[tuple[str, str]], top_k: int, documents: list[str] | None = None
    ) -> SearchResponse:
        return self.chat().search(query, history, top_k, documents, self._admit)

    # -- the corpus -----------------------------------------------------------------------------
    def passage(self, passage_id: str) -> PassageResponse | None:
        """One passage with its neighbours' ids and the passages it refers to; None when unknown."""
        chat = self.chat()
        p = chat.retriever.passage(passage_id)
        if p is None:
            return None
        before, after = chat.retriever.neighbours(passage_id, 1)
        return PassageResponse(
            **chat.passage_fields(p), url=chat.source_url(p), previous_id=before[-1].id if before else None,
            next_id=after[0].id if after else None, references=chat.references(p),
        )

    def documents(self) -> DocumentsResponse:
        docs = self.chat().retriever.documents.values()
        return DocumentsResponse(documents=[
            DocumentInfo(document=d.name, title=d.title, publisher=d.meta.publisher, date=d.meta.date,
                         source=d.meta.source, format=d.format, pages=d.pages, passages=d.passage_count,
                         warnings=d.warnings)
            for d in sorted(docs, key=lambda d: d.name)
        ])

    def rate(self, answer_id: str, rating: str, remark: str | None, question: str | None) -> bool:
        """Store a rating of an answer this service gave; False for an id it did not give."""
        if not verify_answer_id(answer_id, self.settings):
            return False
        self.feedback.add(answer_id, rating, remark, question)
        return True
