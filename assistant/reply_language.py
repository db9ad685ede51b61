"""The language to answer in: the user's, read from the message, or the conversation's when the message has none."""

from __future__ import annotations

import re

from knowledge.text_analysis import detect_language

__all__ = ["reply_language"]


def reply_language(text: str, previous: str | None, preferred: str | None = None) -> str:
    """Korean when the message has Korean words, English when it is English prose.

    A message without words ("22", "14.63.2.9/26") is answered in the reader's `preferred` language (the page's
    UI language) when one is given; one of a word or two ("any", "ssh 22") keeps the conversation's language;
    Korean with English terms ("firewall open request 어디로?") is Korean.
    """
    hangul = len(re.findall(r"[\uac00-\ud7a3]", text))
    words = re.findall(r"[A-Za-z]{2,}", text)
    letters = re.findall(r"[A-Za-z\uac00-\ud7a3]", text)
    if hangul >= 2 and (hangul * 4 >= sum(map(len, words)) or "\uac00" <= letters[-1] <= "\ud7a3"):
        return "ko"
    if hangul == 0 and not words and preferred:  # "10.21.7.0/26", "22": no words, the reader's language
        return preferred
    if hangul == 0 and len(words) <= 2 and previous:
        return previous
    return detect_language(text) if text else (preferred or previous or "ko")
