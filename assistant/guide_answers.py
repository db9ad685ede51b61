"""A turn answered from the guide: retrieval (a short follow-up continues the last topic), then a gate that says
"the guide does not say" instead of answering from a section that does not really match."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer_draft import TurnOutcome
from assistant.canned_replies import error_draft, out_of_scope_draft
from assistant.follow_ups import section_follow_ups, starter_questions
from assistant.guide_composer import GuideComposer, Relevance
from assistant.intents import Intent
from assistant.sessions import Session
from knowledge.errors import QueryError
from knowledge.glossary import Glossary
from knowledge.hybrid_search import SearchHit
from knowledge.index import KnowledgeIndex

__all__ = ["Confidence", "GuideAnswerer"]

SHORT_QUESTION_CHARS = 40
_GENERIC_WORDS = {
    "신청", "요청", "request", "apply", "application", "전화", "전화번호", "연락처", "이메일", "메일", "phone",
    "phone number", "e-mail", "email", "contact", "how long", "기간", "소요 시간", "시간",
}  # fmt: skip
"""Glossary terms that name an attribute of a topic ("전화번호는?", "how long?"), not a topic of their own."""


class Confidence:
    """When the best hit really answers: thresholds measured on the retrieval tuning sets.

    Over the 160 dev and paraphrase questions the top hit always had BM25 ≥ 1.8 or a similarity ≥ 0.27;
    weather, other clouds, poems and gibberish fell below both.
    """

    min_lexical = 1.8
    min_similarity = 0.27

    @classmethod
    def is_confident(cls, hit: SearchHit) -> bool:
        return hit.lexical_score >= cls.min_lexical or (hit.dense_similarity or 0.0) >= cls.min_similarity


class GuideAnswerer:
    """Searches the index and drafts the answer from the best section, or says the guide does not cover it."""

    def __init__(
        self, index: KnowledgeIndex, composer: GuideComposer, glossary: Glossary, *, k: int, max_query_chars: int
    ) -> None:
        self.index = index
        self.composer = composer
        self.glossary = glossary
        self.k = k
        self.max_query_chars = max_query_chars

    def answer(
        self,
        text: str,
        language: str,
        session: Session,
        intent: Intent,
        relevance: Relevance,
        vector: Sequence[float] | None = None,
    ) -> TurnOutcome:
        """`vector` is the message's embedding when already computed (used when the query is the message)."""
        query = self._query(text, language, session)
        try:
            hits = self.index.search(
                query,
                k=self.k,
                max_query_chars=self.max_query_chars,
                query_vector=vector if query == text else None,
            )
        except QueryError as exc:
            return TurnOutcome(error_draft(str(exc), language), "error", follow_ups=starter_questions(language))
        if not hits:
            return TurnOutcome(
                out_of_scope_draft(None, language), "out_of_scope", follow_ups=starter_questions(language)
            )
        top = hits[0].section_id
        if intent.uncovered_topic and not self._section_mentions(top, intent.uncovered_topic):
            draft = self.composer.low_confidence(hits, language, relevance)  # e.g. "VM 백업은?" has no section
            return TurnOutcome(draft, "out_of_scope", follow_ups=section_follow_ups(top, language))
        if not Confidence.is_confident(hits[0]):
            if not self.mentions_guide_topic(text):
                refusal = out_of_scope_draft("unrelated", language)
                return TurnOutcome(refusal, "out_of_scope", follow_ups=starter_questions(language))
            draft = self.composer.low_confidence(hits, language, relevance)
            return TurnOutcome(draft, "out_of_scope", follow_ups=section_follow_ups(top, language))
        draft = self.composer.knowledge(text, hits, language, relevance)
        return TurnOutcome(draft, "knowledge", follow_ups=section_follow_ups(top, language))

    def nearest_sections(self, text: str, vector: Sequence[float] | None = None) -> list[str]:
        """The sections nearest a message, best first (empty when it cannot be searched)."""
        try:
            hits = self.index.search(text, k=self.k, max_query_chars=self.max_query_chars, query_vector=vector)
        except QueryError:
            return []
        return [hit.section_id for hit in hits]

    def _query(self, text: str, language: str, session: Session) -> str:
        """The search query: a short question without a topic of its own ("전화번호는?", "신청은 어디로 보내나요?")
        continues the last one."""
        if not session.turns or len(text) > SHORT_QUESTION_CHARS or self.mentions_guide_topic(text):
            return text
        previous = session.turns[-1]
        context = previous.message if previous.answer_type == "knowledge" else ""
        if previous.section_ids:
            section = self.composer.library.get(previous.section_ids[0], language)
            context = f"{context} {section.heading if section else ''}"
        return f"{context} {text}".strip()

    def _section_mentions(self, section_id: str, word: str) -> bool:
        return any(word.lower() in s.text.lower() for s in self.composer.library.all_languages(section_id))

    def mentions_guide_topic(self, text: str) -> bool:
        """Whether the message names a topic of its own, not just an attribute of one ("전화번호는?", "how long?")."""
        return any(variant.lower() not in _GENERIC_WORDS for _, variant in self.glossary.matches(text))
