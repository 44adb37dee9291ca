"""Findings 2 and 6: nothing from outside the corpus folder is indexed, and
bad files (binary, wrongly encoded, too large) are skipped or reported."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from index.build import BuildSettings, build_index
from index.search import LoadedIndex
from ingest.safety import SafetyPolicy, decode, inspect_content, screen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "reliability"))
from bad_files import GOOD, SECRET, make_bad_corpus  # noqa: E402 - the suite's bad-file corpus, shared


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("bad")
    corpus = make_bad_corpus(root)
    settings = BuildSettings(safety=SafetyPolicy(max_text_file_bytes=110_000))
    report = build_index(corpus, root / "index", embedder, settings)
    return report, LoadedIndex.open(root / "index", embedder)


def test_links_out_of_the_corpus_are_not_followed(bad_build):
    report, index = bad_build
    reasons = {s.name: s.reason for s in report.skipped}
    assert "buiten de corpusmap" in reasons["link.txt"]
    assert not any(name.startswith("map/") for name in index.documents)
    assert all(SECRET not in p.text for p in index.passages)
    assert "alias.txt" in index.documents  # a link inside the corpus is an ordinary file


def test_binary_content_and_wrong_signatures_are_skipped(bad_build):
    report, index = bad_build
    reasons = {s.name: s.reason for s in report.skipped}
    assert "binaire inhoud" in reasons["programma.txt"]
    assert "binaire inhoud" in reasons["ruis.txt"]
    assert "binaire inhoud" in reasons["ruis-zonder-nul.txt"]
    assert "geen PDF-bestand" in reasons["nep.pdf"]
    assert not {"programma.txt", "ruis.txt", "ruis-zonder-nul.txt", "nep.pdf"} & set(index.documents)


def test_files_over_the_size_limit_are_skipped_with_the_setting_to_raise(bad_build):
    report, _ = bad_build
    reason = {s.name: s.reason for s in report.skipped}["groot.txt"]
    assert "te groot: 120 kB, de grens is 110 kB" in reason and "VRAAGBAAK_MAX_TEXT_FILE_BYTES" in reason


def test_encodings_are_detected_per_file_and_replacements_reported(bad_build):
    report, index = bad_build
    broken = index.documents["kapot.txt"]
    assert "Cliëntondersteuning is één taak." in broken.text  # still UTF-8, accents intact
    assert any("vervangen" in w and "UTF-8" in w for w in broken.warnings)
    assert ("kapot.txt", broken.warnings[0]) in report.warnings
    old = index.documents["oud.txt"]
    assert "Geïnteresseerde cliënten krijgen één gesprek over hun reünie." in old.text
    assert old.warnings == []
    assert index.documents["goed.txt"].warnings == []


def test_following_links_is_the_operators_choice(tmp_path, embedder):
    corpus = make_bad_corpus(tmp_path)
    for name in ("programma.txt", "ruis.txt", "ruis-zonder-nul.txt", "nep.pdf", "groot.txt", "kapot.txt"):
        (corpus / name).unlink()
    report = build_index(corpus, tmp_path / "index", embedder, BuildSettings(safety=SafetyPolicy(follow_links=True)))
    index = LoadedIndex.open(tmp_path / "index", embedder)
    assert {"link.txt", "map/geheim.md"} <= set(index.documents)
    assert report.skipped == []


def test_a_link_loop_ends(tmp_path):
    from ingest.safety import walk

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "doc.txt").write_text(GOOD)
    os.symlink(tmp_path / "a", tmp_path / "a" / "lus")
    found = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path, follow_links=True)]
    assert found == ["a/doc.txt"]


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        ("één café".encode(), "utf-8", "één café"),
        (b"\xef\xbb\xbf" + "één".encode(), "utf-8", "één"),
        ("één café".encode("utf-16"), "utf-16", "één café"),
        ("Geïnteresseerd in de reünie, één café.".encode("cp1252"), "cp1252", "Geïnteresseerd in de reünie, één café."),
    ],
)
def test_decode_table(data, encoding, text):
    decoded = decode(data)
    assert decoded.encoding == encoding and decoded.text == text and decoded.replaced == 0


def test_screen_refuses_special_files(tmp_path):
    fifo = tmp_path / "pijp.txt"
    os.mkfifo(fifo)
    assert "geen gewoon bestand" in screen(fifo, tmp_path, SafetyPolicy())
    assert inspect_content(b"%PDF-1.7 rest", ".pdf").skip is None
