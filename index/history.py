"""What an index build remembers of the builds before it.

Advisers paste passage links (``/bron/<passage id>``) into notes that outlive
any one index build. Passage ids are stable while a passage's text is
unchanged; when a document is edited, re-chunked or removed, its old ids
disappear. So that an old link can still say what it pointed at and lead to
the nearest current passage, every build writes ``history.json``:

- ``retired``: passages that existed in an earlier build but not in this one
  (id → document, text, heading path, page, when it was retired), carried
  forward from build to build until the id comes back or the list is full;
- ``documents``: per document the sha256 of the indexed bytes and when that
  version was first indexed (an unchanged file keeps its date).

Written by the build beside its passage columns; read by whoever serves the build.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.models import Passage

HISTORY_FILE = "history.json"
MAX_RETIRED = 200_000  # newest kept; a link older than that many retired passages says "unknown"


class RetiredPassage(BaseModel):
    """A passage an earlier build served and this one does not."""

    id: str
    document: str
    text: str
    section_path: list[str] = Field(default_factory=list)
    page: int | None = None
    locator: str | None = None
    retired_at: str
    # The document's bibliography as it was, for a reference when the document itself is gone.
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    source: str | None = None


class DocumentVersion(BaseModel):
    sha256: str
    indexed_at: str


class BuildHistory(BaseModel):
    documents: dict[str, DocumentVersion] = Field(default_factory=dict)
    retired: list[RetiredPassage] = Field(default_factory=list)

    def retired_by_id(self) -> dict[str, RetiredPassage]:
        return {r.id: r for r in self.retired}


def read_history(build_dir: Path | None) -> BuildHistory:
    """The history of a build; empty for builds made before it existed or unreadable ones."""
    if build_dir is None:
        return BuildHistory()
    path = build_dir / HISTORY_FILE
    try:
        return BuildHistory.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BuildHistory()


def _read_passages(build_dir: Path, skip: set[str] = frozenset()) -> list[dict]:
    """The previous build's passages as plain dicts: read without validating
    against today's Passage model, so a build from an older chunker (other
    fields, or ``passages.jsonl`` before the column files) still hands on
    its ids and texts. Passages whose id is in ``skip`` may be left out
    (from the columns they are then never built)."""
    out: list[dict] = []
    try:
        if (build_dir / "passages.jsonl").exists():
            with (build_dir / "passages.jsonl").open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        out.append(json.loads(line))
            return out
        from index.columns import open_columns
        from index.store import DocumentRecord

        _, passages = open_columns(build_dir, DocumentRecord)
        return [passages[row].model_dump() for row, pid in enumerate(passages.row_of) if pid not in skip]
    except (OSError, ValueError, IndexError):
        return []


def _read_documents(build_dir: Path) -> dict[str, dict]:
    """Title and bibliography per document of an earlier build (plain dicts, like its passages)."""
    out: dict[str, dict] = {}
    try:
        with (build_dir / "documents.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    meta = row.get("meta") or {}
                    out[row.get("name", "")] = {"title": row.get("title"), "publisher": meta.get("publisher"),
                                                "date": meta.get("date"), "source": meta.get("source")}
    except (OSError, ValueError):
        return {}
    return out


def next_history(
    previous_build: Path | None, documents: dict[str, str], passages: list[Passage], built_at: str
) -> BuildHistory:
    """The history of a new build: ``documents`` maps name → sha256 of the
    bytes indexed now, ``passages`` are the new build's passages."""
    before = read_history(previous_build)
    versions: dict[str, DocumentVersion] = {}
    for name, sha in documents.items():
        old = before.documents.get(name)
        same = old is not None and old.sha256 == sha
        versions[name] = old if same else DocumentVersion(sha256=sha, indexed_at=built_at)
    if previous_build is not None and not before.documents:
        # The previous build predates this file: its documents were indexed no later than it was built.
        try:
            manifest = json.loads((previous_build / "manifest.json").read_text(encoding="utf-8"))
            for name, sha in manifest.get("documents", {}).items():
                if documents.get(name) == sha:
                    versions[name] = DocumentVersion(sha256=sha, indexed_at=manifest.get("built_at", built_at))
        except (OSError, ValueError):
            pass

    current = {p.id for p in passages}
    retired: dict[str, RetiredPassage] = {r.id: r for r in before.retired if r.id not in current}
    if previous_build is not None:
        bibliography = _read_documents(previous_build)
        for row in _read_passages(previous_build, current | set(retired)):
            pid = row.get("id")
            if not pid or pid in current or pid in retired or "text" not in row:
                continue
            retired[pid] = RetiredPassage(
                id=pid, document=row.get("document", ""), text=row["text"],
                section_path=row.get("section_path") or [], page=row.get("page"),
                locator=row.get("locator"), retired_at=built_at,
                **bibliography.get(row.get("document", ""), {}),
            )
    kept = sorted(retired.values(), key=lambda r: r.retired_at, reverse=True)[:MAX_RETIRED]
    return BuildHistory(documents=versions, retired=kept)


def write_history(
    build_dir: Path, previous_build: Path | None, documents: dict[str, str], passages: list[Passage], built_at: str
) -> BuildHistory:
    history = next_history(previous_build, documents, passages, built_at)
    (build_dir / HISTORY_FILE).write_text(history.model_dump_json(), encoding="utf-8")
    return history
