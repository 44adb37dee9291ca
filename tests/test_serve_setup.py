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
