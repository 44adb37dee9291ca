"""What a build remembers of earlier builds: retired passages and document versions (index/history.py)."""

from __future__ import annotations

from pathlib import Path

from index.history import read_history, write_history
from ingest.models import Passage


def passage(pid: str, text: str, doc: str = "a.md", page: int | None = None) -> Passage:
    return Passage(id=pid, document=doc, ordinal=0, text=text, start=0, end=len(text), page=page,
                   section_path=["Hoofdstuk 1", "Artikel 2"])


def build(root: Path, name: str, previous: Path | None, docs: dict[str, str], passages: list[Passage], at: str) -> Path:
    folder = root / name
    folder.mkdir()
    with (folder / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for p in passages:
            fh.write(p.model_dump_json() + "\n")
    write_history(folder, previous, docs, passages, at)
    return folder


def test_a_changed_passage_is_retired_with_its_text_and_place(tmp_path):
    one = build(tmp_path, "1", None, {"a.md": "s1"}, [passage("p1", "Oude tekst.", page=3), passage("p2", "Blijft.")],
                "2026-01-01T00:00:00+00:00")
    two = build(tmp_path, "2", one, {"a.md": "s2"}, [passage("p3", "Nieuwe tekst."), passage("p2", "Blijft.")],
                "2026-02-01T00:00:00+00:00")
    retired = read_history(two).retired_by_id()
    assert set(retired) == {"p1"}
    assert retired["p1"].text == "Oude tekst." and retired["p1"].page == 3
    assert retired["p1"].section_path == ["Hoofdstuk 1", "Artikel 2"]
    assert retired["p1"].retired_at.startswith("2026-02-01")


def test_retired_passages_are_carried_forward_until_their_text_returns(tmp_path):
    one = build(tmp_path, "1", None, {"a.md": "s1"}, [passage("p1", "Eerste.")], "2026-01-01T00:00:00+00:00")
    two = build(tmp_path, "2", one, {"a.md": "s2"}, [passage("p2", "Tweede.")], "2026-02-01T00:00:00+00:00")
    three = build(tmp_path, "3", two, {"a.md": "s3"}, [passage("p3", "Derde.")], "2026-03-01T00:00:00+00:00")
    retired = read_history(three).retired_by_id()
    assert set(retired) == {"p1", "p2"}
    assert retired["p1"].retired_at.startswith("2026-02-01")  # when it went, not when it was last carried
    four = build(tmp_path, "4", three, {"a.md": "s1"}, [passage("p1", "Eerste.")], "2026-04-01T00:00:00+00:00")
    assert set(read_history(four).retired_by_id()) == {"p2", "p3"}


def test_a_removed_document_retires_all_its_passages_with_its_bibliography(tmp_path):
    one = build(tmp_path, "1", None, {"a.md": "s1", "b.md": "t1"},
                [passage("p1", "A.", "a.md"), passage("q1", "B.", "b.md")], "2026-01-01T00:00:00+00:00")
    (one / "documents.jsonl").write_text(
        '{"name": "b.md", "title": "Beleidsregel B", "meta": {"publisher": "Gemeente X", "date": "2020"}}\n',
        encoding="utf-8")
    two = build(tmp_path, "2", one, {"a.md": "s1"}, [passage("p1", "A.", "a.md")], "2026-02-01T00:00:00+00:00")
    history = read_history(two)
    assert set(history.retired_by_id()) == {"q1"}
    gone = history.retired[0]
    assert (gone.document, gone.title, gone.publisher, gone.date) == ("b.md", "Beleidsregel B", "Gemeente X", "2020")
    assert set(history.documents) == {"a.md"}


def test_document_indexed_at_changes_only_when_its_bytes_change(tmp_path):
    one = build(tmp_path, "1", None, {"a.md": "s1", "b.md": "t1"}, [passage("p1", "A.")], "2026-01-01T00:00:00+00:00")
    two = build(tmp_path, "2", one, {"a.md": "s1", "b.md": "t2"}, [passage("p1", "A.")], "2026-02-01T00:00:00+00:00")
    docs = read_history(two).documents
    assert docs["a.md"].indexed_at.startswith("2026-01-01")
    assert docs["b.md"].indexed_at.startswith("2026-02-01") and docs["b.md"].sha256 == "t2"


def test_a_build_without_history_reads_as_empty_and_an_older_build_still_hands_on_its_passages(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    row = '{"id": "x1", "document": "a.md", "text": "Oud.", "extra": 1}\n'
    (old / "passages.jsonl").write_text(row, encoding="utf-8")
    (old / "manifest.json").write_text('{"built_at": "2025-05-05T00:00:00+00:00", "documents": {"a.md": "s1"}}',
                                       encoding="utf-8")
    assert read_history(old).retired == [] and read_history(None).documents == {}
    new = build(tmp_path, "new", old, {"a.md": "s1"}, [passage("p9", "Nieuw.")], "2026-01-01T00:00:00+00:00")
    history = read_history(new)
    assert set(history.retired_by_id()) == {"x1"}
    assert history.documents["a.md"].indexed_at.startswith("2025-05-05")
