"""How well a guide sentence matches a question by words: the question's weighted terms (its own, glossary
synonyms, typo corrections — as the search weighs them) that the sentence shares, each weighted by how rare it
is among the guide's sentences in that language. "서버" is in half the guide and says little; "ping" is in one
sentence and says which one answers.

Customers tell what they did before they ask ("Got the verification mail after signing up. Which link do I
click?"): the sentence that restates their context is not the answer, so the asking sentence's terms count fully
and the context's at `CONTEXT_WEIGHT`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

from assistant.guide_sections import SectionLibrary
from assistant.guide_units import GuideUnit, units_of
from knowledge.query_terms import QueryTerms

__all__ = ["SentenceMatcher", "asking_part"]

CONTEXT_WEIGHT = 0.35
_SENTENCES = re.compile(r"(?<=[.!?。？])\s+|\n+")
_ASKS = re.compile(
    r"[?？]\s*$|(?:나요|까요|가요|죠|지요|는지|을까|ㄹ까|어요|아요|해요|돼요|되요|주세요|줘|려면)\s*[.~ㅠㅜ]*\s*$"
)


def asking_part(message: str) -> str:
    """The sentence(s) of a message that ask something; the whole message when none stands out."""
    parts = [p.strip() for p in _SENTENCES.split(message.strip()) if p.strip()]
    asking = [p for p in parts if _ASKS.search(p)]
    return " ".join(asking) if asking and len(asking) < len(parts) else message


class SentenceMatcher:
    """Term rarity per language over the library's sentences, and a scorer per question."""

    def __init__(self, library: SectionLibrary, query_terms: QueryTerms) -> None:
        self.library = library
        self.query_terms = query_terms
        self._rarity: dict[str, dict[str, float]] = {}

    def _rarity_in(self, language: str) -> dict[str, float]:
        if language not in self._rarity:
            frequency: Counter[str] = Counter()
            count = 0
            for section_id in self.library.section_ids():
                section = self.library.get(section_id, language)
                if section is None or section.language != language:
                    continue
                for unit in units_of(section):
                    frequency.update(set(self.query_terms.terms_of(unit.text)))
                    count += 1
            self._rarity[language] = {t: math.log((count + 1) / (n + 0.5)) for t, n in frequency.items()}
        return self._rarity[language]

    def scorer(self, question: str, language: str, *, context: str = "") -> Callable[[GuideUnit], float]:
        """The question's term score of a sentence (0 when they share nothing); `context` (the question a
        follow-up continues) counts like the customer's own background."""
        weights = self.query_terms.weights(question)
        asking = asking_part(question)
        if asking != question:
            focus = self.query_terms.weights(asking)
            weights = {t: w * CONTEXT_WEIGHT + focus.get(t, 0.0) for t, w in (weights | focus).items()}
        if context:
            background = self.query_terms.weights(context)
            weights = {t: weights.get(t, 0.0) + CONTEXT_WEIGHT * background.get(t, 0.0) for t in weights | background}
        rarity = self._rarity_in(language)
        default = max(rarity.values(), default=1.0)

        def score(unit: GuideUnit) -> float:
            shared = set(self.query_terms.terms_of(unit.text)).intersection(weights)
            return sum(min(weights[t], 1.0) * rarity.get(t, default) for t in shared)

        return score
