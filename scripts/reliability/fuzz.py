"""Fuzzing from the OpenAPI spec (schemathesis, ``--checks all``) and with
raw bytes and lone surrogates (hypothesis), against a real server. Target:
no 5xx at all, counted in the server's own request log.

    python scripts/reliability/fuzz.py --examples 300 --raw 5000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from common import SEED_CORPUS, Service, copy_seed, ingest, report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
ROUTES = ["/v1/ask", "/v1/search", "/v1/feedback"]
FIELDS = {"/v1/ask": "question", "/v1/search": "query", "/v1/feedback": "remark"}
# Every code point, lone surrogates included (hypothesis leaves category Cs out by default).
ANY_CHAR = st.characters(codec=None, categories=("Cs", "Co", "Cn", "Cc", "Cf", "L", "M", "N", "P", "S", "Z"))


def raw_fuzz(url: str, examples: int, seed: int) -> dict[str, int]:
    """Bodies the spec never describes: random bytes, JSON with lone surrogates and control
    characters (as \\u escapes, valid JSON), broken UTF-8, odd content types."""
    client = httpx.Client(base_url=url, timeout=60)
    sent = {"requests": 0, "server_errors": 0}
    failures: list[str] = []
    previous: list = [None]

    body = st.one_of(
        st.binary(max_size=3000),
        st.builds(lambda route, text, history: (route, json.dumps(
            {FIELDS[route]: text, "history": [{"role": "user", "content": h} for h in history],
             "answer_id": text, "rating": "up"}).encode()),
            st.sampled_from(ROUTES), st.text(ANY_CHAR, min_size=1, max_size=300),
            st.lists(st.text(ANY_CHAR, max_size=200), max_size=3)),
        st.builds(lambda route, raw: (route, b'{"' + FIELDS[route].encode() + b'": "' + raw + b'"}'),
                  st.sampled_from(ROUTES), st.binary(max_size=500)),
    )

    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed == 0,
              suppress_health_check=list(HealthCheck))
    @given(body=body, route=st.sampled_from(ROUTES),
           content_type=st.sampled_from(["application/json", "text/plain", "application/json; charset=latin-1", ""]))
    def one(body, route, content_type):
        if isinstance(body, tuple):
            route, body = body
        try:
            r = client.post(route, content=body, headers={"Content-Type": content_type} if content_type else {})
        except httpx.TransportError as exc:  # the server dropped the connection: as bad as a 500
            sent["server_errors"] += 1
            failures.append(f"{route} {type(exc).__name__} after {previous[0]!r} {body[:120]!r}")
            return
        finally:
            previous[0] = (route, content_type, body[:200])
        sent["requests"] += 1
        if r.status_code >= 500:
            sent["server_errors"] += 1
            failures.append(f"{route} {r.status_code} {body[:120]!r}")

    one()
    client.close()
    sent["failures"] = failures[:10]
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=50, help="schemathesis examples per operation")
    parser.add_argument("--raw", type=int, default=500, help="raw-bytes/surrogate requests")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--index", type=Path, help="an existing index of the seed corpus (else built)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vb-fuzz-") as tmp:
        work = Path(tmp)
        index = args.index or work / "index"
        if args.index is None:
            ingest(copy_seed(work / "corpus"), index)
        # Sequential fuzzing never competes with itself: long queries may use all the time.
        service = Service(index, SEED_CORPUS, work / "serve.log", VRAAGBAAK_LONG_QUERY_SHARE="1")
        try:
            service.wait_ready()
            st_run = subprocess.run(
                [sys.executable, "-m", "schemathesis.cli", "--config-file", str(HERE / "schemathesis.toml"), "run",
                 f"{service.url}/openapi.json", "--checks", "all", "--max-examples", str(args.examples),
                 "--workers", "1", "--seed", str(args.seed), "--no-shrink", "--output-truncate", "true"],
                capture_output=True, text=True, cwd=work, timeout=3600,
            )
            raw = raw_fuzz(service.url, args.raw, args.seed)
            log = service.requests()
        finally:
            service.stop()
    summary = [line for line in st_run.stdout.splitlines() if "generated" in line or "passed" in line][-2:]
    figures = {
        "requests": len(log),
        # A 503 "busy" is the admission control refusing a long query on purpose, as in common.py.
        "server_errors": sum(1 for e in log if e["status"] >= 500 and e.get("refused") != "busy"),
        "statuses": {str(s): sum(1 for e in log if e["status"] == s) for s in sorted({e["status"] for e in log})},
        "schemathesis_exit": st_run.returncode,
        "schemathesis_summary": summary,
        "schemathesis_failures": [line for line in st_run.stdout.splitlines() if line.startswith("- ST")][:10],
        "raw_requests": raw["requests"],
        "raw_failures": raw["failures"],
    }
    passed = figures["server_errors"] == 0 and not raw["failures"] and st_run.returncode == 0
    report(figures, passed)


if __name__ == "__main__":
    main()
