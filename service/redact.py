"""Remove personal data from text before it is logged or stored."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}\s?(?:[A-Z0-9]{4}\s?){2,7}[A-Z0-9]{1,4}\b", re.I)
_PHONE = re.compile(r"(?<!\w)(?:\+31|0031|0)(?:[\s-]?\d){9}(?!\d)")
_NINE_DIGITS = re.compile(r"(?<!\d)(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?!\d)")


def is_bsn(candidate: str) -> bool:
    """The 11-proef of Dutch citizen service numbers."""
    digits = [int(c) for c in candidate if c.isdigit()]
    if len(digits) != 9:
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and any(digits)


def redact(text: str) -> str:
    text = _EMAIL.sub("[e-mail]", text)
    text = _IBAN.sub("[iban]", text)
    text = _NINE_DIGITS.sub(lambda m: "[bsn]" if is_bsn(m.group(0)) else m.group(0), text)
    return _PHONE.sub("[telefoon]", text)
