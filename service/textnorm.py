"""Input normalisation: the one place where text from a client is cleaned
before it is validated, redacted, logged, embedded or searched.

Why here and not in each consumer: a lone UTF-16 surrogate (valid in JSON
as ``"\\ud800"``) cannot be encoded as UTF-8 and made the embedder raise;
zero-width characters hide a BSN from redaction; full-width digits and
ligatures ("ｆｉ", "①") search differently from what the user sees. One
function, applied by the request models, keeps every consumer safe.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

# Lone surrogates (a pair has been joined by the JSON decoder already).
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Zero-width and invisible formatting characters (Unicode category Cf and friends) that carry
# no meaning in a question but split words and numbers: ZWSP, ZWNJ, ZWJ, word joiner, BOM,
# soft hyphen, bidi controls, invisible operators, Mongolian vowel separator, tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U000e0000-\U000e007f]"
)
# C0/C1 control characters except tab and newline (carriage returns become newlines).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise_text(text: str) -> str:
    """Lone surrogates and control characters out, invisible characters
    removed, then NFKC (full-width letters, ligatures, compatibility
    digits become their plain form). Idempotent; does not trim."""
    if not text:
        return text
    text = _SURROGATES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    # NFKC can produce characters that need another pass (e.g. compatibility forms of controls).
    return _INVISIBLE.sub("", _CONTROL.sub(" ", text))


# JSON-schema pattern of text with something to read: a character that is not
# white space, a control or an invisible character (kept in step with the classes above).
VISIBLE_PATTERN = (
    r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]"
)


def _cleaner(max_length: int, required: bool) -> Callable[[Any], Any]:
    def clean(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # the str type check rejects it with its own message
        if len(value) > max_length:  # the length the client sent, as the OpenAPI schema states it
            raise PydanticCustomError("string_too_long", "te lang", {"max_length": max_length})
        value = normalise_text(value)
        if required:
            value = value.strip()
            if not value:
                raise ValueError("mag niet leeg zijn")
        return value

    return clean


def clean_text(max_length: int, required: bool = False, description: str | None = None) -> Any:
    """A ``str`` type for a request field: at most ``max_length`` characters
    as sent, then normalised (and, when ``required``, trimmed and non-empty).
    The OpenAPI schema states exactly these rules."""
    schema: dict[str, Any] = {"maxLength": max_length}
    if required:
        schema.update(minLength=1, pattern=VISIBLE_PATTERN)
    return Annotated[
        str, BeforeValidator(_cleaner(max_length, required)), Field(description=description, json_schema_extra=schema)
    ]
