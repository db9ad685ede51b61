"""The chat engine: a message and its session in, a grounded, cited answer out.

Order matters: secrets are redacted first, so nothing later (routing, retrieval, the session, logs, the answer)
ever sees them; instructions aimed at the assistant are cut out before routing; every answer passes the
grounding check before it leaves.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel

from assistant.answer_draft import AnswerDraft, render_agent, render_customer
from assistant.compose import (
    Composer,
    clarification_draft,
    error_draft,
    out_of_scope_draft,
    secret_notice,
    smalltalk_draft,
)
from assistant.extraction import MessageParameters, extract_parameters
from assistant.follow_ups import follow_ups_for
from assistant.grounding import check_grounding
from assistant.guide_sections import SectionLibrary
from assistant.intents import Intent, classify, remove_injection
from assistant.knowledge_base import make_index
from assistant.llm import LanguageModelUnavailable, make_chat_model, phrase_answer
from assistant.redaction import redact_secrets
from assistant.responses import ChatResponse, Mode, ToolCall
from assistant.sessions import (
    InMemorySessionStore,
    Session,
    SessionStore,
    ToolState,
    Turn,
    check_session_id,
    new_session_id,
)
from assistant.settings import Settings
from assistant.tool_requests import merge_parameters, run_tool
from knowledge.errors import QueryError
from knowledge.glossary import Glossary
from knowledge.hybrid_search import SearchHit
from knowledge.index import BuildReport, KnowledgeIndex
from knowledge.text_analysis import detect_language, normalize_text

__all__ = ["ChatEngine", "Confidence"]

log = logging.getLogger(__name__)

_ATTRIBUTE_WORDS = {
    "전화",
    "전화번호",
    "연락처",
    "이메일",
    "메일",
    "phone",
    "phone number",
    "e-mail",
    "email",
    "contact",
    "how long",
    "기간",
    "소요 시간",
    "시간",
}
TOOL_KINDS = ("routes", "firewall", "subnet", "summarize")
TOOL_SECTIONS = {"routes": "zone-routing", "firewall": "vm-firewall-policy", "subnet": "cip-interface"}
SECRET_SECTION = "support-center-request"


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


class ChatEngine:
    """What the CLI, the API and the evaluation runner call. Thread-safe for concurrent turns of different sessions."""

    def __init__(
        self,
        settings: Settings,
        *,
        index: KnowledgeIndex | None = None,
        store: SessionStore | None = None,
        llm: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self.index = index or make_index(settings)
        self.store: SessionStore = store or InMemorySessionStore()
        self._llm = llm
        self._llm_failed = False
        # turns of one session run one at a time, so concurrent requests never overwrite each other's turns
        self._session_locks = [threading.Lock() for _ in range(64)]
        self._composer: Composer | None = None
        self._glossary = Glossary.load()

    # --- lifecycle ---------------------------------------------------------------------------------------------

    def ensure_ready(self, *, progress: bool = False) -> None:
        """Load (or build) the index and prepare the section texts; idempotent."""
        if self._composer is None:
            self.index.ensure(progress=progress)
            self._composer = Composer(SectionLibrary(self.index.records))

    def reindex(self) -> BuildReport:
        """Rebuilds what changed in the sources and swaps it in; turns in flight finish on the old snapshot."""
        report = self.index.build(reason="reindex requested")
        self._composer = Composer(SectionLibrary(self.index.records))
        return report

    @property
    def ready(self) -> bool:
        return self._composer is not None

    @property
    def library(self) -> SectionLibrary:
        """The indexed sections' text (for pages that show the guide); the engine must be ready."""
        if self._composer is None:
            raise RuntimeError("the engine is not ready: call ensure_ready() first")
        return self._composer.library

    def search(self, query: str, k: int | None = None) -> list[SearchHit]:
        """The guide sections for a query, best first (raises QueryError for an empty or oversized query)."""
        self.ensure_ready()
        query = redact_secrets(query).text  # a pasted password is neither embedded nor echoed
        return self.index.search(query, k or self.settings.search_k, max_query_chars=self.settings.max_query_chars)

    @property
    def llm(self) -> BaseChatModel | None:
        """The configured language model, loaded on first use; one that cannot load is reported once and skipped."""
        if self._llm is None and self.settings.llm and not self._llm_failed:
            try:
                self._llm = make_chat_model(self.settings.llm, self.settings.llm_timeout_s)
            except LanguageModelUnavailable as exc:
                self._llm_failed = True
                log.error("%s; answering without it", exc)
        return self._llm

    # --- the turn ----------------------------------------------------------------------------------------------

    def chat(self, message: str, session_id: str | None = None, mode: Mode = "customer") -> ChatResponse:
        """Answer `message` within its session (a new one when `session_id` is None)."""
        started = time.perf_counter()
        if mode not in ("customer", "agent"):
            raise ValueError(f"mode must be 'customer' or 'agent', not {mode!r}")
        session_id = check_session_id(session_id) if session_id is not None else new_session_id()
        self.ensure_ready()
        with self._session_locks[hash(session_id) % len(self._session_locks)]:
            return self._turn(message, session_id, mode, started)

    def _turn(self, message: str, session_id: str, mode: Mode, started: float) -> ChatResponse:
        redaction = redact_secrets(message if isinstance(message, str) else "")
        text = normalize_text(redaction.text)
        session = self.store.get(session_id) or Session(id=session_id)
        language = reply_language(text, session.language)
        response = self._answer(text, language, session, mode, had_secret=redaction.found)
        session.language = language
        session.turns.append(
            Turn(
                message=text[: self.settings.max_message_chars],  # an oversized message is refused, not kept
                answer=response.answer,
                answer_type=response.answer_type,
                language=language,
                mode=mode,
                section_ids=[c.section_id for c in response.citations],
                tool=response.tool_calls[-1].tool if response.tool_calls else None,
            )
        )
        self.store.save(session)
        log.info(
            "chat turn",
            extra={
                "session_id": session_id,
                "answer_type": response.answer_type,
                "language": language,
                "mode": mode,
                "chars": len(text),
                "secret_redacted": redaction.found,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response

    def _answer(self, text: str, language: str, session: Session, mode: Mode, had_secret: bool) -> ChatResponse:
        composer = self._composer
        assert composer is not None
        if not text:
            return self._finish(error_draft(_empty_message(language), language), "error", session, mode, text)
        if len(text) > self.settings.max_message_chars:
            message = (
                f"메시지가 너무 깁니다 ({len(text):,}자, 최대 {self.settings.max_message_chars:,}자)"
                if language == "ko"
                else f"the message is too long ({len(text):,} characters; the limit is "
                f"{self.settings.max_message_chars:,})"
            )
            return self._finish(error_draft(message, language), "error", session, mode, text)
        routed, injected = remove_injection(text)
        params = extract_parameters(routed)
        intent = classify(routed, params)
        relevance = self._relevance(routed or text)
        tool_kind, known, focus = self._tool_plan(routed, intent, params, session)
        tool_calls: list[ToolCall] = []
        follow = "start"
        echoed: list[str] = []  # values the user gave, this turn or earlier, that a clarification repeats
        if tool_kind is not None:
            merged = merge_parameters(tool_kind, routed, params, known)
            echoed = [str(v) for v in merged.values()]
            run = run_tool(tool_kind, merged, language)
            section = TOOL_SECTIONS.get(tool_kind, "cip-interface")
            if run.missing:
                session.pending = ToolState(tool=tool_kind, params=merged, missing=list(run.missing))
                draft = clarification_draft(
                    tool_kind, merged, run.missing, language, composer.citations([section], language, relevance)
                )
                answer_type, follow = "clarification", tool_kind
            elif run.error is not None:
                session.pending = ToolState(tool=tool_kind, params=merged)
                draft = error_draft(run.error, language, composer.citations([section], language, relevance))
                answer_type, tool_calls = "error", [run.call]
            else:
                session.pending = None
                session.last_tool = ToolState(tool=tool_kind, params=merged, focus=focus)
                draft = composer.tool(tool_kind, run.call.output, language, relevance, focus)
                answer_type, tool_calls, follow = "tool", [run.call], tool_kind
        elif intent.kind == "smalltalk":
            draft, answer_type = smalltalk_draft(language), "smalltalk"
        elif intent.kind == "out_of_scope":
            draft, answer_type = out_of_scope_draft(intent.reason, language), "out_of_scope"
        else:
            draft, answer_type, follow = self._knowledge(routed, language, session, intent, relevance)
        if had_secret:
            draft.notes.insert(0, secret_notice(language))
            draft.citations += [
                c
                for c in composer.citations([SECRET_SECTION], language, relevance)
                if c.section_id not in {x.section_id for x in draft.citations}
            ]
            draft.internal.append(
                "메시지에 비밀번호/키가 있어 가렸습니다. 고객에게 변경을 안내하세요."
                if language == "ko"
                else "The message contained a password or key; it was masked. Ask the customer to change it."
            )
        if injected:
            draft.internal.append(
                "지시 변경 시도 문구가 있어 무시했습니다."
                if language == "ko"
                else "Ignored text that tried to change instructions."
            )
        # what the user wrote may be echoed back, including addresses as the extraction normalised them
        said = " ".join([routed, *(a.text for a in params.addresses), *echoed])
        return self._finish(draft, answer_type, session, mode, said, tool_calls, follow)

    def _tool_plan(
        self, text: str, intent: Intent, params: MessageParameters, session: Session
    ) -> tuple[str | None, dict, str | None]:
        """Which tool runs, with what the session already knew, and which direction to show first."""
        pending, last = session.pending, session.last_tool
        focus = "reverse" if intent.reverse else None
        gives_values = not params.is_empty or bool(params.numbers)
        if pending is not None and intent.kind in ("knowledge", "address", pending.tool) and gives_values:
            return pending.tool, pending.params, focus  # the answer to a clarification
        if intent.kind in TOOL_KINDS:
            continues = (
                last is not None and last.tool == intent.kind and (intent.follow_up or len(params.endpoints) < 2)
            )
            return intent.kind, (last.params if continues else {}), focus
        last_was_tool = last is not None and bool(session.turns) and session.turns[-1].tool is not None
        if last_was_tool and intent.kind in ("knowledge", "address"):
            # "우분투는?", "/26으로 나누면?", "also 443", "그럼 반대 방향은?": the last tool with this change
            changes = _changes_tool(last.tool, params)
            if intent.reverse or (changes and (len(text) <= 40 or intent.follow_up)):
                if intent.reverse and last.focus == "reverse":
                    focus = None  # "the other direction" again flips back
                return last.tool, last.params, focus
        if intent.kind == "address":
            return "subnet", {}, None
        return None, {}, None

    def _knowledge(self, text: str, language: str, session: Session, intent: Intent, relevance):
        composer = self._composer
        assert composer is not None
        query = text
        if session.turns and len(text) <= 40 and not self._mentions_guide_topic(text):
            # "전화번호는?", "신청은 어디로 보내나요?": a short question without its own topic continues the last one
            previous = session.turns[-1]
            context = previous.message if previous.answer_type == "knowledge" else ""
            if previous.section_ids:
                section = self._composer.library.get(previous.section_ids[0], language)
                context = f"{context} {section.heading if section else ''}"
            query = f"{context} {text}".strip()
        try:
            hits = self.index.search(
                query, k=self.settings.search_k, max_query_chars=self.settings.max_message_chars * 2
            )
        except QueryError as exc:
            return error_draft(str(exc), language), "error", "start"
        if not hits:
            return out_of_scope_draft(None, language), "out_of_scope", "start"
        if intent.uncovered_topic and not self._section_mentions(hits[0].section_id, intent.uncovered_topic):
            draft = composer.low_confidence(hits, language, relevance)  # e.g. "VM 백업은?" has no section
            draft.internal.append("confidence: low")
            return draft, "knowledge", hits[0].section_id
        if not Confidence.is_confident(hits[0]):
            if not self._mentions_guide_topic(text):
                return out_of_scope_draft("unrelated", language), "out_of_scope", "start"
            draft = composer.low_confidence(hits, language, relevance)
            draft.internal.append("confidence: low")
            return draft, "knowledge", hits[0].section_id
        return composer.knowledge(text, hits, language, relevance), "knowledge", hits[0].section_id

    def _section_mentions(self, section_id: str, word: str) -> bool:
        texts = self._composer.library.all_languages(section_id) if self._composer else []
        return any(word.lower() in s.text.lower() for s in texts)

    def _mentions_guide_topic(self, text: str) -> bool:
        """Whether the message names a topic of its own, not just an attribute of one ("전화번호는?", "how long?")."""
        generic = {"신청", "요청", "request", "apply", "application", *_ATTRIBUTE_WORDS}
        return any(variant.lower() not in generic for _, variant in self._glossary.matches(text))

    def _relevance(self, question: str):
        terms_of = functools.lru_cache(maxsize=512)(self.index.query_terms.terms_of)
        wanted = set(terms_of(question))

        def relevance(sentence: str) -> float:
            return float(len(wanted.intersection(terms_of(sentence))))

        return relevance

    # --- rendering and the final check -------------------------------------------------------------------------

    def _finish(
        self,
        draft: AnswerDraft,
        answer_type: str,
        session: Session,
        mode: Mode,
        user_text: str,
        tool_calls: Sequence[ToolCall] = (),
        follow: str = "start",
    ) -> ChatResponse:
        """Render for the mode, let the optional model rephrase, check grounding, and build the response.

        `user_text` is what the user said (redacted): the only source, besides tools and cited sections, that an
        address in the answer may come from.
        """
        language = draft.language
        if mode == "agent":
            answer, note = render_agent(draft)
        else:
            answer, note = render_customer(draft), None
        sources = self._grounding_sources(draft, tool_calls)
        composer_name = "template"
        if self.llm is not None and answer_type in ("knowledge", "tool"):
            phrased = self._phrase(user_text, language, answer, sources, tool_calls)
            if phrased is not None:
                # the model rephrases the content; the warnings (a pasted secret, a risky rule) always stay
                notes = [n for n in draft.notes if n.startswith("⚠️")]
                answer = "\n\n".join([phrased, *(f"> {n}" for n in notes)])
                composer_name = "llm"
        report = check_grounding(answer, sources, user_text)
        if not report.ok:  # a template bug must never reach a customer as an invented value
            log.error("grounding check failed", extra={"unsupported": len(report.unsupported)})
            answer = error_draft(
                "답변을 검증하지 못했습니다" if language == "ko" else "the answer could not be verified", language
            ).intro
            answer_type = "error"
        warnings = [n.lstrip("⚠️ ").strip() for n in draft.notes if n.startswith("⚠️")]
        if draft.internal and "confidence: low" in draft.internal:
            warnings.append(
                "가이드에 명확한 답이 없습니다." if language == "ko" else "The guide does not clearly answer this."
            )
        return ChatResponse(
            answer=answer,
            answer_type=answer_type,
            language=language,
            session_id=session.id,
            mode=mode,
            citations=draft.citations,
            tool_calls=list(tool_calls),
            commands=draft.commands,
            warnings=warnings,
            follow_ups=[f for f in follow_ups_for(follow, language) if f.casefold() != user_text.casefold()],
            confidence="low" if "confidence: low" in draft.internal else "high",
            missing=list(session.pending.missing) if answer_type == "clarification" and session.pending else [],
            internal_note=note,
            composer=composer_name,
        )

    def _grounding_sources(self, draft: AnswerDraft, tool_calls: Sequence[ToolCall]) -> list[object]:
        composer = self._composer
        assert composer is not None
        sections = [s.text for c in draft.citations for s in composer.library.all_languages(c.section_id)]
        return [*sections, *(call.output for call in tool_calls)]

    def _phrase(self, question: str, language: str, answer: str, sources, tool_calls) -> str | None:
        try:
            phrased = phrase_answer(
                self.llm,
                question,
                language,
                answer,
                [s for s in sources if isinstance(s, str)],
                [c.output for c in tool_calls],
            )
        except Exception as exc:  # a model server down or slow must not fail the turn
            log.warning("language model failed; using the deterministic answer", extra={"error": type(exc).__name__})
            return None
        if not phrased.strip() or reply_language(phrased, None) != language:
            log.warning("language model answer rejected: empty or in the wrong language")
            return None
        if not check_grounding(phrased, sources, question).ok:
            log.warning("language model answer rejected by the grounding check")
            return None
        return phrased


def _changes_tool(tool: str, params: MessageParameters) -> bool:
    """Whether the message carries a value that the given tool takes."""
    if tool == "routes":
        return bool(params.os or params.interface or params.addresses)
    if tool == "firewall":
        return bool(params.ports or params.services or params.numbers or params.any_source or params.endpoints)
    if tool == "subnet":
        return params.split_prefix is not None or bool(params.endpoints)
    return bool(params.endpoints)


def reply_language(text: str, previous: str | None) -> str:
    """The language to answer in: Korean when the message has Korean words, English when it is English prose.

    A reply without words ("22", "14.63.2.9", "any", "ssh") keeps the conversation's language; Korean with
    English terms ("firewall open request 어디로?") is Korean.
    """
    hangul = len(re.findall(r"[\uac00-\ud7a3]", text))
    words = re.findall(r"[A-Za-z]{2,}", text)
    letters = re.findall(r"[A-Za-z\uac00-\ud7a3]", text)
    if hangul >= 2 and (hangul * 4 >= sum(map(len, words)) or "\uac00" <= letters[-1] <= "\ud7a3"):
        return "ko"
    if hangul == 0 and len(words) <= 2 and previous:
        return previous
    return detect_language(text) if text else (previous or "ko")


def _empty_message(language: str) -> str:
    return (
        "메시지가 비어 있습니다. 질문을 입력해 주세요" if language == "ko" else "the message is empty: type a question"
    )
