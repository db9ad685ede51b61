"""Facts in an answer: exact after normalisation by default; by Kiwi morphemes only where a case opts in.

Exact means the fact appears in the answer once both are NFKC-normalised, case-folded, with spacing collapsed and
CJK punctuation mapped to ASCII. The morpheme match ("3일이 소요" meets "약 3일의 시간이 소요") accepts any answer
holding every content morpheme of the fact somewhere, so it can pass a wrong statement made of the right words;
a case must ask for it (`"fact_match": "morphemes"`), and the report says which way each fact matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from knowledge.text_analysis import normalize_text

__all__ = ["FactMatch", "match_fact", "normalise_fact_text"]

FactMatch = Literal["exact", "morphemes"] | None
_CJK_PUNCTUATION = str.maketrans(
    {
        "「": '"', "」": '"', "『": '"', "』": '"', "“": '"', "”": '"', "‘": "'", "’": "'",
        "，": ",", "。": ".", "：": ":", "（": "(", "）": ")", "·": " ", "・": " ",
    }
)  # fmt: skip


def normalise_fact_text(text: str) -> str:
    return re.sub(r"\s+", " ", normalize_text(text).translate(_CJK_PUNCTUATION)).casefold().strip()


def match_fact(fact: str, answer: str, terms_of: Callable[[str], list[str]], *, morphemes: bool = False) -> FactMatch:
    """How `fact` is found in `answer`: "exact", "morphemes" (only when allowed), or None."""
    if normalise_fact_text(fact) in normalise_fact_text(answer):
        return "exact"
    if morphemes:
        wanted = set(terms_of(fact))
        if wanted and wanted <= set(terms_of(answer)):
            return "morphemes"
    return None
