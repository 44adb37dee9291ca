"""Corpus folder → index build, re-using whatever has not changed.

Unchanged files (same bytes, same chunker) keep their passages without being
read again; unchanged passage text keeps its embedding through the cache. The
result is published atomically, and a failed build leaves the previous one
serving.
"""

from __future__ import annotations

import fcntl
import queue
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.analyzer import ANALYZER_VERSION, DutchAnalyzer
from index.bm25 import BM25Index
from index.cache import EmbeddingCache, text_key
from index.columns import DocumentTable, PassageColumns, open_columns
from index.dense import DenseIndex
from index.embedder import Embedder
from index.history import write_history
from index.search import indexed_text
from index.sentences import build_sentence_index
from index.store import (
    DocumentRecord,
    IndexManifest,
    current_build,
    discard,
    new_build_dir,
    publish,
    read_manifest,
    remove_abandoned,
    write_records,
)
from index.termtable import save_lexicon
from ingest import CHUNKER_VERSION, IngestedDocument, Passage, Skipped, corpus_files, file_sha256, ingest_file
from ingest.chunking import ChunkOptions
from ingest.manifest import load_manifest
from ingest.models import DocumentMeta
from ingest.safety import SafetyPolicy, screen

Progress = Callable[[str, int, int], None]  # stage, done, total


class BuildError(RuntimeError):
    """Nothing could be indexed; the previous index (if any) keeps serving."""


@dataclass
class BuildReport:
    build_dir: Path
    documents: int
    pages: int
    passages: int
    skipped: list[Skipped]
    warnings: list[tuple[str, str]]
    reused_documents: int
    embedded: int
    cached: int
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    sentences: int = 0  # sentence/list-item spans embedded for sentence evidence
    sentences_embedded: int = 0  # of which not found in the cache


@dataclass(frozen=True)
class BuildSettings:
    decompound: bool = True
    context: str = "section"
    hnsw_threshold: int = 50_000
    embed_batch: int = 64
    cache_dir: Path | None = None  # defaults to <index>/cache
    chunking: ChunkOptions = ChunkOptions()

    @property
    def chunker_version(self) -> str:
        """The code's version plus the switches that change passages, so a
        build with other switches never re-uses passages cut differently."""
        c = self.chunking
        return f"{CHUNKER_VERSION}-s{int(c.structure)}b{int(c.boilerplate)}m{c.member_run_words}"
    safety: SafetyPolicy = SafetyPolicy()  # links, size limits (ingest/safety.py)


def _previous(
    index_dir: Path, chunker_version: str
) -> tuple[IndexManifest, Mapping[str, DocumentRecord], _PassagesByDocument] | None:
    """The serving build's manifest, documents and passages (mapped, built
    per document on demand), when its passages can be re-used."""
    build = current_build(index_dir)
    if build is None:
        return None
    try:
        manifest = read_manifest(build)
        if manifest.chunker_version != chunker_version:
            return None
        documents, passages = open_columns(build, DocumentRecord)
    except (OSError, ValueError, KeyError, IndexError):
        return None
    return manifest, documents, _PassagesByDocument(documents, passages)


class _PassagesByDocument:
    """A previous build's passages of one document, built when asked for."""

    def __init__(self, documents: DocumentTable, passages: PassageColumns) -> None:
        self._documents, self._passages = documents, passages

    def get(self, name: str, default: list[Passage] | None = None) -> list[Passage]:
        if name not in self._documents:
            return list(default or [])
        return [self._passages[int(r)] for r in self._documents.passage_rows(name)]


def _noop(stage: str, done: int, total: int) -> None:
    return None


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    settings: BuildSettings = BuildSettings(),
    progress: Progress = _noop,
    rebuild: bool = False,
) -> BuildReport:
    started = time.perf_counter()
    stages: dict[str, float] = {}
    if not corpus_dir.is_dir():
        raise BuildError(f"corpusmap {corpus_dir} bestaat niet")
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = (index_dir / ".build.lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        raise BuildError(f"er loopt al een indexering in {index_dir}") from exc
    try:
        remove_abandoned(index_dir)  # what a killed build left; the lock says none is running
        return _build(corpus_dir, index_dir, embedder, settings, progress, rebuild, started, stages)
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def _build(corpus_dir, index_dir, embedder, settings, progress, rebuild, started, stages) -> BuildReport:  # noqa: PLR0913
    meta = load_manifest(corpus_dir)
    previous = None if rebuild else _previous(index_dir, settings.chunker_version)
    files = corpus_files(corpus_dir, settings.safety.follow_links)
    documents: list[DocumentRecord] = []
    passages: list[Passage] = []
    skipped: list[Skipped] = []
    warnings: list[tuple[str, str]] = []
    reused = 0
    t0 = time.perf_counter()
    unchanged = _unchanged(corpus_dir, files, meta, previous, settings, embedder, index_dir)
    if unchanged is not None:
        stages["read"] = time.perf_counter() - t0
        progress("lezen", len(files), len(files))
        manifest, records = unchanged
        return BuildReport(
            build_dir=current_build(index_dir), documents=len(records), pages=sum(d.pages or 0 for d in records),
            passages=manifest.passages, skipped=[], warnings=[(d.name, w) for d in records for w in d.warnings],
            reused_documents=len(records), embedded=0, cached=0, seconds=time.perf_counter() - started,
            stages=stages,
        )
    cache_dir = settings.cache_dir or index_dir / "cache"
    job = BackgroundEmbedder(embedder, cache_dir / "embeddings.sqlite", settings.embed_batch, progress)
    texts: list[str] = []
    try:
        for i, path in enumerate(files):
            name = path.relative_to(corpus_dir).as_posix()
            refused = screen(path, corpus_dir, settings.safety)
            if refused:
                skipped.append(Skipped(name=name, reason=refused))
                progress("lezen", i + 1, len(files))
                continue
            sha = file_sha256(path)
            doc_meta = meta.get(name)
            old = previous[1].get(name) if previous else None
            if old is not None and old.sha256 == sha and previous is not None:
                record = _refreshed(old, doc_meta)
                new_passages = previous[2].get(name, [])
                warnings.extend((name, w) for w in old.warnings)
                reused += 1
            else:
                result = ingest_file(path, name, doc_meta, settings.chunking)
                if isinstance(result, Skipped):
                    skipped.append(result)
                    progress("lezen", i + 1, len(files))
                    continue
                record = _record(result)
                new_passages = result.passages
                warnings.extend((name, w) for w in result.warnings)
            documents.append(record)
            passages.extend(new_passages)
            doc_texts = [indexed_text(p, settings.context, record.title) for p in new_passages]
            texts.extend(doc_texts)
            job.submit(doc_texts)  # embedding starts while the next files are read
            progress("lezen", i + 1, len(files))
        stages["read"] = time.perf_counter() - t0
        if not passages:
            raise BuildError(
                "niets geïndexeerd: geen bruikbare documenten in "
                f"{corpus_dir} ({len(skipped)} overgeslagen); de vorige index blijft in gebruik"
            )
        # BM25 analysis runs here while the worker is still embedding.
        t0 = time.perf_counter()
        lexicon = DutchAnalyzer.build_lexicon(texts)
        analyzer = DutchAnalyzer(lexicon, decompound=settings.decompound)
        bm25 = BM25Index.build(analyzer.document_terms(t) for t in texts)  # streamed: no token lists of all passages
        stages["analyse"] = time.perf_counter() - t0
    except BaseException:
        job.cancel()
        raise
    t0 = time.perf_counter()
    vectors, embedded, cached = job.result(texts)
    stages["embed_wait"] = time.perf_counter() - t0
    stages["embed"] = job.seconds

    dense_job = DenseIndex.build_in_background(vectors, settings.hnsw_threshold)  # beside the sentences
    t0 = time.perf_counter()
    sentences, sentences_embedded = build_sentence_index(passages, embedder, cache_dir, progress=progress)
    stages["sentences"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    progress("indexeren", 0, 1)
    dense = dense_job.result()
    stages["index_wait"] = time.perf_counter() - t0

    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tmp = new_build_dir(index_dir, build_id)
    try:
        write_records(tmp, documents, passages)
        built_at = datetime.now(UTC).isoformat(timespec="seconds")
        write_history(tmp, current_build(index_dir), {d.name: d.sha256 for d in documents}, passages, built_at)
        bm25.save(tmp)
        dense.save(tmp)
        sentences.save(tmp)
        save_lexicon(tmp, analyzer, lexicon)
        manifest = IndexManifest(
            build_id=build_id,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            analyzer_version=ANALYZER_VERSION,
            chunker_version=settings.chunker_version,
            decompound=settings.decompound,
            embedder=embedder.name,
            dim=embedder.dim,
            dense_kind=dense.kind,
            passages=len(passages),
            context=settings.context,
            documents={d.name: d.sha256 for d in documents},
            skipped=[s.model_dump() for s in skipped],
        )
        final = publish(index_dir, tmp, manifest)
    except BaseException:
        discard(tmp)
        raise
    progress("indexeren", 1, 1)
    return BuildReport(
        build_dir=final,
        documents=len(documents),
        pages=sum(d.pages or 0 for d in documents),
        passages=len(passages),
        skipped=skipped,
        warnings=warnings,
        reused_documents=reused,
        embedded=embedded,
        cached=cached,
        seconds=time.perf_counter() - started,
        stages=stages,
        sentences=len(sentences),
        sentences_embedded=sentences_embedded,
    )


def _refreshed(old: DocumentRecord, doc_meta: DocumentMeta | None) -> DocumentRecord:
    """An unchanged file's record with the manifest's current fields on top."""
    given = {k: v for k, v in (doc_meta.model_dump() if doc_meta else {}).items() if v}
    meta = old.meta.model_copy(update=given)
    title = given.get("title") or old.title
    return old.model_copy(update={"title": title, "meta": meta.model_copy(update={"title": title})})


def _unchanged(corpus_dir, files, meta, previous, settings, embedder, index_dir):  # noqa: PLR0913
    """The previous build when nothing that shapes it changed (same files and
    bytes, same manifest fields, same settings): then there is nothing to do,
    and an unchanged corpus re-ingests in well under two seconds."""
    if previous is None:
        return None
    manifest, records, _ = previous
    names = [p.relative_to(corpus_dir).as_posix() for p in files]
    if manifest.skipped or sorted(names) != sorted(manifest.documents):
        return None
    if (manifest.context, manifest.decompound, manifest.embedder, manifest.analyzer_version) != (
        settings.context, settings.decompound, embedder.name, ANALYZER_VERSION
    ):
        return None
    for name, path in zip(names, files, strict=True):
        old = records.get(name)
        if old is None or manifest.documents[name] != file_sha256(path) or _refreshed(old, meta.get(name)) != old:
            return None
    if current_build(index_dir) is None:
        return None
    return manifest, [records[n] for n in names]


def _record(doc: IngestedDocument) -> DocumentRecord:
    return DocumentRecord(**doc.model_dump(exclude={"passages"}), passage_count=len(doc.passages))


class BackgroundEmbedder:
    """Embeds passage texts on a worker thread while the build goes on parsing
    files and analysing text for BM25 (the embedders run in C or torch and
    release the GIL). Texts already in the cache are never embedded again;
    the cache is read and written on the worker's own connection."""

    def __init__(self, embedder: Embedder, cache_path: Path, batch: int, progress: Progress) -> None:
        self._embedder = embedder
        self._cache_path = cache_path
        self._batch = batch
        self._progress = progress
        self._queue: queue.Queue[list[str] | None] = queue.Queue()
        self._vectors: dict[str, np.ndarray] = {}
        self._error: BaseException | None = None
        self._cancelled = threading.Event()
        self.embedded = 0
        self.seconds = 0.0  # time spent inside the embedder
        self._thread = threading.Thread(target=self._run, name="embedder", daemon=True)
        self._thread.start()

    def submit(self, texts: list[str]) -> None:
        if texts:
            self._queue.put(list(texts))

    def close(self) -> None:
        """No more texts; the worker embeds what is left and stops."""
        self._queue.put(None)

    def cancel(self) -> None:
        """The build failed: stop without embedding the rest."""
        self._cancelled.set()
        self.close()
        self._thread.join()

    def result(self, texts: list[str]) -> tuple[np.ndarray, int, int]:
        """Vectors in the order of ``texts`` (all submitted before), with the
        numbers embedded now and taken from the cache."""
        self.close()
        self._thread.join()
        if self._error is not None:
            raise self._error
        vectors = np.vstack([self._vectors[text_key(t)] for t in texts]).astype(np.float32)
        return vectors, self.embedded, len(texts) - self.embedded

    def _run(self) -> None:
        cache = None
        try:
            cache = EmbeddingCache(self._cache_path, self._embedder.name, self._embedder.dim)
            pending: dict[str, str] = {}
            total = done = 0
            closed = False
            while not self._cancelled.is_set():
                try:
                    item = self._queue.get(block=len(pending) < self._batch and not closed)
                except queue.Empty:
                    item = []
                if item is None:
                    closed = True
                    continue
                if item:
                    keys = {text_key(t): t for t in item}
                    new = [k for k in keys if k not in self._vectors and k not in pending]
                    self._vectors.update(cache.get_many(new))
                    for k in new:
                        if k not in self._vectors:
                            pending[k] = keys[k]
                            total += 1
                    self._progress("embedden", done, total)
                    continue
                if not pending:
                    if closed:
                        break
                    continue
                chunk = list(pending)[: self._batch]
                t0 = time.perf_counter()
                vecs = self._embedder.embed_passages([pending[k] for k in chunk])
                self.seconds += time.perf_counter() - t0
                new_vectors = dict(zip(chunk, np.asarray(vecs, dtype=np.float32), strict=True))
                cache.put_many(new_vectors)
                self._vectors.update(new_vectors)
                for k in chunk:
                    del pending[k]
                done += len(chunk)
                self.embedded += len(chunk)
                self._progress("embedden", done, total)
        except BaseException as exc:  # noqa: BLE001 - handed to the build thread
            self._error = exc
        finally:
            if cache is not None:
                cache.close()
