"""The answer's language: the message's own when it has one, else the reader's (the page's), else the
conversation's."""

from __future__ import annotations

import pytest

from assistant.reply_language import reply_language


@pytest.mark.parametrize(
    ("text", "previous", "preferred", "expected"),
    [
        ("10.21.7.0/26", None, "ko", "ko"),
        ("10.21.7.0/26", "ko", "en", "en"),
        ("14.63.2.9 22", None, None, "en"),
        ("VPN 신청은 어디서 하나요?", "en", "en", "ko"),
        ("Where do I apply for a VPN?", "ko", "ko", "en"),
        ("hello", None, "ko", "en"),
        ("ssh 22", "ko", "en", "ko"),
        ("ssh 22", None, "ko", "en"),
        ("firewall open request 어디로?", None, "en", "ko"),
        ("", None, "en", "en"),
    ],
    ids=[
        "an address alone takes the reader's language",
        "the reader's language over the conversation's for an address",
        "an address with no one's language is English",
        "a Korean message wins over an English page",
        "an English message wins over a Korean page",
        "an English word is English even on a Korean page",
        "a word or two keeps the conversation's language",
        "a word or two is not the reader's language: it has words",
        "Korean with English terms is Korean",
        "nothing at all takes the reader's language",
    ],
)
def test_the_reply_language(text, previous, preferred, expected):
    assert reply_language(text, previous, preferred) == expected
