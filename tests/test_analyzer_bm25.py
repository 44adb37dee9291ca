"""Dutch analysis and BM25 scores that equal rank-bm25's."""

from __future__ import annotations

import random

import numpy as np
from rank_bm25 import BM25Okapi

from index.analyzer import DutchAnalyzer, fold
from index.bm25 import BM25Index


def test_diacritics_fold_so_client_matches_client():
    a = DutchAnalyzer()
    assert a.terms("cliënt") == a.terms("client")
    assert fold("Ĳsselmeer café") == "ijsselmeer cafe"


def test_gemeente_keeps_its_stem_and_stop_words_go():
    a = DutchAnalyzer()
    assert a.terms("de gemeenten en de gemeente") == ["gemeent", "gemeent"]


def test_decompounder_splits_compounds_into_corpus_words():
    lexicon = DutchAnalyzer.build_lexicon(
        ["koploper gemeenten", "cliënten worden ondersteund door de ondersteuning", "harde criteria beoordelen"]
    )
    a = DutchAnalyzer(lexicon)
    assert a.decompounder.split("koplopergemeenten") == ("koploper", "gemeenten")
    assert a.decompounder.split(fold("cliëntondersteuner")) == ("client", "ondersteuner")
    assert a.decompounder.split("beoordelingscriteria") == ("beoordeling", "criteria")
    assert a.decompounder.split("vindbaarheid") == ()
    # A user typing the compound finds passages with the parts, and vice versa.
    assert "koploper" in a.terms("koplopergemeenten")


def test_bm25_scores_equal_rank_bm25_on_random_corpus():
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(60)]
    docs = [[rng.choice(vocab) for _ in range(rng.randint(1, 40))] for _ in range(300)]
    ours = BM25Index.build(docs)
    ref = BM25Okapi(docs)
    for _ in range(25):
        query = [rng.choice(vocab + ["onbekend"]) for _ in range(rng.randint(1, 6))]
        np.testing.assert_allclose(ours.scores(query), ref.get_scores(query), rtol=1e-9, atol=1e-12)


def test_bm25_scores_equal_rank_bm25_on_seed_passages(seed_index):
    from index.search import indexed_text

    texts = [indexed_text(p, seed_index.manifest.context) for p in seed_index.passages]
    tokens = [seed_index.analyzer.document_terms(t) for t in texts]
    ref = BM25Okapi(tokens)
    for q in ["Wie neemt het initiatief?", "koplopergemeenten criteria", "cliëntondersteuning gemeente gemeente"]:
        terms = seed_index.analyzer.terms(q)
        np.testing.assert_allclose(seed_index.bm25.scores(terms), ref.get_scores(terms), rtol=1e-9)
        rows = np.arange(len(texts))
        np.testing.assert_allclose(seed_index.bm25.term_scores(terms, rows), ref.get_scores(terms), rtol=1e-9)


def test_a_loaded_bm25_index_keeps_no_array_of_one_float_per_passage_and_scores_as_before(tmp_path):
    """Every worker held a float64 length normalisation per passage (8 MB at a
    million passages); it is computed for the rows a query touches, with the
    same arithmetic as before."""
    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(80)]
    docs = [[rng.choice(vocab) for _ in range(rng.randint(1, 60))] for _ in range(400)]
    BM25Index.build(docs).save(tmp_path)
    loaded = BM25Index.load(tmp_path)
    per_passage = [name for name, value in vars(loaded).items()
                   if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.shape == (len(docs),)]
    assert per_passage == []
    doc_len = np.asarray([len(d) for d in docs], dtype=np.float64)
    norm = 1.5 * (1 - 0.75 + 0.75 * doc_len / (doc_len.sum() / len(docs)))
    for _ in range(20):
        query = [rng.choice(vocab) for _ in range(rng.randint(1, 5))]
        expected = np.zeros(len(docs))
        for term in set(query):
            tf = np.asarray([d.count(term) for d in docs], dtype=np.float64)
            expected += query.count(term) * loaded.idf[loaded.vocab[term]] * (tf * 2.5 / (tf + norm))
        np.testing.assert_allclose(loaded.scores(query), expected, rtol=1e-12)


def test_a_typographic_apostrophe_splits_a_word_as_a_typed_one_does():
    """Web pages and laws write "regio’s", "AMHK’s", "zo’n" with U+2019; a
    question is typed with "'". The curly one was dropped, so "regio’s" became
    the one word "regios" (and "AMHK’s" "amhks") and met neither "regio" nor
    a question's "regio's"."""
    a = DutchAnalyzer()
    for curly, straight in (("2 regio’s", "2 regio's"), ("de AMHK’s", "de AMHK's"), ("zo‘n traject", "zo'n traject"),
                            ("risico’s van de cliënt", "risico's van de client")):
        assert a.terms(curly) == a.terms(straight)
    assert "regio" in a.terms("hebben 26 koplopergemeenten en 2 regio’s het voortouw genomen")
    assert "amhk" in a.terms("Aangezien de AMHK’s regionaal zijn georganiseerd")
