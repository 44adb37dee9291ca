"""The corpus manifest: a hand-edited TOML file with one table per document."""

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
    for i, entry in enumerate(data.get("document", []), start=1):
        name = entry.get("file")
        if not name:
            raise ManifestError(f"{path}: [[document]] nummer {i} mist 'file'")
        fields = {k: str(v) for k, v in entry.items() if k in DocumentMeta.model_fields and v != ""}
        entries[str(name)] = DocumentMeta(**fields)
    return entries
