"""The one door into ``index/`` for the service and the evaluation.

``Retriever`` is the interface a search backend offers: search an analysed
query with filters, fetch a passage and its neighbours, list the documents,
and give the term statistics and sentence vectors that answer evidence
needs. The in-process index (``index.search.LoadedIndex``) is one
implementation; a cluster engine (OpenSearch: Dutch analysis and
decompounding in its analyzer chain, k-NN, hybrid search) would be another
(docs/scale.md). ``service/`` and ``eval/`` import from this module only
(tests/test_seams.py checks it), so a backend can be swapped without
touching them.

Besides the interface this module re-exports the data types that travel
across it, the Dutch text helpers the service shares with the analyser, and
the entries the command line needs (build, embedder loading); the build
modules are imported only when first used, so serving does not load them.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from index.analyzer import STOP_WORDS, TEXT_CACHE, fold, words
from index.columns import DOCUMENT_CACHE
from index.embedder import DEFAULT_EMBEDDER, Embedder, EmbedderError
from index.fusion import Mode, SearchOptions, reciprocal_rank_fusion
from index.history import BuildHistory, RetiredPassage
from index.query import AnalysedQuery, WordTerms
from index.search import LoadedIndex, SearchHit
from index.sentences import SentenceEvidence
from index.store import (
    DocumentRecord,
    IndexManifest,
    IndexMismatch,
    IndexMissing,
    IndexStoreError,
    check_compatible,
    current_build,
    read_manifest,
)
from ingest.models import Passage

if TYPE_CHECKING:  # imported on first use (see __getattr__)
    from index.build import BuildError, BuildReport, BuildSettings, build_index
    from index.ray_embed import RAY_EMBED_BATCH, RayEmbedder

__all__ = [
    "DEFAULT_EMBEDDER",
    "DOCUMENT_CACHE",
    "RAY_EMBED_BATCH",
    "STOP_WORDS",
    "TEXT_CACHE",
    "AnalysedQuery",
    "BuildError",
    "BuildHistory",
    "BuildReport",
    "BuildSettings",
    "DocumentRecord",
    "Embedder",
    "EmbedderError",
    "IndexManifest",
    "IndexMismatch",
    "IndexMissing",
    "IndexStoreError",
    "Mode",
    "Passage",
    "RayEmbedder",
    "RetiredPassage",
    "Retriever",
    "SearchHit",
    "SearchOptions",
    "SentenceEvidence",
    "WordTerms",
    "build_index",
    "check_index",
    "fold",
    "load_embedder",
    "open_retriever",
    "published_build",
    "reciprocal_rank_fusion",
    "words",
]


@runtime_checkable
class Retriever(Protocol):
    """What the service and the evaluation may ask of an index build."""

    @property
    def manifest(self) -> IndexManifest:
        """The build's identity: ``build_id``, ``built_at``, ``embedder``, …"""
        ...

    @property
    def documents(self) -> Mapping[str, DocumentRecord]:
        """The indexed documents by name (the file's name in the corpus folder)."""
        ...

    def __len__(self) -> int:
        """The number of passages."""
        ...

    # -- queries -------------------------------------------------------------
    def analyse(self, text: str, correct: bool = True) -> AnalysedQuery:
        """A query analysed once; ``correct``: map words the corpus never uses to near ones."""
        ...

    def search(
        self, query: AnalysedQuery, top_k: int, options: SearchOptions, documents: list[str] | None = None
    ) -> list[SearchHit]:
        """The best ``top_k`` passages, within ``documents`` when given; embeds
        the query (once, kept in it) only when a dense leg runs."""
        ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors (unit length) in the embedding space of the build."""
        ...

    # -- passages and documents ------------------------------------------------
    def passage(self, passage_id: str) -> Passage | None: ...

    def neighbours(self, passage_id: str, n: int = 1) -> tuple[list[Passage], list[Passage]]:
        """Up to ``n`` passages before and after one, in its document's order."""
        ...

    def named_documents(self, text: str) -> list[str]:
        """The documents a question names ("volgens de Jeugdwet"), in a stable order."""
        ...

    def without_names(self, text: str) -> str:
        """The text's words less those that name a document: they tell which
        document, not which of its passages answers."""
        ...

    def iter_passages(self) -> Iterator[Passage]:
        """Every passage, documents in index order, each document's passages in text order."""
        ...

    def section_group(self, document: str, parent: tuple[str, ...]) -> list[Passage]:
        """The passages of a document under one parent heading path (its
        numbered steps, criteria or articles), in text order."""
        ...

    def section_paths(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every (document, heading path) that passages stand under, in text
        order of their first passage: the corpus's table of contents, without
        building every passage."""
        ...

    def document_paths(self, document: str) -> list[tuple[str, ...]]:
        """The heading paths of one document, in text order (empty for a
        document the index does not have): its share of ``section_paths``."""
        ...

    def section(self, document: str, path: tuple[str, ...]) -> list[Passage]:
        """The passages under exactly this heading path of ``document``, in text order."""
        ...

    def history(self) -> BuildHistory:
        """Passages earlier builds served and this one does not (old links still resolve)."""
        ...

    # -- what answer evidence needs ----------------------------------------------
    def terms(self, text: str) -> list[str]:
        """The index terms of a text, analysed as passages are."""
        ...

    def idf(self, term: str) -> float | None:
        """The BM25 idf of an index term; None for a term no passage uses."""
        ...

    def max_idf(self) -> float: ...

    def in_vocabulary(self, term: str) -> bool: ...

    def document_frequency(self, term: str) -> int:
        """How many passages use the term."""
        ...

    def sentences(self) -> SentenceEvidence:
        """Sentence vectors by passage id and offsets."""
        ...


_embedders: dict[str, Embedder] = {}
_embedders_lock = threading.Lock()


def load_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    """The embedding model named by ``spec``, loaded once per process: the
    index check before serving, an ingest while serving, the first load and
    every reload all share it (a model costs seconds and hundreds of MB)."""
    key = spec.strip()
    with _embedders_lock:
        embedder = _embedders.get(key)
        if embedder is None:
            from index import embedder as models  # looked up at call time, so a test can count loads

            embedder = _embedders[key] = models.load_embedder(key)
        return embedder


def open_retriever(index_dir: Path, embedder: str | Embedder = DEFAULT_EMBEDDER) -> Retriever:
    """The published build in ``index_dir``, loaded in this process; raises
    :class:`IndexStoreError` when there is none or it does not fit the embedder."""
    model = load_embedder(embedder) if isinstance(embedder, str) else embedder
    return LoadedIndex.open(index_dir, model)


def published_build(index_dir: Path) -> str | None:
    """The id of the build ``index_dir`` serves now (its CURRENT pointer), or None."""
    build = current_build(index_dir)
    return build.name if build is not None else None


def check_index(index_dir: Path, embedder: str = DEFAULT_EMBEDDER) -> None:
    """Raise :class:`IndexStoreError` (or :class:`EmbedderError`, ``OSError``,
    ``ValueError`` for an unreadable manifest) when the published build cannot
    be served with this embedder: missing, or from another version or model."""
    build = current_build(index_dir)
    if build is None:
        raise IndexMissing(f"geen index in {index_dir}")
    check_compatible(read_manifest(build), load_embedder(embedder).name)


_LAZY = {
    "BuildError": "index.build",
    "BuildReport": "index.build",
    "BuildSettings": "index.build",
    "build_index": "index.build",
    "RAY_EMBED_BATCH": "index.ray_embed",
    "RayEmbedder": "index.ray_embed",
}


def __getattr__(name: str) -> object:
    """The build and Ray entries, imported on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'index.api' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
