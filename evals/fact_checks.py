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

__all__ = ["FactMatch", "lead_sentence", "match_fact", "normalise_fact_text"]

FactMatch = Literal["exact", "morphemes"] | None
_CJK_PUNCTUATION = str.maketrans(
    {
        "「": '"', "」": '"', "『": '"', "』": '"', "“": '"', "”": '"', "‘": "'", "’": "'",
        "，": ",", "。": ".", "：": ":", "（": "(", "）": ")", "·": " ", "・": " ",
    }
)  # fmt: skip


def normalise_fact_text(text: str) -> str:
    return re.sub(r"\s+", " ", normalize_text(text).translate(_CJK_PUNCTUATION)).casefold().strip()


_SENTENCE_END = re.compile(r"(?<=[^\d#][.!?。])\s+|\n+")
"""A sentence ends at . ! ? followed by a space — not after a number ("첨부#1. 방화벽", "3.") — or at a line break."""
_MARKUP = re.compile(r"^[#>*\-\s]+|\*\*")
BARE_REPLY_CHARS = 12


def lead_sentence(answer: str, *, after_salutation: bool = False) -> str:
    """What the answer leads with: its first sentence, or the first two when the first is a bare reply ("네.",
    "Yes.") — the part a reader sees before deciding whether to read on. Markdown emphasis is ignored. An agent's
    draft opens with a salutation paragraph (`after_salutation`): the lead is what follows it."""
    paragraphs = [p for p in re.split(r"\n\s*\n", answer.strip()) if p.strip()]
    if after_salutation and len(paragraphs) > 1:
        answer = "\n\n".join(paragraphs[1:])
    sentences = [_MARKUP.sub("", part).strip() for part in _SENTENCE_END.split(answer.strip())]
    sentences = [sentence for sentence in sentences if sentence]
    if not sentences:
        return ""
    if len(sentences[0]) < BARE_REPLY_CHARS and len(sentences) > 1:
        return f"{sentences[0]} {sentences[1]}"
    return sentences[0]


def match_fact(fact: str, answer: str, terms_of: Callable[[str], list[str]], *, morphemes: bool = False) -> FactMatch:
    """How `fact` is found in `answer`: "exact", "morphemes" (only when allowed), or None."""
    if normalise_fact_text(fact) in normalise_fact_text(answer):
        return "exact"
    if morphemes:
        wanted = set(terms_of(fact))
        if wanted and wanted <= set(terms_of(answer)):
            return "morphemes"
    return None
