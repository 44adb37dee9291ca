"""The on-disk index: immutable build folders and an atomically swapped pointer.

``<index>/builds/<id>/`` holds one complete index; ``<index>/CURRENT`` is a
symlink to the build being served. A build is written in full first and the
pointer replaced with one ``rename``, so a crash never leaves a half index
and readers (several service replicas) always see a whole one.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.models import DocumentBase, Passage

FORMAT_VERSION = 4  # 2: BM25 postings as memory-mapped arrays, HNSW vectors in float16 only;
# 3: passages with locators and references, sentence vectors, build history;
# 4: passages and document texts as memory-mapped columns (index/columns.py), BM25 impact columns
CURRENT = "CURRENT"
KEEP_BUILDS = 2


class IndexStoreError(RuntimeError):
    """An index that cannot be used; the message tells the operator what to do."""


class IndexMissing(IndexStoreError):
    pass


class IndexMismatch(IndexStoreError):
    pass


class DocumentRecord(DocumentBase):
    """A document as the index stores it: its passages (and its text, once)
    live in the build's column files (index/columns.py)."""

    passage_count: int


class IndexManifest(BaseModel):
    format_version: int = FORMAT_VERSION
    build_id: str
    built_at: str
    analyzer_version: str
    chunker_version: str
    decompound: bool
    embedder: str
    dim: int
    dense_kind: str
    passages: int
    context: str
    documents: dict[str, str]  # name → sha256 of the file's bytes
    skipped: list[dict[str, str]] = Field(default_factory=list)


def current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / CURRENT
    if not pointer.exists():
        return None
    return pointer.resolve()


def read_manifest(build_dir: Path) -> IndexManifest:
    return IndexManifest.model_validate_json((build_dir / "manifest.json").read_text(encoding="utf-8"))


def write_records(build_dir: Path, documents: list[DocumentRecord], passages: list[Passage]) -> None:
    """Documents and passages as column files (text stored once); the
    passages come grouped by document, in the order of ``documents``."""
    from index.columns import write_columns

    by_doc: dict[str, list[Passage]] = {d.name: [] for d in documents}
    for p in passages:
        if p.document not in by_doc:
            raise ValueError(f"passage {p.id} of unknown document {p.document!r}")
        by_doc[p.document].append(p)
    position = {name: i for i, name in enumerate(by_doc)}
    order = [position[p.document] for p in passages]
    if any(a > b for a, b in zip(order, order[1:], strict=False)):
        raise ValueError("passages must be grouped by document, in the order of the documents")
    write_columns(build_dir, ((d, by_doc[d.name]) for d in documents))


def read_records(build_dir: Path) -> tuple[list[DocumentRecord], list[Passage]]:
    """Every document and passage of a build as objects (for tests and tools;
    the service maps the columns instead, see ``index.columns.open_columns``)."""
    from index.columns import open_columns

    documents, passages = open_columns(build_dir, DocumentRecord)
    return list(documents.values()), list(passages)


def new_build_dir(index_dir: Path, build_id: str) -> Path:
    tmp = index_dir / "builds" / f".tmp-{build_id}"
    tmp.mkdir(parents=True)
    return tmp


def publish(index_dir: Path, tmp_dir: Path, manifest: IndexManifest) -> Path:
    """Seal a finished build and point CURRENT at it in one atomic step."""
    (tmp_dir / "manifest.json").write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
    final = tmp_dir.parent / manifest.build_id
    os.replace(tmp_dir, final)
    link_tmp = index_dir / f".{CURRENT}.{manifest.build_id}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(Path("builds") / manifest.build_id, link_tmp)
    os.replace(link_tmp, index_dir / CURRENT)
    _prune(index_dir, keep=final)
    return final


def _prune(index_dir: Path, keep: Path) -> None:
    """Keep the newest builds, so a replica still reading the previous one
    is not pulled from under it; remove abandoned temporary folders."""
    builds = index_dir / "builds"
    finished = sorted(
        (p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in finished[KEEP_BUILDS:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def remove_abandoned(index_dir: Path) -> list[str]:
    """Remove what a build killed part-way left behind (``builds/.tmp-*``
    folders, half-made ``.CURRENT.*`` links). Call it only while holding the
    build lock: then no other build can still be writing them."""
    removed = []
    builds = index_dir / "builds"
    candidates = list(builds.glob(".tmp-*")) if builds.is_dir() else []
    candidates += [p for p in index_dir.glob(f".{CURRENT}.*") if p.is_symlink() or p.exists()]
    for path in candidates:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def discard(tmp_dir: Path) -> None:
    shutil.rmtree(tmp_dir, ignore_errors=True)


def check_compatible(manifest: IndexManifest, embedder: str | None) -> None:
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatch(
            f"index heeft formaatversie {manifest.format_version}, deze versie van Vraagbaak leest "
            f"{FORMAT_VERSION}; bouw de index opnieuw met 'vraagbaak ingest --rebuild'"
        )
    from index.analyzer import ANALYZER_VERSION

    if manifest.analyzer_version != ANALYZER_VERSION:
        raise IndexMismatch(
            f"index is geanalyseerd met '{manifest.analyzer_version}', deze versie gebruikt "
            f"'{ANALYZER_VERSION}'; bouw de index opnieuw met 'vraagbaak ingest --rebuild'"
        )
    if embedder is not None and manifest.embedder != embedder:
        raise IndexMismatch(
            f"index is gebouwd met embedder '{manifest.embedder}', geconfigureerd is '{embedder}'; "
            "kies dezelfde embedder of bouw de index opnieuw met 'vraagbaak ingest --rebuild'"
        )


def dump_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
