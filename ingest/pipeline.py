"""One file in, one IngestedDocument (or a Skipped with its reason) out."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.chunking import ChunkOptions, chunk
from ingest.manifest import MANIFEST_NAME
from ingest.models import Block, DocumentMeta, IngestedDocument, Skipped
from ingest.readers import SUPPORTED_SUFFIXES, UnreadableFile, reader_for
from ingest.safety import inspect_content, walk
from ingest.structure import front_matter_fields, genre_nouns, numbers_with_titles, short_titles, source_line


def _code_version() -> str:
    """A digest of this package's source and language data: any change to
    readers, chunking or their word lists (ingest/lang) makes unchanged files
    be re-processed once, with no version to forget."""
    h = hashlib.sha1()
    root = Path(__file__).parent
    for source in sorted([*root.rglob("*.py"), *root.rglob("*.toml")]):
        h.update(source.read_bytes())
    return h.hexdigest()[:12]


CHUNKER_VERSION = _code_version()


def corpus_files(corpus_dir: Path, follow_links: bool = False) -> list[Path]:
    """Every candidate file below the corpus folder, in a stable order
    (links to folders entered only with ``follow_links``; ingest/safety.py)."""
    return [p for p in walk(corpus_dir, follow_links) if p.relative_to(corpus_dir).as_posix() != MANIFEST_NAME]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _first_line(text: str) -> str | None:
    return next((line.strip() for line in text.split("\n") if line.strip()), None)


def _derive_title(name: str, blocks_text: str, hint: str | None) -> str:
    if hint and hint.strip():
        return hint.strip()
    for line in blocks_text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= 150 else line[:147].rstrip() + "…"
    return Path(name).stem


def strip_source_lines(blocks: list[Block], look: int = 3) -> tuple[list[Block], str | None]:
    """Drop "Bron: https://…" lines from the first blocks; return the address."""
    found: str | None = None
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if i < look and block.kind != "heading":
            kept = []
            for line in block.text.split("\n"):
                value = source_line(line)
                if value is None:
                    kept.append(line)
                else:
                    found = found or value
            if not kept:
                continue
            block = Block("\n".join(kept), block.kind, block.level, block.page)
        out.append(block)
    return out, found


def _meta_from_file(meta: DocumentMeta, hints: dict[str, str]) -> DocumentMeta:
    """The manifest wins; fields the file states about itself fill the gaps."""
    mapped = front_matter_fields(hints)
    gaps = {k: v for k, v in mapped.items() if not getattr(meta, k)}
    return meta.model_copy(update=gaps) if gaps else meta


def ingest_file(
    path: Path, name: str, meta: DocumentMeta | None = None, options: ChunkOptions = ChunkOptions()
) -> IngestedDocument | Skipped:
    """Read, clean and chunk one file. Never raises for bad content."""
    found = reader_for(path)
    if found is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        return Skipped(name=name, reason=f"bestandstype '{path.suffix or '(geen)'}' niet ondersteund ({supported})")
    fmt, reader = found
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(name=name, reason=f"kan bestand niet lezen: {exc.strerror or exc}")
    if not data.strip():
        return Skipped(name=name, reason="leeg bestand")
    inspection = inspect_content(data, path.suffix)
    if inspection.skip:
        return Skipped(name=name, reason=inspection.skip)
    try:
        extracted = reader(data)
    except UnreadableFile as exc:
        return Skipped(name=name, reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the corpus
        return Skipped(name=name, reason=f"onleesbaar bestand ({exc.__class__.__name__}: {exc})")
    blocks = numbers_with_titles(extracted.blocks)
    hints = dict(extracted.meta_hints)
    if options.boilerplate:
        blocks, source = strip_source_lines(blocks)
        if source:
            hints.setdefault("source", source)
    text, passages = chunk(name, blocks, options, hints)
    if not passages:
        return Skipped(name=name, reason="geen tekst gevonden")
    meta = _meta_from_file(meta or DocumentMeta(), hints if options.boilerplate else {})
    own_title = _derive_title(name, text, extracted.title_hint)
    title = meta.title or own_title
    return IngestedDocument(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        title=title,
        meta=meta.model_copy(update={"title": title}),
        pages=extracted.page_count,
        text=text,
        passages=passages,
        warnings=inspection.warnings + extracted.warnings,
        aliases=[a for a in short_titles(text, extracted.title_hint or _first_line(text)) if a != title],
        genres=sorted(genre_nouns(text)),
    )
