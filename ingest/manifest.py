"""The corpus manifest: a hand-edited TOML file with one table per document,
either ``[[document]]`` tables with a ``file`` key or ``[files."name.md"]`` tables."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ingest.models import DocumentMeta

MANIFEST_NAME = "manifest.toml"


class ManifestError(ValueError):
    """The manifest cannot be read; the message says where."""


def load_manifest(corpus_dir: Path) -> dict[str, DocumentMeta]:
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: {exc}") from exc
    entries: dict[str, DocumentMeta] = {}
    listed = data.get("document", [])
    if not isinstance(listed, list):
        raise ManifestError(f"{path}: 'document' moet een lijst van [[document]]-tabellen zijn")
    for i, entry in enumerate(listed, start=1):
        name = entry.get("file")
        if not name:
            raise ManifestError(f"{path}: [[document]] nummer {i} mist 'file'")
        entries[str(name)] = _meta(entry)
    # The other common shape: one [files."name.md"] table per file.
    files = data.get("files", {})
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        raise ManifestError(f'{path}: [files] moet tabellen bevatten, zoals [files."wet.md"]')
    for name, entry in files.items():
        entries[str(name)] = _meta(entry)
    return entries


def _meta(entry: dict) -> DocumentMeta:
    fields = {k: str(v) for k, v in entry.items() if k in DocumentMeta.model_fields and v != ""}
    return DocumentMeta(**fields)
