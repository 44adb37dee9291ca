"""`vraagbaak serve` brings its own index: built when missing, rebuilt when stale."""

from __future__ import annotations

import json

import httpx

from index.store import current_build
from tests.conftest import Server


def test_serve_builds_the_index_when_missing_and_rebuilds_a_stale_one(tmp_path, corpus_copy):
    index_dir = tmp_path / "index"
    srv = Server(index_dir, tmp_path / "first.log", VRAAGBAAK_CORPUS=str(corpus_copy))
    try:
        srv.wait_ready()
        assert httpx.get(srv.url + "/readyz").json()["documents"] == 5
    finally:
        srv.stop()
    build = current_build(index_dir)
    manifest = json.loads((build / "manifest.json").read_text())
    manifest["analyzer_version"] = "nl-0"  # as left behind by an older release
    (build / "manifest.json").write_text(json.dumps(manifest))
    srv = Server(index_dir, tmp_path / "second.log", VRAAGBAAK_CORPUS=str(corpus_copy))
    try:
        srv.wait_ready()
        assert current_build(index_dir) != build
        assert "niet bruikbaar" in srv.log_path.read_text()
    finally:
        srv.stop()


def test_running_service_picks_up_a_new_index_build(tmp_path, corpus_copy):
    import subprocess
    import sys
    import time

    from tests import fixtures
    from tests.conftest import ROOT

    index_dir = tmp_path / "index"
    srv = Server(index_dir, tmp_path / "serve.log", VRAAGBAAK_CORPUS=str(corpus_copy), VRAAGBAAK_RELOAD_INTERVAL="0.5")
    try:
        srv.wait_ready()
        before = httpx.get(srv.url + "/readyz").json()["build"]
        question = {"question": "Binnen hoeveel werkdagen neemt de gemeente contact op na aanmelding?"}
        assert httpx.post(srv.url + "/v1/ask", json=question, timeout=30).json()["abstained"] is True
        fixtures.make_report_pdf(corpus_copy / "rapport.pdf")
        done = subprocess.run([sys.executable, "-m", "service.cli", "ingest", "--corpus", str(corpus_copy),
                               "--index", str(index_dir)], capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        for _ in range(100):
            if httpx.get(srv.url + "/readyz").json()["build"] != before:
                break
            time.sleep(0.2)
        assert httpx.get(srv.url + "/readyz").json()["documents"] == 6
        data = httpx.post(srv.url + "/v1/ask", json=question, timeout=30).json()
        assert data["abstained"] is False and "vijf werkdagen" in data["answer"]
        assert data["citations"][0]["document"] == "rapport.pdf" and data["citations"][0]["page"] == 1
    finally:
        srv.stop()
