"""The lean index format: passages and document texts as memory-mapped
columns (text stored once), and BM25 impact columns that keep the top k exact."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from index.bm25 import BM25Index
from index.columns import STRINGS, is_mapped, open_columns
from index.store import DocumentRecord, read_records, write_records
from ingest.models import DocumentMeta, Passage

TEXT_A = "Artikel 1. De cliëntondersteuning — één zin.\n\nTweede stuk: ß ë ü 🙂 emoji."


def _records() -> tuple[list[DocumentRecord], list[Passage]]:
    cut = TEXT_A.index("Tweede")
    first = TEXT_A[:cut].strip()
    a = DocumentRecord(name="a.md", sha256="0" * 64, format="md", title="A", meta=DocumentMeta(), pages=None,
                       text=TEXT_A, passage_count=2)
    b = DocumentRecord(name="b.pdf", sha256="1" * 64, format="pdf", title="B", meta=DocumentMeta(title="B"), pages=3,
                       text="Bla bla.", passage_count=1, aliases=["de b"])
    passages = [
        Passage(id="p1", document="a.md", ordinal=0, text=first, start=0, end=len(first),
                section_path=["H1", "Artikel 1"], locator="artikel 1"),
        Passage(id="p2", document="a.md", ordinal=1, text=TEXT_A[cut:], start=cut, end=len(TEXT_A),
                section_path=["H1", "Artikel 1"], references=["p1"], context="In deze wet wordt verstaan onder:"),
        Passage(id="p3", document="b.pdf", ordinal=0, text="geen deel van de tekst ë", start=0, end=3, page=2),
    ]
    return [a, b], passages


def test_columns_give_back_every_passage_and_document_field_for_field(tmp_path):
    documents, passages = _records()
    write_records(tmp_path, documents, passages)
    docs_back, passages_back = read_records(tmp_path)
    assert passages_back == passages  # non-ASCII offsets, shared section paths, references, lead-in, page
    assert docs_back == documents
    table, columns = open_columns(tmp_path, DocumentRecord)
    assert len(columns) == 3 and columns[-1] == passages[2] and columns[0:2] == passages[:2]
    assert columns.row_of["p3"] == 2 and "p4" not in columns.row_of and "p" not in columns.row_of
    assert dict(columns.row_of) == {"p1": 0, "p2": 1, "p3": 2}
    assert table.passage_rows("a.md").tolist() == [0, 1] and table["b.pdf"].text == "Bla bla."
    assert table["a.md"] is table["a.md"] and table.get("c.md") is None  # a document in use is built once
    assert [d.text for d in table.without_text()] == ["", ""] and list(table.without_text())[1].aliases == ["de b"]
    with pytest.raises(IndexError):
        columns[3]
    assert columns.section_path_of(1) == ["H1", "Artikel 1"] and columns.section_path_of(2) == []
    expected: dict = {}
    for row, p in enumerate(passages):  # the grouping a caller would otherwise build from every Passage
        expected.setdefault((p.document, tuple(p.section_path[:-1])), []).append(row)
    assert {k: v.tolist() for k, v in columns.section_groups().items()} == expected
    # every group is a slice of one array: 100,000 small arrays cost a worker ~12 MiB at a million passages
    a, b = columns.section_groups().values()
    assert a.base is not None and a.base is b.base


def test_the_document_table_keeps_record_lines_in_the_mapped_file_not_parsed_per_worker(tmp_path):
    """Parsed records of 20,000 documents held ~33 MiB of small objects in
    every worker; the lines stay in the memory-mapped file (page cache shared
    by the workers) and a record is parsed when it is asked for."""
    import tracemalloc

    from index.columns import DocumentTable, Strings

    text = "Artikel 1. Een korte tekst."
    documents = [
        DocumentRecord(name=f"regeling-{i:05d}.md", sha256=f"{i:064d}", format="markdown", title=f"Regeling {i}",
                       meta=DocumentMeta(title=f"Regeling {i}", publisher="Gemeente", date="2024-01-01",
                                         source=f"https://example.org/{i}"),
                       pages=None, text=text, passage_count=1, aliases=[f"reg {i}"], genres=["regeling"])
        for i in range(3000)
    ]
    passages = [Passage(id=f"p{i}", document=d.name, ordinal=0, text=text, start=0, end=len(text))
                for i, d in enumerate(documents)]
    write_records(tmp_path, documents, passages)
    tracemalloc.start()
    table = DocumentTable(tmp_path, Strings(tmp_path), DocumentRecord)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert held / len(documents) < 400  # bytes per document: its name and where its line is
    assert table["regeling-02999.md"] == documents[2999] and table.passage_rows("regeling-00007.md").tolist() == [7]
    assert [d.name for d in table.without_text()] == [d.name for d in documents]


def test_columns_store_a_document_text_once_and_passages_only_as_spans(tmp_path):
    documents, passages = _records()
    write_records(tmp_path, documents, passages)
    blob = (tmp_path / STRINGS).read_bytes().decode("utf-8")
    assert blob.count(TEXT_A) == 1 and blob.count("Tweede stuk") == 1  # p2's text is a span of a.md, not a copy
    assert blob.count("H1") == 1  # a section title shared by two passages is stored once
    assert "geen deel van de tekst" in blob  # a passage that is no slice of its document keeps its own text
    assert not (tmp_path / "passages.jsonl").exists()
    assert "Tweede" not in (tmp_path / "documents.jsonl").read_text(encoding="utf-8")


def test_texts_are_read_by_offset_so_no_page_of_strings_bin_is_mapped_into_the_process(tmp_path):
    """A worker reads the texts of some forty passages per question, spread
    over ``strings.bin``. Mapped, every text read kept its page and the
    kernel's fault-around neighbours in the process's resident set (220 MiB
    of a million-passage index after 200 questions, warm page cache); read
    by offset, the bytes stay in the shared page cache only."""
    from pathlib import Path

    documents, passages = _records()
    write_records(tmp_path, documents, passages)
    _, columns = open_columns(tmp_path, DocumentRecord)
    assert [columns[i].text for i in range(3)] == [p.text for p in passages]
    maps = Path("/proc/self/maps")
    if not maps.exists():
        pytest.skip("no /proc on this system")
    assert str(tmp_path / STRINGS) not in maps.read_text()


def test_texts_are_mapped_where_the_system_has_no_pread(tmp_path, monkeypatch):
    """Windows has no ``os.pread``: the texts are read from a map there."""
    import os

    documents, passages = _records()
    write_records(tmp_path, documents, passages)
    monkeypatch.delattr(os, "pread")
    _, columns = open_columns(tmp_path, DocumentRecord)
    assert [columns[i].text for i in range(3)] == [p.text for p in passages]


def test_columns_refuse_passages_out_of_document_order_or_with_duplicate_ids(tmp_path):
    documents, passages = _records()
    with pytest.raises(ValueError, match="grouped"):
        write_records(tmp_path, documents, [passages[2], passages[0], passages[1]])
    with pytest.raises(ValueError, match="unique"):
        write_records(tmp_path, documents, [passages[0], passages[0].model_copy(update={"ordinal": 1}), passages[2]])


def _zipf_corpus(seed: int, n_docs: int = 3000) -> tuple[list[list[str]], list[str]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(200)]
    weights = [1 / (i + 1) ** 0.8 for i in range(200)]
    return [rng.choices(vocab, weights, k=rng.randint(0, 60)) for _ in range(n_docs)], vocab


def test_bm25_impact_columns_give_the_same_top_k_and_scores_as_the_postings(tmp_path, monkeypatch):
    docs, vocab = _zipf_corpus(3)
    plain = BM25Index.build(docs, dense_min_df=10**9)
    built = BM25Index.build(docs, dense_min_df=300)
    built.save(tmp_path)
    columns = BM25Index.load(tmp_path)
    assert len(plain.dense_terms) == 0 and len(columns.dense_terms) > 20
    assert is_mapped(columns.dense_cols) and columns.dense_cols.dtype == np.uint8
    used = []
    original = BM25Index._top_k_columns
    monkeypatch.setattr(BM25Index, "_top_k_columns", lambda self, *a: used.append(1) or original(self, *a))
    ref = BM25Okapi(docs)
    rng = random.Random(4)
    mask = np.array([rng.random() < 0.3 for _ in docs])
    for _ in range(150):
        query = [rng.choice([*vocab[:30], "onbekend"]) for _ in range(rng.randint(1, 6))]
        for k in (1, 7, 50, 1000):
            for m in (None, mask):
                rows, scores = columns.top_k(query, k, m)
                expected_rows, expected_scores = plain.top_k(query, k, m)
                assert rows.tolist() == expected_rows.tolist()
                np.testing.assert_array_equal(scores, expected_scores)
                np.testing.assert_allclose(scores, ref.get_scores(query)[rows], rtol=1e-9)
    assert len(used) > 300  # the frequent-term questions went through the columns


def test_bm25_impact_columns_are_added_block_by_block_with_the_same_scores_and_block_sized_scratch(monkeypatch):
    """A column is dequantised into the accumulator one cache-sized block at a
    time; the worker keeps one block of scratch for it, not one float per passage."""
    import index.bm25 as bm25

    monkeypatch.setattr(bm25, "COLUMN_BLOCK", 257)  # many blocks, the last one short
    docs, vocab = _zipf_corpus(6)
    plain = BM25Index.build(docs, dense_min_df=10**9)
    columns = BM25Index.build(docs, dense_min_df=300)
    assert len(columns.dense_terms) > 20
    rng = random.Random(7)
    for _ in range(60):
        query = [rng.choice(vocab[:30]) for _ in range(rng.randint(1, 6))]
        for k in (1, 50):
            rows, scores = columns.top_k(query, k)
            expected_rows, expected_scores = plain.top_k(query, k)
            assert rows.tolist() == expected_rows.tolist()
            np.testing.assert_array_equal(scores, expected_scores)
    acc, block = columns._scratch32.get_nowait()
    assert len(acc) == len(docs) and len(block) == 257


def test_bm25_impact_columns_only_for_large_indexes_by_default():
    docs, _ = _zipf_corpus(5, n_docs=500)
    assert len(BM25Index.build(docs).dense_terms) == 0  # below 4,096 passages a term never needs a column


def test_bm25_counts_read_back_from_impact_columns_equal_the_postings(monkeypatch):
    docs, _ = _zipf_corpus(7)
    docs[5] = ["w0"] * 400 + ["w1"]  # a passage repeating a word: neighbouring counts share a level
    index = BM25Index.build(docs, dense_min_df=300)
    rows = np.arange(len(docs))
    searched: list[int] = []
    original = BM25Index._counts_by_search
    monkeypatch.setattr(
        BM25Index, "_counts_by_search", lambda self, t, r: searched.append(len(r)) or original(self, t, r)
    )
    for d, t in enumerate(index.dense_terms.tolist()):
        hit, tf = index._counts_from_column(t, d, rows)
        expected_hit, expected_tf = original(index, t, rows)
        np.testing.assert_array_equal(hit, expected_hit)
        np.testing.assert_array_equal(tf, expected_tf)
    looked_up = sum(searched)
    assert 0 < looked_up < 0.01 * sum(index._df(t) for t in index.dense_terms.tolist())  # almost all decoded


def test_term_tables_answer_like_the_dict_they_were_made_from_and_are_memory_mapped(tmp_path):
    from index.termtable import TermTable

    words = {"gemeente": 3, "client": 5, "clientondersteuning": 7, "a": 1, "zorg": 2, "café": 4, "10": 9}
    TermTable.from_mapping(words).save(tmp_path, "t")
    table = TermTable.load(tmp_path, "t")
    assert not table.keys.flags.owndata and not table.values.flags.owndata  # views of the mapped files
    assert dict(table.items()) == words and len(table) == len(words)
    for word, n in words.items():
        assert word in table and table[word] == n and table.get(word) == n
    for absent in ("clien", "clientondersteuningen", "", "x" * 100, "gemeente\0"):
        assert absent not in table and table.get(absent) is None
        with pytest.raises(KeyError):
            table[absent]
    assert table.starting_with("c") == ["café", "client", "clientondersteuning"]
    assert TermTable.load(tmp_path, "missing") is None


def test_the_typo_candidates_of_a_term_table_are_its_words_of_that_letter_and_length_counted_in_characters(
    tmp_path,
):
    """A word the corpus never uses is compared with the corpus words of its
    first letter and about its length. Before, every word of each letter asked
    was kept as a string for the life of the worker (~13 MiB at a large
    vocabulary); now only the candidates of one query are made, from the
    mapped table. Lengths count characters: "cliёnt" (a Cyrillic ё, two
    bytes) is as long as "client"."""
    from index.termtable import TermTable

    words = ["café", "cliёnt", "client", "clienten", "clientondersteuning", "cl", "cao", "gemeente", "zorg"]
    TermTable.from_mapping({w: i for i, w in enumerate(words)}).save(tmp_path, "t")
    table = TermTable.load(tmp_path, "t")
    for letter, length in (("c", 6), ("c", 3), ("c", 19), ("g", 8), ("x", 5)):
        brute = sorted(w for w in words if w[:1] == letter and abs(len(w) - length) <= 2)
        assert table.near_in_length(letter, length, 2) == brute
    assert table.near_in_length("c", 6, 2) == ["café", "client", "clienten", "cliёnt"]


def test_a_built_index_analyses_and_searches_as_before_from_its_tables_and_from_old_json(tmp_path):
    """The vocabulary and the decompounder's lexicon are tables in a new build;
    a build of before them (JSON only) still loads, and both analyse the same."""
    import json

    from index.analyzer import DutchAnalyzer
    from index.termtable import load_analyzer, save_lexicon

    texts = ["De koplopergemeenten organiseren cliëntondersteuning met de kerngroep.",
             "Gemeenten en cliëntondersteuners werken samen in de regio.",
             "Het college beslist over de maatwerkvoorziening voor de cliënt.",
             "Een koploper deelt kennis; de leden van de kerngroep ondersteunen."] * 3
    lexicon = DutchAnalyzer.build_lexicon(texts)
    analyzer = DutchAnalyzer(lexicon)
    tables, old = tmp_path / "tables", tmp_path / "old"
    tables.mkdir(), old.mkdir()
    save_lexicon(tables, analyzer, lexicon)
    (old / "lexicon.json").write_text(json.dumps(lexicon), encoding="utf-8")
    query = "Hoe helpen koplopergemeenten cliëntondersteuners en de kerngroepleden?"
    expected = analyzer.word_terms(query)
    assert any(parts for _, parts in expected)  # something was decompounded
    assert load_analyzer(tables, True).word_terms(query) == expected
    assert load_analyzer(old, True).word_terms(query) == expected
    bm25 = BM25Index.build([analyzer.document_terms(t) for t in texts])
    bm25.save(tables)
    loaded = BM25Index.load(tables)
    assert dict(loaded.vocab.items()) == dict(bm25.vocab.items())
    terms = analyzer.document_terms(query)
    assert np.array_equal(loaded.scores(terms), bm25.scores(terms)) and loaded.scores(terms).max() > 0


def _guide_and_law_texts() -> list[str]:
    """Paragraphs of two kinds of document: the seed corpus's guide and a law."""
    from tests.conftest import ROOT, SEED_CORPUS

    guide = (SEED_CORPUS / "000_70ed7c44639e2d0b.txt").read_text(encoding="utf-8")
    law = (ROOT / "tests" / "data" / "laws" / "wmo-2007.md").read_text(encoding="utf-8")
    return [p for text in (guide, law) for p in text.split("\n\n") if p.strip()]


# Words no build text has: a typo, an unseen compound, an ordinal, a Latin plural, a number, stop words.
_UNSEEN = "Wie regelt de mantelzorgondersteuningsregeling en de cliëntondrsteuning, de derde criteria van 2024?"


def _built_and_loaded(directory):
    """(texts, lexicon, analyzer) of a build over the guide and the law, its
    analyzer loaded back from what the build saved."""
    from index.analyzer import DutchAnalyzer
    from index.termtable import load_analyzer, save_lexicon

    texts = _guide_and_law_texts()
    lexicon = DutchAnalyzer.build_lexicon(texts)
    built = DutchAnalyzer(lexicon)
    for t in texts:
        built.document_terms(t)  # as the build analyses its passages
    save_lexicon(directory, built, lexicon)
    return texts, lexicon, load_analyzer(directory, True)


def test_a_loaded_build_gives_each_words_analysis_from_its_table_as_the_live_analyzer_would(tmp_path):
    from index.analyzer import DutchAnalyzer

    texts, lexicon, loaded = _built_and_loaded(tmp_path)
    assert loaded.analyses is not None and len(loaded.analyses) > 1000
    live = DutchAnalyzer(lexicon)  # analyses every word afresh
    for text in [*texts[::7], _UNSEEN]:
        assert loaded.word_terms(text) == live.word_terms(text)
        assert loaded.terms(text) == live.terms(text)
        assert loaded.document_terms(text) == live.document_terms(text)
    assert any(parts for _, parts in loaded.word_terms(" ".join(texts)))  # compounds among them


def test_a_loaded_build_analyses_its_own_words_without_decompounding_or_caching_them_per_process(
    tmp_path, monkeypatch
):
    """At a million passages, splitting candidate passages' words again for
    every answer was half of an answer's CPU, and a cache of 300,000 words
    the largest part of what each worker's heap grew by under load."""
    from index.analyzer import Decompounder, words

    texts, lexicon, loaded = _built_and_loaded(tmp_path)
    split = Decompounder.split
    asked: list[str] = []

    def recording(self, word: str, depth: int = 0):
        asked.append(word)
        return split(self, word, depth)

    monkeypatch.setattr(Decompounder, "split", recording)
    for text in texts:
        loaded.terms(text)
    assert [w for w in asked if not w.isdigit()] == []  # numbers are no lexicon words: analysed live
    assert loaded.word_cache_size() <= len({w for t in texts for w in words(t) if w.isdigit() or w not in lexicon})
    loaded.terms(_UNSEEN)
    assert "mantelzorgondersteuningsregeling" in asked  # a word no build text has is split live


def test_an_empty_vocabulary_is_saved_and_loaded_as_an_empty_table(tmp_path):
    empty = BM25Index.build([[], []])
    empty.save(tmp_path)
    assert len(BM25Index.load(tmp_path).vocab) == 0


def _unit(rng: np.random.Generator, n: int, dim: int = 8) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_sentence_vectors_are_stored_in_float16_memory_mapped_and_found_by_row_pointers(tmp_path):
    """At a million passages a worker must not read millions of sentence
    vectors into its heap nor keep a dictionary of every sentence."""
    from index.sentences import SentenceEvidence, SentenceIndex

    spans = np.asarray([[0, 0, 10], [0, 11, 30], [2, 0, 5], [2, 6, 12], [2, 13, 40]], dtype=np.int64)
    vectors = _unit(np.random.default_rng(0), len(spans))
    SentenceIndex(spans, vectors).save(tmp_path)
    loaded = SentenceIndex.load(tmp_path)
    assert is_mapped(loaded.vectors) and loaded.vectors.dtype == np.float16
    assert is_mapped(loaded.spans) and not is_mapped(np.asarray(loaded.spans).copy())
    assert loaded.rows.tolist() == [0, 2, 2, 5]  # passage 1 has no sentences
    assert list(loaded.of_passage(2)) == [2, 3, 4] and list(loaded.of_passage(1)) == []
    assert list(loaded.of_passage(7)) == []
    assert loaded.spans.dtype == np.int32
    evidence = SentenceEvidence(loaded, {"a": 0, "b": 1, "c": 2}.get)
    assert evidence.rows_of("c") == {(0, 5): 2, (6, 12): 3, (13, 40): 4}
    assert evidence.rows_of("a") == {(0, 10): 0, (11, 30): 1}
    assert evidence.rows_of("b") == {} and evidence.rows_of("x") == {}
    assert evidence.vector(3).dtype == np.float32
    assert float(evidence.vector(3) @ vectors[3]) == pytest.approx(1.0, abs=2e-3)


def test_sentences_of_a_build_without_row_pointers_still_load_and_are_found(tmp_path):
    """Builds made before the row pointers (float32 vectors, no rows file) keep serving."""
    from index.sentences import ROWS_FILE, SPANS_FILE, VECTORS_FILE, SentenceEvidence, SentenceIndex

    spans = np.asarray([[1, 0, 4], [1, 5, 9], [3, 0, 7]], dtype=np.int64)
    vectors = _unit(np.random.default_rng(1), len(spans))
    np.save(tmp_path / SPANS_FILE, spans)
    np.save(tmp_path / VECTORS_FILE, vectors)
    assert not (tmp_path / ROWS_FILE).exists()
    evidence = SentenceEvidence(SentenceIndex.load(tmp_path), {"p1": 1, "p3": 3, "p0": 0}.get)
    assert evidence.rows_of("p1") == {(0, 4): 0, (5, 9): 1} and evidence.rows_of("p3") == {(0, 7): 2}
    assert evidence.rows_of("p0") == {}
    assert np.array_equal(evidence.vector(2), vectors[2])


def test_sentences_out_of_passage_order_are_refused():
    from index.sentences import SentenceIndex

    with pytest.raises(ValueError, match="volgorde"):
        SentenceIndex(np.asarray([[2, 0, 4], [1, 0, 4]], dtype=np.int64), np.zeros((2, 8), np.float32))


def test_the_dense_graph_built_on_its_own_thread_equals_one_built_in_line():
    from index.dense import DenseIndex

    vectors = _unit(np.random.default_rng(2), 400, dim=16)
    flat = DenseIndex.build_in_background(vectors, hnsw_threshold=1_000).result()
    assert flat.kind == "flat" and np.array_equal(flat.vectors, vectors)
    graph = DenseIndex.build_in_background(vectors, hnsw_threshold=100).result()
    assert graph.kind == "hnsw" and len(graph) == 400
    own = [int(graph.search(v, 1)[0][0]) for v in vectors[:50]]
    assert own == list(range(50))


def test_a_bounded_scratch_pool_drops_what_it_cannot_keep():
    """At most one scratch pair per core stays allocated in each worker."""
    import queue

    from index.bm25 import _release

    pool: queue.Queue = queue.Queue(2)
    pairs = [(np.zeros(4), np.zeros(4)) for _ in range(3)]
    for pair in pairs:
        _release(pool, pair)
    assert pool.qsize() == 2 and pool.get_nowait() is pairs[0]


def test_a_worker_keeps_scratch_pairs_for_its_share_of_the_cores_only():
    """`serve --workers N` gives each worker its share of the cores
    (OMP_NUM_THREADS); a worker keeping a pair per core of the machine held
    17 MB per extra pair at a million passages that its share never uses."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    def kept(env: dict[str, str]) -> int:
        code = "import index.bm25 as b; print(b.SCRATCH_KEPT)"
        base = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
        out = subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True,
                             check=True, cwd=str(ROOT))
        return int(out.stdout)

    assert kept({"OMP_NUM_THREADS": "1"}) == 1
    assert kept({"OMP_NUM_THREADS": "3"}) == 3
    assert kept({}) == (os.cpu_count() or 2)
    assert kept({"OMP_NUM_THREADS": "veel"}) == (os.cpu_count() or 2)


def test_the_heap_limit_is_set_on_glibc_and_left_alone_when_off():
    """Measured effect (README, "A full million"): heap under load 376-408 MiB instead of 710-784."""
    from service.memory import limit_heap_growth

    assert limit_heap_growth(0) is False
    assert limit_heap_growth(1 << 20) is True  # Debian: glibc
