"""Corpus safety: what may be read from the corpus folder, and how its bytes become text.

The corpus folder is filled by colleagues with whatever they have, so before
a file is read we make sure that it

* lies inside the corpus folder: a symbolic link to a file or folder outside
  it is not followed (an operator can allow that with ``follow_links``),
  because whatever the service indexes it publishes;
* is not larger than the operator's limit (a 20 MB text file is about an
  hour of embedding), with a report line that says which limit to raise;
* is text when its name says text: binary content renamed ``.txt`` is
  skipped instead of becoming passages of noise;
* decodes in its own encoding, detected per file (charset-normalizer), and
  files where some bytes could only be read as replacement characters are
  reported instead of silently garbling every accent.

Every check returns a Dutch reason for the ingest report; none raises.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

# Formats whose bytes are text: they are checked for binary content and decoded here.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
# Formats with a container signature in their first bytes.
SIGNATURES = {".pdf": (b"%PDF-",), ".docx": (b"PK\x03\x04",)}
# The legacy encoding Dutch office software writes when it does not write UTF-8; preferred
# over look-alike code pages (cp1250 reads "geïnteresseerd" as "geďnteresseerd") when the
# detector finds it about as plausible.
WESTERN = "cp1252"
_PLAUSIBLE_MARGIN = 0.02
# Share of C0 control characters (other than tab, newline, carriage return, form feed) above
# which decoded "text" is taken for binary content.
_MAX_CONTROL_SHARE = 0.01
_SNIFF_BYTES = 1 << 16


@dataclass(frozen=True)
class SafetyPolicy:
    follow_links: bool = False  # follow symbolic links that lead out of the corpus folder
    max_file_bytes: int = 100_000_000  # any file
    max_text_file_bytes: int = 5_000_000  # plain text, Markdown, HTML: about 2,500 pages of text


@dataclass
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # characters that could not be decoded and became U+FFFD


@dataclass
class Inspection:
    skip: str | None = None  # reason to skip the file, for the report
    warnings: list[str] = field(default_factory=list)


def walk(corpus_dir: Path, follow_links: bool = False) -> Iterator[Path]:
    """Every file below ``corpus_dir`` except hidden ones, in a stable order.
    Links to folders are entered only with ``follow_links``, each real folder
    once (a link loop ends)."""
    seen: set[str] = set()

    def visit(folder: Path) -> Iterator[Path]:
        real = os.path.realpath(folder)
        if real in seen:
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False) or (
                follow_links and entry.is_symlink() and entry.is_dir(follow_symlinks=True)
            ):
                yield from visit(path)
            elif not entry.is_dir(follow_symlinks=True):
                yield path

    yield from visit(corpus_dir)


def screen(path: Path, corpus_dir: Path, policy: SafetyPolicy) -> str | None:
    """Why ``path`` must not be read at all (before its bytes are touched), or None."""
    if not policy.follow_links and not _within(path.resolve(), corpus_dir.resolve()):
        return ("koppeling naar een bestand buiten de corpusmap, niet gevolgd "
                    "(zet VRAAGBAAK_FOLLOW_LINKS=true om dat toe te staan)")
    try:
        info = path.stat()
    except OSError as exc:
        return f"kan bestand niet lezen: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return "geen gewoon bestand (apparaat, pipe of socket)"
    limit, setting = policy.max_file_bytes, "VRAAGBAAK_MAX_FILE_BYTES"
    if path.suffix.lower() in TEXT_SUFFIXES and policy.max_text_file_bytes < limit:
        limit, setting = policy.max_text_file_bytes, "VRAAGBAAK_MAX_TEXT_FILE_BYTES"
    if info.st_size > limit:
        return (f"te groot: {_size(info.st_size)}, de grens is {_size(limit)} "
                f"(verhoog {setting} om het toch te indexeren)")
    return None


def inspect_content(data: bytes, suffix: str) -> Inspection:
    """Binary content where text is expected, a wrong container signature,
    or text that decodes only with replacement characters."""
    suffix = suffix.lower()
    signatures = SIGNATURES.get(suffix)
    if signatures is not None:
        if not any(sig in data[:1024] for sig in signatures):
            return Inspection(skip=f"inhoud is geen {suffix.lstrip('.').upper()}-bestand (verkeerde extensie?)")
        return Inspection()
    if suffix not in TEXT_SUFFIXES:
        return Inspection()
    if _looks_binary(data):
        return Inspection(skip="binaire inhoud, geen tekst (verkeerde extensie?)")
    decoded = decode(data)
    if decoded is None:
        return Inspection(skip="binaire inhoud of onbekende tekencodering, geen tekst")
    controls = sum(1 for ch in decoded.text[:_SNIFF_BYTES] if ch < " " and ch not in "\t\n\r\f")
    if controls > _MAX_CONTROL_SHARE * min(len(decoded.text), _SNIFF_BYTES):
        return Inspection(skip="binaire inhoud, geen tekst (verkeerde extensie?)")
    warnings = []
    if decoded.replaced:
        warnings.append(
            f"{decoded.replaced} teken(s) konden niet worden gelezen als {decoded.encoding} en zijn vervangen "
            "door '\ufffd'; sla het bestand op als UTF-8"
        )
    return Inspection(warnings=warnings)


def decode(data: bytes) -> Decoded | None:
    """The text of ``data`` in its detected encoding; None when it is no text at all.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are taken as they
    are. Mostly-UTF-8 with a few broken bytes stays UTF-8 with those bytes
    replaced (reading it all as cp1252 garbles every accent). Anything else is
    detected per file, cp1252 first among equally plausible code pages."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        encoding = "utf-32" if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") else "utf-16"
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding, text.count("\ufffd"))
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ch > "\x7f") - replaced
    if multibyte >= replaced:  # more valid UTF-8 sequences than broken ones: it is UTF-8
        return Decoded(text, "utf-8", replaced)
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    encoding = best.encoding
    western = next((m for m in matches if m.encoding == WESTERN), None)
    if western is not None and western.chaos <= best.chaos + _PLAUSIBLE_MARGIN:
        encoding = WESTERN
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, text.count("\ufffd"))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes in text without a UTF-16/32 byte-order mark: what git and grep take for binary."""
    head = data[:_SNIFF_BYTES]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))


def _within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _size(n: int) -> str:
    if n >= 10_000_000:
        return f"{n / 1_000_000:.0f} MB"
    return f"{n / 1_000:.0f} kB" if n >= 10_000 else f"{n} bytes"
