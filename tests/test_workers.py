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
        assert len(psutil.Process(srv.process.pid).children(recursive=True)) == 2  # two forked workers, no helper

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


def _shared_heap_mib(pid: int) -> float:
    """Heap pages this process shares with another (anonymous, not private)."""
    maps = psutil.Process(pid).memory_maps(grouped=False)
    return sum(max(0, m.anonymous - m.private_dirty) for m in maps) / 2**20


def test_workers_are_forked_from_a_process_holding_the_app_and_index_and_share_its_heap(seed_index_dir, tmp_path):
    """What a worker imports and loads before serving is made once, in the
    arbiter, and shared copy-on-write; spawned from an import string each
    worker made its own (a worker's own heap 77 MiB on this index after 32
    clients, 36 MiB forked: eval/RESULTS.md, thirty-sixth slice)."""
    srv = Server(seed_index_dir, tmp_path / "server.log", VRAAGBAAK_WORKERS="2",
                 VRAAGBAAK_FEEDBACK_DB=str(tmp_path / "fb.sqlite"), VRAAGBAAK_RELOAD_INTERVAL="0")
    try:
        _wait_all_workers_ready(srv)
        arbiter = psutil.Process(srv.process.pid)
        workers = arbiter.children()
        assert len(workers) == 2
        # The arbiter imported the app and loaded the index: not a bare supervisor.
        assert arbiter.memory_info().rss > 60 * 2**20
        assert "luistert op" in " ".join(srv.log_path.read_text().split())  # said once the port was bound
        # The workers serve the index the arbiter loaded: none loads it again (each would log it).
        assert not [e for e in srv.logs() if e.get("message") == "index_loaded"]
        for worker in workers:
            assert worker.cmdline() == arbiter.cmdline()  # forked, not a fresh interpreter
            assert _shared_heap_mib(worker.pid) > 20, _shared_heap_mib(worker.pid)
        with httpx.Client(base_url=srv.url, timeout=120) as client:  # and they answer, embedding included
            assert {client.post("/v1/ask", json={"question": QUESTIONS[i % 2]}).status_code for i in range(8)} == {200}
    finally:
        srv.stop()


def _small_corpus(folder, weeks: str):
    folder.mkdir(exist_ok=True)
    (folder / "regeling.md").write_text(
        f"# Regeling cliëntondersteuning\n\n## Artikel 1 Aanvraag\n\nDe aanvraag wordt binnen {weeks} weken "
        "afgehandeld door het college.\n\n## Artikel 2 Kosten\n\nCliëntondersteuning is gratis voor inwoners.\n",
        encoding="utf-8",
    )
    return folder


def test_after_a_new_build_is_published_the_arbiter_lets_go_of_its_own_and_a_new_worker_serves_the_new_one(
    tmp_path,
):
    """The arbiter loads the build before forking, so that the workers share
    it; once a newer one is published it lets go of its own (the files of a
    pruned build are not kept open), and a worker that replaces a dead one
    serves the published build."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from index.api import published_build
    from tests.conftest import ROOT

    corpus, index_dir = _small_corpus(tmp_path / "corpus", "zes"), tmp_path / "index"
    env = {**os.environ, "VRAAGBAAK_CORPUS": str(corpus), "VRAAGBAAK_INDEX": str(index_dir)}
    ingest = [sys.executable, "-m", "service.cli", "ingest"]
    subprocess.run(ingest, env=env, cwd=str(ROOT), check=True, capture_output=True, timeout=300)
    first = published_build(index_dir)
    # No watcher: a worker serves what it started with, or what it found at its start.
    srv = Server(index_dir, tmp_path / "server.log", VRAAGBAAK_WORKERS="2", VRAAGBAAK_CORPUS=str(corpus),
                 VRAAGBAAK_FEEDBACK_DB=str(tmp_path / "fb.sqlite"), VRAAGBAAK_RELOAD_INTERVAL="0")
    try:
        _wait_all_workers_ready(srv)
        first_files = str(index_dir / "builds" / first)

        def arbiter_maps_first() -> bool:
            return first_files in Path(f"/proc/{srv.process.pid}/maps").read_text()

        assert arbiter_maps_first()
        _small_corpus(corpus, "acht")
        subprocess.run(ingest, env=env, cwd=str(ROOT), check=True, capture_output=True, timeout=300)
        second = published_build(index_dir)
        assert second != first
        deadline = time.monotonic() + 30
        while arbiter_maps_first():
            assert time.monotonic() < deadline, "the arbiter still maps the build it loaded"
            time.sleep(0.2)
        arbiter = psutil.Process(srv.process.pid)
        old_workers = arbiter.children()
        os.kill(old_workers[0].pid, signal.SIGKILL)  # the arbiter forks a new worker in its place
        deadline = time.monotonic() + 60
        while {w.pid for w in arbiter.children()} & {old_workers[0].pid} or len(arbiter.children()) < 2:
            assert time.monotonic() < deadline, srv.log_path.read_text()[-2000:]
            time.sleep(0.2)
        _wait_all_workers_ready(srv)
        builds = set()
        for _ in range(60):  # new connections: both workers answer some
            r = httpx.get(srv.url + "/readyz", timeout=10)
            builds.add(r.json()["build"])
        assert builds == {first, second}
    finally:
        srv.stop()


def test_several_workers_over_a_missing_index_build_it_apart_and_then_answer(tmp_path):
    """The build runs in a process of its own before the arbiter loads the
    index and forks the workers, which then embed questions with two OpenMP
    threads each (GNU libgomp cannot run a parallel region in a forked child
    on a thread that had run one in the parent, so the arbiter runs none)."""
    corpus = _small_corpus(tmp_path / "corpus", "zes")
    index_dir = tmp_path / "index"
    # Two OpenMP threads per worker whatever the machine's cores: with one there is no thread pool to lose.
    srv = Server(index_dir, tmp_path / "server.log", VRAAGBAAK_WORKERS="2", VRAAGBAAK_CORPUS=str(corpus),
                 VRAAGBAAK_FEEDBACK_DB=str(tmp_path / "fb.sqlite"), VRAAGBAAK_RELOAD_INTERVAL="0", OMP_NUM_THREADS="2")
    try:
        _wait_all_workers_ready(srv)
        assert "eerst indexeren" in " ".join(srv.log_path.read_text().split())  # the console wraps its lines
        with httpx.Client(base_url=srv.url, timeout=30) as client:  # a worker whose OpenMP hangs never answers
            answers = [client.post("/v1/ask", json={"question": "Binnen hoeveel weken wordt de aanvraag afgehandeld?"})
                       for _ in range(6)]
        assert [a.status_code for a in answers] == [200] * 6
        assert all(a.json()["citations"][0]["document"] == "regeling.md" for a in answers)
    finally:
        srv.stop()


def test_without_gunicorn_the_workers_are_spawned_by_uvicorn_with_the_settings_in_their_environment(
    seed_index_dir, tmp_path
):
    """Where there is no fork (no gunicorn: Windows), uvicorn's own supervisor
    starts each worker from an import string."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import os, sys, uvicorn\n"
        "sys.modules['service.workers'] = None  # as where gunicorn is not installed\n"
        "uvicorn.run = lambda target, **kw: print('started', target, kw['workers'], os.environ['VRAAGBAAK_PORT'],\n"
        "    os.environ['VRAAGBAAK_WORKER_THREADS'], os.environ['VRAAGBAAK_MAX_CONCURRENT_QUERIES'])\n"
        "from service.cli import main\n"
        "sys.argv = ['vraagbaak', 'serve', '--workers', '2', '--port', '8123']\n"
        "main()\n"
    )
    env = {**os.environ, "VRAAGBAAK_INDEX": str(seed_index_dir), "VRAAGBAAK_FEEDBACK_DB": str(tmp_path / "fb.sqlite"),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=str(ROOT),
                         timeout=300, check=True)
    # each worker gets its share of the threads and of the requests computed at once
    assert "started service.app:create_app 2 8123 8 4" in out.stdout, out.stdout + out.stderr


def test_several_workers_share_the_default_threads_and_requests_at_once_and_keep_what_is_set(monkeypatch):
    """N workers on one machine hold as many request threads, and compute as
    many requests at once, as one worker does; each thread keeps a malloc arena
    (at a million passages 16 threads per worker held ~40 MiB more heap than 8)."""
    from service.settings import Settings

    for var in ("VRAAGBAAK_WORKER_THREADS", "VRAAGBAAK_MAX_CONCURRENT_QUERIES", "VRAAGBAAK_WORKERS"):
        monkeypatch.delenv(var, raising=False)
    one = Settings().per_worker()
    assert (one.worker_threads, one.max_concurrent_queries) == (16, 8)
    two = Settings(workers=2).per_worker()
    assert (two.worker_threads, two.max_concurrent_queries) == (8, 4)
    many = Settings(workers=32).per_worker()
    assert (many.worker_threads, many.max_concurrent_queries) == (1, 1)
    assert Settings(workers=2, worker_threads=12).per_worker().worker_threads == 12  # set by the operator
    monkeypatch.setenv("VRAAGBAAK_MAX_CONCURRENT_QUERIES", "6")
    monkeypatch.setenv("VRAAGBAAK_WORKERS", "3")
    from_env = Settings().per_worker()
    assert (from_env.worker_threads, from_env.max_concurrent_queries) == (5, 6)


def test_several_workers_on_a_port_in_use_stop_with_the_error_and_never_say_they_listen(seed_index_dir, tmp_path):
    import os
    import socket
    import subprocess
    import sys

    from tests.conftest import ROOT

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "VRAAGBAAK_INDEX": str(seed_index_dir), "VRAAGBAAK_FEEDBACK_DB": str(tmp_path / "f.db")}
        out = subprocess.run([sys.executable, "-m", "service.cli", "serve", "--workers", "2", "--port", str(port)],
                             env=env, capture_output=True, text=True, cwd=str(ROOT), timeout=120)
    assert out.returncode != 0
    assert "Address already in use" in out.stderr
    assert "luistert" not in out.stdout + out.stderr
