"""Bounded loopback load test of ``vraagbaak serve --workers N``.

Starts the real server on a free loopback port over an existing index, waits
until it is ready, warms it up, then keeps ``--clients`` concurrent clients
asking questions (POST /v1/ask, round robin over the first questions of the
train splits of every evaluation set, in a fixed shuffled order: a server
sees many different questions, and a pool that comes round every few
seconds would keep each worker's caches warm as no real use does)
for ``--seconds``. Reports throughput, latency p50/p95, errors (faults;
deliberate 503 "busy" refusals are counted apart) and the
server's memory (all its processes: resident, and private = not shared).
Each size of ``--workers`` runs against a fresh server; the last line is a
JSON list with one object per worker count. The per-client rate limit on
/v1/ask is switched off for the test (all clients share one loopback
address); the concurrency limits stay as configured.

    python scripts/loadtest.py --index data/index --workers 1 2 [--clients 32 --seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.splits import split_of  # noqa: E402

DEFAULT_QUESTIONS = sorted((ROOT / "eval" / "sets").glob("*.jsonl"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def questions_from(paths: list[Path]) -> list[str]:
    """First questions (no history) of the train splits, each once, shuffled with a fixed seed."""
    out: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if not item.get("history") and split_of(item["id"]) == "train":
                    out.add(item["question"])
    if not out:
        raise SystemExit(f"geen vragen in {', '.join(map(str, paths))}")
    questions = sorted(out)
    random.Random(0).shuffle(questions)
    return questions


def start_server(index: Path, corpus: Path, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "VRAAGBAAK_INDEX": str(index), "VRAAGBAAK_CORPUS": str(corpus),
           "VRAAGBAAK_FEEDBACK_DB": str(log.with_suffix(".feedback.sqlite")), "VRAAGBAAK_RELOAD_INTERVAL": "0",
           # All clients share one loopback address: the per-client rate limit (abuse protection)
           # would answer almost every request with 429; this measures capacity instead.
           "VRAAGBAAK_RATE_LIMIT_ASK": "",
           "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", "from service.cli import main; main()", "serve",
         "--port", str(port), "--workers", str(workers)],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=str(ROOT),
    )
    return process, f"http://127.0.0.1:{port}"


def wait_ready(process: subprocess.Popen, url: str, workers: int, log: Path, timeout: float = 300) -> None:
    """Ready when /readyz answered 200 often enough in a row that every
    worker has very likely loaded its index."""
    deadline = time.monotonic() + timeout
    in_a_row = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped:\n{log.read_text()[-3000:]}")
        try:
            ok = httpx.get(url + "/readyz", timeout=5).status_code == 200
        except httpx.HTTPError:
            ok = False
        in_a_row = in_a_row + 1 if ok else 0
        if in_a_row >= 10 * workers:
            return
        time.sleep(0.1 if ok else 0.5)
    raise TimeoutError(f"server not ready in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def _code(response: httpx.Response) -> str | None:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


async def load(url: str, questions: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    refused: list[int] = []
    counter = iter(range(10**9))
    # A new connection per request: kept-alive connections stay with the worker
    # that accepted them, so a few long-lived ones would measure one worker.
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        for q in questions[: 2 * clients]:  # warm-up: caches and lazy imports in every worker
            await client.post("/v1/ask", json={"question": q})
        stop = time.monotonic() + seconds

        async def one_client() -> None:
            while time.monotonic() < stop:
                q = questions[next(counter) % len(questions)]
                t0 = time.perf_counter()
                try:
                    r = await client.post("/v1/ask", json={"question": q})
                    if r.status_code == 503 and _code(r) == "busy":  # load shedding, by design
                        refused.append(1)
                        continue
                    if r.status_code != 200:
                        errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                        continue
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                latencies.append((time.perf_counter() - t0) * 1000)

        started = time.monotonic()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "throughput_rps": round(len(latencies) / elapsed, 2),
        "p50_ms": round(float(np.percentile(latencies, 50)), 1) if latencies else None,
        "p95_ms": round(float(np.percentile(latencies, 95)), 1) if latencies else None,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        # 503 "busy" with Retry-After: the service's admission control refusing more long
        # questions than it admits at once; counted apart from faults
        "refused_busy": len(refused),
        "seconds": round(elapsed, 1),
    }


def resident_kinds(pid: int) -> dict[str, int]:
    """RssAnon (the process's own heap: what each extra worker adds) and
    RssFile (memory-mapped index files and code: page cache, shared by all
    workers) from /proc, in bytes; empty where /proc is not there."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in {"RssAnon", "RssFile"}:
                out[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return out


def private_heap(pid: int) -> int:
    """Bytes of heap that this process alone holds (anonymous pages not shared
    with another process), from /proc's per-mapping figures; 0 where /proc is
    not there. RssAnon also counts the pages that forked workers still share
    with the process they were forked from, once in each of them."""
    try:
        maps = psutil.Process(pid).memory_maps(grouped=False)
    except (psutil.Error, NotImplementedError):
        return 0
    return sum(min(m.anonymous, m.private_dirty) for m in maps)


def cpu_seconds(process: subprocess.Popen) -> float:
    """CPU seconds (user + system) of the server and its workers so far:
    over the run, divided by its wall time, how many cores it kept busy."""
    root = psutil.Process(process.pid)
    total = 0.0
    for p in [root, *root.children(recursive=True)]:
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def memory(process: subprocess.Popen) -> dict:
    """Resident and private memory of the server and its worker processes.
    ``private`` (USS) also counts index pages that only one process happens
    to have mapped; ``anon`` is each process's heap, ``own_heap`` the part of it
    that no other process shares: what each worker really adds."""
    root = psutil.Process(process.pid)
    procs = [root, *root.children(recursive=True)]
    infos, kinds, own = [], [], []
    for p in procs:
        try:
            infos.append(p.memory_full_info())
            kinds.append(resident_kinds(p.pid))
            own.append(private_heap(p.pid))
        except psutil.Error:
            continue
    return {
        "processes": len(infos),
        "rss_mib_total": round(sum(i.rss for i in infos) / 2**20),
        "private_mib_total": round(sum(i.uss for i in infos) / 2**20),
        "anon_mib_total": round(sum(k.get("RssAnon", 0) for k in kinds) / 2**20),
        # per process, largest first: the workers, then the supervisor and its helper
        "anon_mib_each": sorted((round(k.get("RssAnon", 0) / 2**20) for k in kinds), reverse=True),
        # the same less what a process shares with the others: what each one adds
        "own_heap_mib_each": sorted((round(b / 2**20) for b in own), reverse=True),
        "file_mib_largest": round(max((k.get("RssFile", 0) for k in kinds), default=0) / 2**20),
        "rss_mib_largest": round(max(i.rss for i in infos) / 2**20),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an index folder (vraagbaak ingest)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--questions", type=Path, nargs="+", default=DEFAULT_QUESTIONS)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--log-dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    questions = questions_from(args.questions)
    results = []
    for workers in args.workers:
        log = args.log_dir / f"vraagbaak-loadtest-{workers}w.log"
        process, url = start_server(args.index, args.corpus, workers, log)
        try:
            wait_ready(process, url, workers, log)
            cpu0, wall0 = cpu_seconds(process), time.monotonic()
            measured = asyncio.run(load(url, questions, args.clients, args.seconds))
            busy = (cpu_seconds(process) - cpu0) / (time.monotonic() - wall0)
            result = {"workers": workers, "clients": args.clients, **measured,
                      "cores_busy": round(busy, 2), **memory(process)}
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        results.append(result)
        print(json.dumps(result), flush=True)
    if len(results) > 1 and results[0]["throughput_rps"]:
        base = results[0]["throughput_rps"]
        for r in results[1:]:
            ratio = r["throughput_rps"] / base
            print(f"{r['workers']} workers: {ratio:.2f}x the throughput of {results[0]['workers']}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
