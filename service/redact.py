"""Remove personal data from text before it is logged or stored.

The text is normalised first (service/textnorm.py), so a BSN split by
zero-width spaces or written in full-width digits is seen as the number it
is. Each kind of personal data is one row of ``RULES``, applied in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from service.textnorm import normalise_text

# "@" as people write it to dodge harvesters: "(at)", "[at]", " at ", "(apenstaartje)".
_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|apenstaartje)\s*[)\]}>]\s*|\s+(?:at|apenstaartje)\s+)"
# "." likewise: "(dot)", "[punt]", " dot ".
_DOT = r"(?:\s*\.\s*|\s*[(\[{<]\s*(?:dot|punt)\s*[)\]}>]\s*|\s+(?:dot|punt)\s+)"
_LABEL = r"[\w-]+"
_EMAIL = re.compile(rf"[\w.+-]+{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[a-z]{{2,24}}\b", re.I)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}\s?(?:[A-Z0-9]{4}\s?){2,7}[A-Z0-9]{1,4}\b", re.I)
_PHONE = re.compile(r"(?<!\w)(?:\+31|0031|0)(?:[\s-]?\d){9}(?!\d)")
# Nine digits, each pair optionally split by one separator: 111222333, 111-222-333, 1112.22.333.
_SEP = r"[ .\-/_]"
_NINE_DIGITS = re.compile(rf"(?<!\d)(?<!\d{_SEP})\d(?:{_SEP}?\d){{8}}(?!{_SEP}?\d)")


def is_bsn(candidate: str) -> bool:
    """The 11-proef of Dutch citizen service numbers."""
    digits = [int(c) for c in candidate if c.isdigit()]
    if len(digits) != 9:
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and any(digits)


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    label: str
    applies: Callable[[str], bool] = lambda match: True


RULES: tuple[Rule, ...] = (
    Rule(_EMAIL, "[e-mail]"),
    Rule(_IBAN, "[iban]"),
    Rule(_NINE_DIGITS, "[bsn]", is_bsn),
    Rule(_PHONE, "[telefoon]"),
)


def redact(text: str) -> str:
    text = normalise_text(text)
    for rule in RULES:
        text = rule.pattern.sub(lambda m, r=rule: r.label if r.applies(m.group(0)) else m.group(0), text)
    return text
