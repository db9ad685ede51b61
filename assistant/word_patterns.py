"""Regular expressions whose `\\b` is an ASCII word boundary.

Python's `\\b` counts Hangul as word characters, so `\\bany\\b` misses "any에서" and `\\baws\\b` misses "AWS에서";
intent rules and parameter extraction both read mixed Korean and English, so both compile through here.
"""

from __future__ import annotations

import re

__all__ = ["any_word", "ascii_word_pattern"]

_ASCII_BOUNDARY = r"(?:(?<![A-Za-z0-9])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?![A-Za-z0-9]))"


def ascii_word_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern.replace(r"\b", _ASCII_BOUNDARY), flags)


def any_word(*alternatives: str) -> re.Pattern[str]:
    """One case-insensitive pattern of alternatives; `\\b` means an ASCII word boundary, so "AWS에서" and "route를"
    still match."""
    return ascii_word_pattern("|".join(alternatives), re.IGNORECASE)
