"""`vraagbaak serve --workers N`: several processes over one index build,
one feedback store that none of them loses writes to."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psutil

from tests.conftest import Server

# Two questions times twelve top_k values: 24 different answers, so 24 ratings
# (the store keeps one rating per answer id).
QUESTIONS = ("Wie neemt het initiatief?", "Wat kan een kwartiermaker bereiken?")


def _wait_all_workers_ready(srv: Server, in_a_row: int = 20, timeout: float = 240) -> None:
    srv.wait_ready(timeout)
    deadline, ok = time.monotonic() + timeout, 0
    while ok < in_a_row:
        assert time.monotonic() < deadline, srv.log_path.read_text()[-2000:]
        assert srv.process.poll() is None, srv.log_path.read_text()[-2000:]  # a worker failed and stopped the server
        try:
            ready = httpx.get(srv.url + "/readyz", timeout=10).status_code == 200
        except httpx.TransportError:  # a worker still starting may reset the connection: not ready yet
            ready = False
        ok = ok + 1 if ready else 0
        time.sleep(0.05)


def test_two_workers_answer_concurrently_and_keep_every_feedback_row(seed_index_dir, tmp_path):
    db = tmp_path / "feedback.sqlite"
    srv = Server(seed_index_dir, tmp_path / "server.log", VRAAGBAAK_WORKERS="2",
                 VRAAGBAAK_FEEDBACK_DB=str(db), VRAAGBAAK_RELOAD_INTERVAL="0")
    try:
        _wait_all_workers_ready(srv)
        children = psutil.Process(srv.process.pid).children(recursive=True)
        assert sum("spawn_main" in " ".join(c.cmdline()) for c in children) == 2  # two uvicorn worker processes

        def ask_and_rate(i: int) -> tuple[int, int]:
            with httpx.Client(base_url=srv.url, timeout=120) as client:
                answer = client.post("/v1/ask", json={"question": QUESTIONS[i % 2], "top_k": 1 + i // 2})
                rated = client.post("/v1/feedback", json={"answer_id": answer.json()["id"],
                                                          "rating": "up" if i % 2 else "down"})
                return answer.status_code, rated.status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(ask_and_rate, range(24)))
        assert statuses == [(200, 201)] * 24
    finally:
        srv.stop()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 24


def _open_store(path: str, barrier, results) -> None:
    from pathlib import Path

    from service.feedback import FeedbackStore

    barrier.wait()
    try:
        FeedbackStore(Path(path))
        results.put("ok")
    except Exception as exc:  # reported to the test, which names it
        results.put(repr(exc))


def test_workers_opening_a_new_feedback_store_at_the_same_moment_all_start(tmp_path):
    """`serve --workers N` starts N processes that open the feedback store at
    once. On a new database file SQLite refused all but one of them ("database
    is locked") while it switched the file to WAL mode, and the refused worker
    stopped the whole server. Four processes, released together by a barrier,
    ten fresh files: every one opens its store."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    outcomes = []
    for round_ in range(10):
        barrier, results = context.Barrier(4), context.Queue()
        path = str(tmp_path / f"feedback-{round_}.sqlite")
        processes = [context.Process(target=_open_store, args=(path, barrier, results)) for _ in range(4)]
        for p in processes:
            p.start()
        outcomes += [results.get(timeout=120) for _ in processes]
        for p in processes:
            p.join(timeout=60)
    assert outcomes == ["ok"] * 40, [o for o in outcomes if o != "ok"][:3]


def test_the_supervisor_of_several_workers_does_not_import_the_web_app(seed_index_dir, tmp_path):
    """Each worker imports the app itself; the supervisor only checks the index
    and starts uvicorn. Importing the app there cost it ~22 MiB of heap
    (63 MiB at a million passages) beside the workers'."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys, uvicorn\n"
        "uvicorn.run = lambda target, **kw: print('started', target, kw['workers'], 'fastapi' in sys.modules)\n"
        "from service.cli import main\n"
        "sys.argv = ['vraagbaak', 'serve', '--workers', '2']\n"
        "main()\n"
    )
    env = {**os.environ, "VRAAGBAAK_INDEX": str(seed_index_dir), "VRAAGBAAK_FEEDBACK_DB": str(tmp_path / "fb.sqlite"),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=str(ROOT),
                         timeout=300, check=True)
    assert "started service.app:create_app 2 False" in out.stdout, out.stdout + out.stderr
