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

from assistant.guide_sections import SectionLibrary
from assistant.guide_units import GuideUnit, units_of
from knowledge.query_terms import QueryTerms

__all__ = ["SentenceMatcher", "TermScore", "asking_part", "asking_sentences", "customer_text", "questions_in"]

CONTEXT_WEIGHT = 0.35
CONCEPT_WEIGHT = 1.0
_SENTENCES = re.compile(r"(?<=[.!?。？])\s+|\n+")
_ASKS = re.compile(
    r"[?？]\s*$|(?:나요|까요|가요|죠|지요|는지|을까|ㄹ까|어요|아요|해요|돼요|되요|주세요|줘|려면)\s*[.~ㅠㅜ]*\s*$"
)


_BUT = re.compile(r"(?<=던데|는데|은데|한데|지만),?\s+|,?\s+but\s+|,\s*(?:however|though)\s+", re.I)
"""Where a sentence turns from what the customer knows to what they ask ("리눅스는 직접 해야 된다던데 윈도우도
그래야 하나요?", "linux needs it, but what about windows?")."""


_AGENT_FRAMING = re.compile(
    r"(?:답변|답장|회신)\s*(?:초안|안)|초안\s*(?:좀\s*)?(?:써|작성|만들|부탁|줘)|(?:고객|customer)\s*(?:문의|메일|티켓)\s*(?:왔|입니다|붙여)|"
    r"(?:메일|티켓|문의)\s*(?:붙여|에\s*(?:답|회신))|붙여\s*(?:넣|놓)을게|아래\s*(?:고객|티켓|메일|문의)|"
    r"draft (?:a |an )?(?:reply|response|answer)|reply draft|"
    r"(?:write|prepare|need) (?:me )?(?:a |an )?(?:reply|response)|"
    r"respond to this|this (?:ticket|e-?mail|customer)|(?:ticket|e-?mail) below|^\s*(?:customer|고객)\s*:\s*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*(?:-{2,}|={2,}|_{2,}|\*{2,})\s*$")


def customer_text(message: str) -> str:
    """What the customer wrote, when a support agent pasted it with an instruction ("답변 초안 부탁해요:",
    "Draft a reply to this ticket:"): the instruction and separator lines are dropped."""
    lines = message.splitlines()
    kept = []
    for line in lines:
        if _SEPARATOR.match(line):
            continue
        parts = []
        for sentence in (p for p in _SENTENCES.split(line) if p.strip()):
            instruction, colon, rest = sentence.partition(":")
            if colon and _AGENT_FRAMING.search(instruction):  # "답변 초안 부탁해요: 새로 만든 LB로 …"
                sentence = rest
            if sentence.strip() and not _AGENT_FRAMING.search(sentence):
                parts.append(sentence.strip())
        kept.append(" ".join(parts))
    text = "\n".join(line for line in kept if line.strip()).strip()
    return text if text and text != message.strip() else message


def questions_in(message: str) -> list[str]:
    """The sentences of a message that ask something, in order ("Is it blocked? Who can open it?" asks two)."""
    return [p.strip() for p in _SENTENCES.split(message.strip()) if p.strip() and _ASKS.search(p.strip())]


def asking_sentences(message: str) -> str:
    """The sentence(s) of a message that ask something, whole ("백업용으로 설정하고 싶은데 어떻게 해요?"); the whole
    message when nothing stands out."""
    return " ".join(questions_in(message)) or message


def asking_part(message: str) -> str:
    """The sentence(s) of a message that ask something, from where the asking clause starts; the whole message
    when nothing stands out."""
    asking = questions_in(message)
    if len(asking) == 1 and len(clauses := _BUT.split(asking[0])) > 1 and _ASKS.search(clauses[-1]):
        asking = [clauses[-1]]
    chosen = " ".join(asking)
    return chosen if asking and chosen != message.strip() else message


class SentenceMatcher:
    """Term rarity per language over the library's sentences, and a scorer per question."""

    def __init__(self, library: SectionLibrary, query_terms: QueryTerms) -> None:
        self.library = library
        self.query_terms = query_terms
        self._rarity: dict[str, dict[str, float]] = {}
        self._concepts: dict[str, frozenset] = {}

    def _concepts_of(self, text: str) -> frozenset:
        """The glossary concepts a text names, by any of their variants ("사내 전산실" and "고객사전산실" are one)."""
        if text not in self._concepts:
            self._concepts[text] = frozenset(entry for entry, _ in self.query_terms.glossary.matches(text))
        return self._concepts[text]

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
                    frequency.update(self._concepts_of(unit.text))
                    count += 1
            self._rarity[language] = {t: math.log((count + 1) / (n + 0.5)) for t, n in frequency.items()}
        return self._rarity[language]

    def scorer(self, question: str, language: str, *, context: str = "") -> TermScore:
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
        concepts = self._concepts_of(asking) | (self._concepts_of(question) if asking == question else frozenset())
        return TermScore(self, weights, concepts, rarity, max(rarity.values(), default=1.0))


class TermScore:
    """One question's words against guide sentences: each shared term or glossary concept with its weight (the
    question's weight for it times its rarity in the guide); a sentence's score is their sum."""

    def __init__(
        self,
        matcher: SentenceMatcher,
        weights: dict[str, float],
        concepts: frozenset,
        rarity: dict[str, float],
        default: float,
    ) -> None:
        self._matcher, self._weights, self._concepts = matcher, weights, concepts
        self._rarity, self._default = rarity, default

    def shared(self, unit: GuideUnit) -> dict[object, float]:
        """The terms and concepts the sentence shares with the question, each with its weight."""
        terms = set(self._matcher.query_terms.terms_of(unit.text)).intersection(self._weights)
        found: dict[object, float] = {t: min(self._weights[t], 1.0) * self._rarity.get(t, self._default) for t in terms}
        for concept in self._concepts & self._matcher._concepts_of(unit.text):  # one concept, whatever the spelling
            found[concept] = CONCEPT_WEIGHT * self._rarity.get(concept, self._default)
        return found

    def __call__(self, unit: GuideUnit) -> float:
        return sum(self.shared(unit).values())
