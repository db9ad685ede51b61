"""A turn answered from the guide: retrieval (a short follow-up continues the last topic), then a gate that says
"the guide does not say" instead of answering from a section that does not really match."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer_draft import TurnOutcome
from assistant.canned_replies import error_draft, out_of_scope_draft
from assistant.follow_up_rewrite import rewrite_follow_up
from assistant.follow_ups import section_follow_ups, starter_questions
from assistant.guide_composer import GuideComposer, Relevance
from assistant.intents import Intent
from assistant.sentence_matching import asking_part, questions_in
from assistant.sessions import Session
from knowledge.errors import QueryError
from knowledge.glossary import Glossary
from knowledge.hybrid_search import SearchHit
from knowledge.index import KnowledgeIndex

__all__ = ["Confidence", "GuideAnswerer"]

FOLLOW_UP_CHARS = 120
SHORT_FOLLOW_UP_CHARS = 30
"""Short enough that "and private zone?" is about the last question even though it names another zone."""
"""A longer message starts a topic of its own; a follow-up asks one more thing about the last one."""
_POINTS_BACK = re.compile(
    r"그건|그거|그게|그럼|그러면|그\s*(?:작업|서버|vm|대역|ip|lb|경우|방화벽|메일|번호)|거기|이건|이거|그\s*다음|"
    r"\b(?:it|that|those|them|this one|then|the same)\b|^\s*(?:and|but|also|so|ok|okay)\b|what about|how about|"
    r"what if|if (?:it|the server|the vm)|아\s*아니|잘못|\bi meant\b|\bsorry\b|면요\s*\??\s*$|요\s*\??\s*$|"
    r"만\s*(?:딱\s*)?(?:다시\s*)?(?:알려|보여|말해)|\bjust the\b|\bonly the\b",
    re.IGNORECASE,
)
_GENERIC_WORDS = {
    "신청", "요청", "request", "apply", "application", "전화", "전화번호", "연락처", "이메일", "메일", "phone",
    "phone number", "e-mail", "email", "contact", "how long", "기간", "소요 시간", "시간", "얼마나 걸려", "걸려",
    "소요", "server", "서버", "vm", "windows", "윈도우", "linux", "리눅스", "ubuntu", "우분투", "centos", "rhel",
}  # fmt: skip
"""Glossary terms that name an attribute of a topic ("전화번호는?", "how long?", "on Windows?"), not a topic of their
own."""
_WHERE_PROBLEMS_SHOW = {
    "zone", "존", "public zone", "private zone", "퍼블릭존", "프라이빗존", "network", "네트워크", "통신", "접속",
    "connect", "connection", "ping", "핑", "cip", "ip", "public ip", "공인 ip", "ssh", "rdp", "port", "포트",
}  # fmt: skip
"""Words a vague report names without saying which feature fails ("VM 접속이 안 돼요", "ping fails")."""
_CORRECTS = re.compile(
    r"아\s*아니|잘못\s*(?:말|썼|적|쓴|알)|정정|\bi meant\b|\bsorry\b|\bmy bad\b|\bnot\b.+\bbut\b|말고|아니고|아니라",
    re.IGNORECASE,
)


class Confidence:
    """When the best hit really answers: thresholds measured on the retrieval tuning sets.

    Over the 160 dev and paraphrase questions the top hit always had BM25 ≥ 1.8 or a similarity ≥ 0.27;
    weather, other clouds, poems and gibberish fell below both.

    A question very like one of the example questions a guide sentence answers is answered too, whatever the
    search scores ("라우팅 넣은 뒤 통신 테스트는?" shares few words with the guide): over the router's labelled
    messages the nearest example scored a median 0.65 for guide questions and at most 0.63 for 95 % of the
    out-of-scope ones (the few above name topics the guide lacks, caught before this gate).
    """

    min_lexical = 1.8
    min_similarity = 0.27
    min_example_likeness = 0.68

    @classmethod
    def is_confident(cls, hit: SearchHit, example_likeness: float = 0.0) -> bool:
        return (
            hit.lexical_score >= cls.min_lexical
            or (hit.dense_similarity or 0.0) >= cls.min_similarity
            or example_likeness >= cls.min_example_likeness
        )


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
        original, context = text, ""
        if self.continues_topic(text, session) and session.topic:
            rewritten = rewrite_follow_up(session.topic, text)
            if rewritten is not None:  # "아 아니 public이요" is the corrected question, answered as such
                text = rewritten
            else:
                context = session.topic
        query = f"{context}\n{text}" if context else text
        asking = asking_part(text)
        # the asking sentence counts twice, when it names what it asks about ("What do you need from us?" does not)
        searched = f"{query}\n{asking}" if asking != text and self.mentions_guide_topic(asking) else query
        try:
            hits = self.index.search(
                searched,
                k=self.k,
                max_query_chars=self.max_query_chars,
                query_vector=vector if searched == original else None,
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
        examples = self.composer.examples
        # the message's own embedding serves when the text is the message (the router computed it already)
        likeness = examples.likeness(vector if vector is not None and text == original else text) if examples else {}
        if not Confidence.is_confident(hits[0], max(likeness.values(), default=0.0)):
            if not self.mentions_guide_topic(text):
                refusal = out_of_scope_draft("unrelated", language)
                return TurnOutcome(refusal, "out_of_scope", follow_ups=starter_questions(language))
            draft = self.composer.low_confidence(hits, language, relevance)
            return TurnOutcome(draft, "out_of_scope", follow_ups=section_follow_ups(top, language))
        session.topic = context or text
        asked = questions_in(text)
        others = [(q, self._search_quietly(f"{text}\n{q}\n{q}")) for q in asked] if len(asked) > 1 else []
        draft = self.composer.knowledge(
            text, hits, language, relevance, context=context, likeness=likeness, other_questions=others
        )
        return TurnOutcome(draft, "knowledge", follow_ups=section_follow_ups(top, language))

    def _search_quietly(self, text: str, vector: Sequence[float] | None = None) -> list[SearchHit]:
        """The hits for a text, none when it cannot be searched."""
        try:
            return self.index.search(text, k=self.k, max_query_chars=self.max_query_chars, query_vector=vector)
        except QueryError:
            return []

    def nearest_sections(self, text: str, vector: Sequence[float] | None = None) -> list[str]:
        """The sections nearest a message, best first (empty when it cannot be searched)."""
        return [hit.section_id for hit in self._search_quietly(text, vector)]

    def continues_topic(self, text: str, session: Session) -> bool:
        """Whether the message follows up on the guide topic the conversation is on ("전화번호는요?", "그럼 얼마나
        걸려요?", "and private zone?", "아 잘못 썼네요 public이요"); a message naming another guide topic, or a
        long one, starts anew."""
        topic = session.topic
        last = session.turns[-1] if session.turns else None
        if not topic or last is None or last.answer_type not in ("knowledge", "out_of_scope"):
            return False
        if len(text) > FOLLOW_UP_CHARS:
            return False
        own = self.topics(text)
        if _CORRECTS.search(text) or not own:
            return True
        return bool(_POINTS_BACK.search(text)) and (own <= self.topics(topic) or len(text) <= SHORT_FOLLOW_UP_CHARS)

    def names_feature(self, text: str) -> bool:
        """Whether a message names a specific guide feature (a load balancer, group accounts, VPN, userdata…), not
        only where problems show (a VM, a zone, a connection): a report about one is answered from its section."""
        return any(
            variant.lower() not in _GENERIC_WORDS and variant.lower() not in _WHERE_PROBLEMS_SHOW
            for _, variant in self.glossary.matches(text)
        )

    def topics(self, text: str) -> set:
        """The guide topics (glossary concepts) a text names, attributes such as "phone" or "how long" aside."""
        return {entry for entry, variant in self.glossary.matches(text) if variant.lower() not in _GENERIC_WORDS}

    def _section_mentions(self, section_id: str, word: str) -> bool:
        return any(word.lower() in s.text.lower() for s in self.composer.library.all_languages(section_id))

    def mentions_guide_topic(self, text: str) -> bool:
        """Whether the message names a topic of its own, not just an attribute of one ("전화번호는?", "how long?")."""
        return any(variant.lower() not in _GENERIC_WORDS for _, variant in self.glossary.matches(text))
