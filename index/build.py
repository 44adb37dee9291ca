"""Corpus folder → index build, re-using whatever has not changed.

Unchanged files (same bytes, same chunker) keep their passages without being
read again; unchanged passage text keeps its embedding through the cache. The
result is published atomically, and a failed build leaves the previous one
serving.
"""

from __future__ import annotations

import fcntl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.analyzer import ANALYZER_VERSION, DutchAnalyzer
from index.bm25 import BM25Index
from index.cache import EmbeddingCache, text_key
from index.dense import DenseIndex
from index.embedder import Embedder
from index.search import indexed_text
from index.sentences import build_sentence_index
from index.store import (
    DocumentRecord,
    IndexManifest,
    current_build,
    discard,
    dump_json,
    new_build_dir,
    publish,
    read_manifest,
    read_records,
    write_records,
)
from ingest import CHUNKER_VERSION, IngestedDocument, Passage, Skipped, corpus_files, file_sha256, ingest_file
from ingest.manifest import load_manifest

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


def _previous(index_dir: Path) -> tuple[IndexManifest, dict[str, DocumentRecord], dict[str, list[Passage]]] | None:
    build = current_build(index_dir)
    if build is None:
        return None
    try:
        manifest = read_manifest(build)
        if manifest.chunker_version != CHUNKER_VERSION:
            return None
        documents, passages = read_records(build)
    except (OSError, ValueError):
        return None
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.document, []).append(p)
    return manifest, {d.name: d for d in documents}, by_doc


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
        return _build(corpus_dir, index_dir, embedder, settings, progress, rebuild, started, stages)
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def _build(corpus_dir, index_dir, embedder, settings, progress, rebuild, started, stages) -> BuildReport:  # noqa: PLR0913
    meta = load_manifest(corpus_dir)
    previous = None if rebuild else _previous(index_dir)
    files = corpus_files(corpus_dir)
    documents: list[DocumentRecord] = []
    passages: list[Passage] = []
    skipped: list[Skipped] = []
    warnings: list[tuple[str, str]] = []
    reused = 0
    t0 = time.perf_counter()
    for i, path in enumerate(files):
        name = path.relative_to(corpus_dir).as_posix()
        sha = file_sha256(path)
        doc_meta = meta.get(name)
        old = previous[1].get(name) if previous else None
        if old is not None and old.sha256 == sha and previous is not None:
            title = (doc_meta.title if doc_meta and doc_meta.title else None) or old.title
            record = old.model_copy(
                update={"title": title, "meta": (doc_meta or old.meta).model_copy(update={"title": title})}
            )
            documents.append(record)
            passages.extend(previous[2].get(name, []))
            warnings.extend((name, w) for w in old.warnings)
            reused += 1
        else:
            result = ingest_file(path, name, doc_meta)
            if isinstance(result, Skipped):
                skipped.append(result)
            else:
                documents.append(_record(result))
                passages.extend(result.passages)
                warnings.extend((name, w) for w in result.warnings)
        progress("lezen", i + 1, len(files))
    stages["read"] = time.perf_counter() - t0
    if not passages:
        raise BuildError(
            "niets geïndexeerd: geen bruikbare documenten in "
            f"{corpus_dir} ({len(skipped)} overgeslagen); de vorige index blijft in gebruik"
        )

    titles = {d.name: d.title for d in documents}
    texts = [indexed_text(p, settings.context, titles.get(p.document)) for p in passages]

    t0 = time.perf_counter()
    cache_dir = settings.cache_dir or index_dir / "cache"
    vectors, embedded, cached = _embed(texts, embedder, cache_dir, settings.embed_batch, progress)
    stages["embed"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    sentences, sentences_embedded = build_sentence_index(passages, embedder, cache_dir, progress=progress)
    stages["sentences"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    progress("indexeren", 0, 1)
    lexicon = DutchAnalyzer.build_lexicon(texts)
    analyzer = DutchAnalyzer(lexicon, decompound=settings.decompound)
    bm25 = BM25Index.build([analyzer.document_terms(t) for t in texts])
    dense = DenseIndex.build(vectors, settings.hnsw_threshold)
    stages["index"] = time.perf_counter() - t0

    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tmp = new_build_dir(index_dir, build_id)
    try:
        write_records(tmp, documents, passages)
        bm25.save(tmp)
        dense.save(tmp)
        sentences.save(tmp)
        dump_json(tmp / "lexicon.json", lexicon)
        manifest = IndexManifest(
            build_id=build_id,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            analyzer_version=ANALYZER_VERSION,
            chunker_version=CHUNKER_VERSION,
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


def _record(doc: IngestedDocument) -> DocumentRecord:
    return DocumentRecord(**doc.model_dump(exclude={"passages"}), passage_count=len(doc.passages))


def _embed(texts: list[str], embedder: Embedder, cache_dir: Path, batch: int, progress: Progress):
    cache = EmbeddingCache(cache_dir / "embeddings.sqlite", embedder.name, embedder.dim)
    try:
        keys = [text_key(t) for t in texts]
        found = cache.get_many(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        text_of = dict(zip(keys, texts, strict=True))
        total = len(missing)
        progress("embedden", 0, total)
        for i in range(0, total, batch):
            chunk = missing[i : i + batch]
            vecs = embedder.embed_passages([text_of[k] for k in chunk])
            new = dict(zip(chunk, vecs, strict=True))
            cache.put_many(new)
            found.update(new)
            progress("embedden", min(total, i + batch), total)
        vectors = np.vstack([found[k] for k in keys]).astype(np.float32)
        return vectors, total, len(keys) - total
    finally:
        cache.close()

