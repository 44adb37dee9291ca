"""Finding 3 (lone surrogates) and finding 8 (redaction misses): input is
normalised in one place, then validated and redacted."""

from __future__ import annotations

import json

import pytest

from service.redact import redact
from service.schemas import AskRequest, FeedbackRequest, SearchRequest
from service.textnorm import normalise_text

BSN = "111222333"  # passes the 11-proef


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\ud800b", "ab"),  # lone high surrogate
        ("a\udfffb", "ab"),  # lone low surrogate
        ("1\u200b2\u200c3\u200d4\u2060", "1234"),  # zero-width characters
        ("ver\u00adzoek", "verzoek"),  # soft hyphen
        ("a\x00b\x07c", "a b c"),  # controls become spaces
        ("ﬁets ＷＭＯ ２０１５", "fiets WMO 2015"),  # NFKC: ligature, full width
        ("regel\r\nregel", "regel\nregel"),
        ("cliënt", "cliënt"),  # composed accents stay
    ],
)
def test_normalise_text_removes_what_breaks_or_hides_text(raw, expected):
    assert normalise_text(raw) == expected
    assert normalise_text(expected) == expected  # idempotent


def test_lone_surrogates_in_json_are_removed_before_validation():
    body = json.loads('{"question": "Wie \\ud800neemt het initiatief?", '
                      '"history": [{"role": "user", "content": "x\\udc00y"}]}')
    request = AskRequest.model_validate(body)
    assert request.question == "Wie neemt het initiatief?"
    assert request.history[0].content == "xy"
    request.question.encode("utf-8")  # what the embedder does; raised UnicodeEncodeError before


def test_text_of_only_invisible_characters_is_rejected_as_empty():
    with pytest.raises(ValueError, match="mag niet leeg zijn"):
        SearchRequest.model_validate({"query": "\u200b\ud800 \x00"})


def test_length_limits_count_the_characters_as_sent():
    SearchRequest.model_validate({"query": "a" * 2000})
    with pytest.raises(ValueError, match="string_too_long"):
        SearchRequest.model_validate({"query": "a" * 2001})
    with pytest.raises(ValueError, match="string_too_long"):
        FeedbackRequest.model_validate({"answer_id": "x", "rating": "up", "remark": "a" * 1001})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"BSN {BSN}", "BSN [bsn]"),
        ("BSN 111-222-333", "BSN [bsn]"),
        ("BSN 111 222 333", "BSN [bsn]"),
        ("BSN 111.222.333", "BSN [bsn]"),
        ("BSN 1112.22.333", "BSN [bsn]"),
        ("BSN 11 12 22 333", "BSN [bsn]"),
        ("BSN 111\u200b222\u200b333", "BSN [bsn]"),
        ("BSN 1\u200c1\u200d1222333", "BSN [bsn]"),
        ("BSN １１１２２２３３３", "BSN [bsn]"),  # full-width digits
        ("nummer 123456789 is geen BSN", "nummer 123456789 is geen BSN"),  # fails the 11-proef
        ("nummer 123-456-789", "nummer 123-456-789"),
        ("jan@voorbeeld.nl", "[e-mail]"),
        ("mail naam(at)domein.nl graag", "mail [e-mail] graag"),
        ("mail naam [at] domein [dot] nl graag", "mail [e-mail] graag"),
        ("mail naam (at) gemeente-x (punt) nl", "mail [e-mail]"),
        ("mail naam{at}domein.co.uk", "mail [e-mail]"),
        ("mail naam at domein dot nl", "mail [e-mail]"),
        ("mail j.de.vries@sub.domein.nl.", "mail [e-mail]."),
        ("kijk naar artikel 2.3.2 at home", "kijk naar artikel 2.3.2 at home"),
        ("bel 06-12345678", "bel [telefoon]"),
        ("bel +31 6 12345678 of 020-1234567", "bel [telefoon] of [telefoon]"),
        ("IBAN NL91 ABNA 0417 1643 00 graag", "IBAN [iban] graag"),
        ("Artikel 2.3.5, vierde lid, 8 miljoen euro in 2023", "Artikel 2.3.5, vierde lid, 8 miljoen euro in 2023"),
    ],
)
def test_redaction_table_of_variants(text, expected):
    assert redact(text) == expected
