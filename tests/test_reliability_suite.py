"""The reliability suite of issue 11, bounded for CI: each script in
scripts/reliability/ runs as an operator would run it (longer there) and
must meet its target. The figures are printed (pytest -s shows them)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCRIPTS = ROOT / "scripts" / "reliability"


def _run(script: str, *args: str, timeout: float = 300) -> dict:
    done = subprocess.run([sys.executable, str(SCRIPTS / script), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stdout[-2000:] + done.stderr[-3000:]
    figures = json.loads(lines[-1])
    print(script, json.dumps(figures, ensure_ascii=False))
    return figures


@pytest.fixture(scope="module")
def index_arg(seed_index_dir) -> list[str]:
    return ["--index", str(seed_index_dir)]


def test_fuzzing_from_the_openapi_spec_and_with_raw_bytes_gives_no_5xx(index_arg):
    figures = _run("fuzz.py", "--examples", "10", "--raw", "150", *index_arg, timeout=600)
    assert figures["server_errors"] == 0 and not figures["raw_failures"], figures
    assert figures["schemathesis_exit"] == 0, figures["schemathesis_failures"]
    assert figures["requests"] >= 250
    assert figures["passed"]


def test_kill_9_during_ingest_leaves_a_serving_index_and_no_leftovers():
    figures = _run("kill_ingest.py", "--trials", "10", "--documents", "2", timeout=600)
    assert figures["trials"] == 10 and figures["killed_mid_run"] >= 5  # the rest finished before their kill time
    assert figures["index_whole_after_kill"] == figures["serving_after_kill"] == 10
    assert figures["cache_intact_after_kill"] == 10
    assert figures["leftovers_after_next_ingest"] == [] and figures["new_content_served_after_next_ingest"]
    assert figures["passed"]


def test_hot_reindex_under_load_has_no_errors_and_serves_new_content_fast():
    figures = _run("hot_reindex.py", "--clients", "12", "--seconds", "15")
    assert figures["errors"] == [] and figures["server_5xx_in_log"] == 0, figures
    assert 0 <= figures["new_content_served_after_s"] <= 5
    assert figures["passed"]


def test_expensive_requests_leave_normal_clients_most_of_their_throughput(index_arg):
    figures = _run("slowdown.py", "--seconds", "10", *index_arg)
    assert figures["server_errors"] == []
    assert figures["ratio"] >= 0.7, figures
    assert figures["passed"]


def test_bad_file_corpus_is_skipped_and_reported_and_nothing_leaks():
    figures = _run("bad_files.py")
    assert figures["passages_with_outside_text"] == 0
    assert figures["skips_not_reported"] == [] and figures["warnings_not_reported"] == []
    assert figures["passed"]


def test_start_up_readiness_probes_are_not_counted_but_a_later_503_is(tmp_path):
    sys.path.insert(0, str(SCRIPTS))
    try:
        from common import Service
    finally:
        sys.path.remove(str(SCRIPTS))
    lines = [
        {"message": "request", "route": "/readyz", "status": 503},
        {"message": "index_loaded"},
        {"message": "request", "route": "/readyz", "status": 200},
        {"message": "request", "route": "/v1/ask", "status": 200},
        {"message": "request", "route": "/readyz", "status": 503},
    ]
    service = Service.__new__(Service)  # only its log is read; no server is started
    service.log_path = tmp_path / "serve.log"
    service.log_path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert [(e["route"], e["status"]) for e in service.requests()] == [
        ("/readyz", 200), ("/v1/ask", 200), ("/readyz", 503)]
