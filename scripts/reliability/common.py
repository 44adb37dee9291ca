"""Shared parts of the reliability scripts: a real ``vraagbaak serve`` on a
loopback port, a real ``vraagbaak ingest``, and a closed-loop load generator.

Each script prints one JSON object (its figures) and exits 1 when a target
is missed, so CI (tests/test_reliability_suite.py) and an operator running
it longer read the same result.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SEED_CORPUS = ROOT / "corpus"
sys.path.insert(0, str(ROOT))
from tests.conftest import Server  # noqa: E402 - one way to start the service, shared with the tests


def cli(*args: str, timeout: float = 600, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **env})


def ingest(corpus: Path, index: Path, *extra: str) -> None:
    done = cli("ingest", "--corpus", str(corpus), "--index", str(index), *extra)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])


def copy_seed(target: Path) -> Path:
    shutil.copytree(SEED_CORPUS, target)
    return target


class Service(Server):
    """``vraagbaak serve`` as an operator starts it (the test suite's server, rate limits off unless
    set); its JSON request log is kept for counting."""

    def __init__(self, index: Path, corpus: Path, log: Path, **env: str) -> None:
        super().__init__(index, log, VRAAGBAAK_CORPUS=str(corpus),
                         VRAAGBAAK_FEEDBACK_DB=str(log.parent / "feedback.sqlite"), **env)

    def requests(self) -> list[dict]:
        """The service's own request log lines (one per request it answered),
        less the readiness probes of start-up: ``wait_ready`` polls /readyz,
        which answers 503 by design until the index is loaded; a 503 from it
        after the first 200 still counts."""
        out = []
        ready = False
        for line in self.log_path.read_text(errors="replace").splitlines():
            try:  # the server may be writing its last line right now
                entry = json.loads(line) if line.startswith("{") else {}
            except json.JSONDecodeError:
                continue
            if entry.get("message") != "request":
                continue
            if entry.get("route") == "/readyz" and not ready:
                ready = entry.get("status") == 200
                if not ready:
                    continue
            out.append(entry)
        return out


@dataclass
class LoadResult:
    ok: list[int] = field(default_factory=list)  # per client: 2xx answers
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # 5xx other than a deliberate 503 busy, and failures
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return sum(self.ok) / self.seconds if self.seconds else 0.0


def run_load(url: str, clients: int, seconds: float, request: Callable[[httpx.Client, int, int], httpx.Response],
             stop: threading.Event | None = None) -> LoadResult:
    """``clients`` threads, each sending ``request(client, client_no, i)`` back to back for ``seconds``."""
    result = LoadResult(ok=[0] * clients)
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def worker(n: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            i = 0
            while time.monotonic() < end and not (stop and stop.is_set()):
                t0 = time.perf_counter()
                try:
                    r = request(client, n, i)
                except httpx.HTTPError as exc:
                    with lock:
                        result.errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                finally:
                    i += 1
                with lock:
                    result.statuses[r.status_code] = result.statuses.get(r.status_code, 0) + 1
                    if r.status_code < 300:
                        result.ok[n] += 1
                        result.latencies.append(time.perf_counter() - t0)
                    elif r.status_code >= 500 and not (r.status_code == 503 and "busy" in r.text):
                        result.errors.append(f"{r.status_code}: {r.text[:200]}")
                if r.status_code in (429, 503):
                    time.sleep(0.05)  # a client that waits a moment, not Retry-After: a hostile one

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.monotonic() - t0
    return result


NORMAL_QUESTIONS = [
    "Wie neemt het initiatief?",
    "Hoeveel geld stelt VWS beschikbaar voor cliëntondersteuning?",
    "Welke criteria gelden voor koplopers?",
    "Wat is cliëntondersteuning?",
    "Welke stappen beschrijft de handreiking?",
    "Wat doet een kwartiermaker?",
    "Wat voor weer wordt het morgen?",
    "Hoe versterk je cliëntondersteuning in je gemeente?",
]


def report(figures: dict, passed: bool) -> None:
    figures["passed"] = passed
    print(json.dumps(figures, ensure_ascii=False))
    sys.exit(0 if passed else 1)
