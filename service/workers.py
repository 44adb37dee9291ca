"""`vraagbaak serve --workers N`: N worker processes forked from one that
has already imported the web app and loaded the index.

Each worker memory-maps the same index build, so the page cache holds the
index once; what a worker adds is its own heap. Started from an import string
(uvicorn's own supervisor spawns a fresh interpreter per worker), every
worker imported the same modules into a heap of its own, and the supervisor
imported them a third time. Here gunicorn's arbiter (with uvicorn-worker's
ASGI worker) imports the app and loads the index once, before it forks
(``preload_app``): the workers share those pages copy-on-write. Python's cycle collector would
write into every object it visits and so copy the pages it touches; the
objects made before the fork are frozen out of its reach
(https://docs.python.org/3/library/gc.html#gc.freeze). Measured with 32
clients on the 1,000,000-passage benchmark index and on the seed index
(eval/RESULTS.md, thirty-sixth slice).

Nothing runs OpenMP in the arbiter: in a forked child, a thread that had
run a parallel region in the parent hangs in its next one (GNU libgomp keeps
the parent's thread pool, whose threads the child does not have). The query
embedding, faiss and the BM25 kernels run in the workers only, and an index
that must be built first is built in a process of its own (``vraagbaak
serve`` does that before calling :func:`run`).
"""

from __future__ import annotations

import gc
import math
import sys
from collections.abc import Callable

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from uvicorn_worker import UvicornWorker

from service.settings import Settings


class Worker(UvicornWorker):
    """uvicorn's server in a forked worker, configured as the one-process server is."""

    CONFIG_KWARGS = {"loop": "auto", "http": "auto", "access_log": False, "server_header": False}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.config.timeout_graceful_shutdown = self.cfg.graceful_timeout


def _thaw(server, worker) -> None:
    """In each new worker: collect cycles again (the arbiter froze what it had)."""
    gc.enable()


class _Arbiter(Arbiter):
    """gunicorn's arbiter, letting the application look about once a second
    (its main loop) whether it may let go of something."""

    def manage_workers(self) -> None:
        super().manage_workers()
        self.app.let_go()


class PreloadedWorkers(BaseApplication):
    """gunicorn's arbiter over ``factory()``, imported and frozen before the
    workers fork. ``release(app)`` is asked in the arbiter about once a
    second to let go of what it no longer needs to hand to new workers (a
    build no longer published); it returns whether it let go of anything."""

    def __init__(
        self, factory: Callable[[], object], settings: Settings, release: Callable[[object], bool] | None = None,
        listening: Callable[[], None] | None = None,
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.release = release
        self.listening = listening
        super().__init__()

    def let_go(self) -> None:
        if self.release is not None and self.callable is not None and self.release(self.callable):
            # What it let go of may hold cycles among the frozen objects. The collection writes into
            # the arbiter's copies of the pages only; the workers keep sharing theirs.
            gc.unfreeze()
            gc.collect()
            gc.freeze()  # what stays, for workers forked later

    def run(self) -> None:
        try:
            _Arbiter(self).run()
        except RuntimeError as exc:  # as gunicorn's own BaseApplication.run
            print(f"\nError: {exc}\n", file=sys.stderr)
            sys.exit(1)

    def load_config(self) -> None:
        s = self.settings
        options = {
            "bind": f"[{s.host}]:{s.port}" if ":" in s.host else f"{s.host}:{s.port}",
            "workers": s.workers, "worker_class": f"{__name__}.Worker", "preload_app": True,
            "graceful_timeout": math.ceil(s.shutdown_timeout), "loglevel": "warning", "accesslog": None,
            "keepalive": 5,  # uvicorn's own default, as the one-process server keeps connections
            "post_fork": _thaw,
            # once the port is bound (a port in use ends the server with gunicorn's error instead)
            "when_ready": lambda server: self.listening() if self.listening is not None else None,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> object:
        app = self.factory()
        gc.collect()
        gc.freeze()  # everything made so far stays out of the collector's reach in the workers
        return app


def run(
    factory: Callable[[], object], settings: Settings, release: Callable[[object], bool] | None = None,
    listening: Callable[[], None] | None = None,
) -> None:
    """Serve ``factory()`` from ``settings.workers`` forked workers until stopped
    (SIGTERM: graceful, within ``settings.shutdown_timeout``); ``release(app)``
    as :class:`PreloadedWorkers` says; ``listening()`` once the port is bound."""
    gc.disable()  # no collection between here and the fork: it would leave holes in shared pages
    PreloadedWorkers(factory, settings, release, listening).run()
