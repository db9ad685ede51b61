"""The chat engine: a message and its session in, a grounded, cited answer out.

Order matters: secrets are redacted first, so nothing later (routing, retrieval, the session, logs, the answer)
ever sees them; instructions aimed at the assistant are cut out before routing; every answer passes the
grounding check before it leaves (`finishing`). Which tool a turn runs is `turn_plan`, a tool turn is
`tool_turn`, a guide answer is `guide_answers`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant import wording
from assistant.answer_draft import TurnOutcome
from assistant.canned_replies import error_draft, out_of_scope_draft, secret_notice, smalltalk_draft
from assistant.extraction import extract_parameters
from assistant.finishing import Finisher
from assistant.follow_ups import starter_questions
from assistant.guide_answers import GuideAnswerer
from assistant.guide_composer import GuideComposer, relevance_for
from assistant.guide_sections import SectionLibrary
from assistant.index_sharing import SharedIndex
from assistant.injection import remove_injection
from assistant.intents import classify
from assistant.knowledge_base import make_index
from assistant.llm import LanguageModelUnavailable, make_chat_model
from assistant.log_refs import SessionRefs
from assistant.redaction import redact_secrets
from assistant.reply_language import reply_language
from assistant.requests import ChatRequest
from assistant.responses import ChatResponse, Language, Mode
from assistant.routing.classifier import MessageRouter
from assistant.sentence_matching import SentenceMatcher, customer_text
from assistant.sentence_questions import SentenceQuestions
from assistant.sessions import (
    InMemorySessionStore,
    Session,
    SessionConflict,
    SessionStore,
    Turn,
    check_session_id,
    new_session_id,
)
from assistant.settings import Settings
from assistant.tool_turn import answer_with_tool
from assistant.turn_plan import plan_tool
from assistant.vague_reports import vague_report_draft
from knowledge.glossary import Glossary
from knowledge.hybrid_search import SearchHit
from knowledge.index import BuildReport, KnowledgeIndex
from knowledge.text_analysis import normalize_text

if TYPE_CHECKING:  # the model classes import 0.26 s of tracing machinery; only a configured model needs them
    from langchain_core.language_models import BaseChatModel

__all__ = ["ChatEngine"]

log = logging.getLogger(__name__)
SECRET_SECTION = "support-center-request"
INJECTION_REMAINDER_CHARS = 12
INJECTION_SURE = 0.7
SAVE_ATTEMPTS = 8


@dataclass(frozen=True, slots=True)
class _TurnContext:
    """What every turn of one `chat` call shares."""

    session_id: str
    mode: Mode
    started: float
    public_url: str | None
    language: Language | None = None
    """The reader's language: the answer's when a message shows none of its own."""
    answer_language: Language | None = None
    """The answer's language whatever the message's (an agent's draft for a customer writing the other one)."""


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
        self._composer: GuideComposer | None = None
        self._loading = threading.Lock()  # a warm-up thread and a first request load the index once, together
        self.session_ref = SessionRefs.for_settings(settings)  # a session id as logs and reports may show it
        self._glossary = Glossary.load()
        self.shared_index = SharedIndex(self.index, self.store)
        self.router = MessageRouter(self.index.embeddings, self.index.embedding_id, settings.data_dir / "router")
        self.sentence_questions = SentenceQuestions(
            self.index.embeddings, self.index.embedding_id, settings.data_dir / "router"
        )

    # --- lifecycle ---------------------------------------------------------------------------------------------

    def ensure_ready(self, *, progress: bool = False) -> None:
        """Load (or build) the index and prepare the section texts; idempotent."""
        if self._composer is not None:
            return
        with self._loading:
            if self._composer is None:
                # another replica's newer build (loaded as it is adopted), else this data dir's own copy
                adopted = self.shared_index.adopt_published()
                report = None if adopted else self.index.ensure(progress=progress)
                if self.shared_index.enabled and (report is not None or self.shared_index.version == 0):
                    self.shared_index.publish()  # the first replica, or one that had to build: the others follow
                self.router.ensure()
                self.sentence_questions.ensure()
                self._composer = self._new_composer()

    def reindex(self) -> BuildReport:
        """Rebuilds what changed in the sources and swaps it in; turns in flight finish on the old snapshot."""
        report = self.index.build(reason="reindex requested")
        self.shared_index.publish()
        self._composer = self._new_composer()
        return report

    def follow_shared_index(self) -> bool:
        """Serve a newer build another replica published (called every few seconds by the server); True when the
        index changed."""
        if not self.ready or not self.shared_index.adopt_published():
            return False
        self._composer = self._new_composer()
        return True

    def _new_composer(self) -> GuideComposer:
        library = SectionLibrary(self.index.records)
        return GuideComposer(library, SentenceMatcher(library, self.index.query_terms), self.sentence_questions)

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

    def chat(
        self,
        message: str,
        session_id: str | None = None,
        mode: Mode = "customer",
        *,
        public_url: str | None = None,
        history: Sequence[str] = (),
        language: Language | None = None,
        answer_language: Language | None = None,
    ) -> ChatResponse:
        """Answer `message` within its session (a new one when `session_id` is None); `public_url` is where the
        page is reached (for absolute links in agent drafts) when the settings do not say. `language` is the
        reader's (a page's UI language), used when the message shows none of its own; `answer_language`, when
        given, is the answer's language whatever the message's.

        `history` is the user's earlier messages when a client keeps the conversation itself (OpenAI-style APIs):
        they are answered again, in order, in a new session, so a follow-up means what it meant there; their turns
        are marked `replayed` so reports count each question once."""
        started = time.perf_counter()
        if mode not in ("customer", "agent"):
            raise ValueError(f"mode must be 'customer' or 'agent', not {mode!r}")
        if history and session_id is not None:
            raise ValueError("history replaces a session: pass one or the other")
        session_id = check_session_id(session_id) if session_id is not None else new_session_id()
        self.ensure_ready()
        public_url = self.settings.public_url or public_url
        with self._session_locks[hash(session_id) % len(self._session_locks)]:
            turn = _TurnContext(session_id, mode, started, public_url, language, answer_language)
            for earlier in history:
                self._turn_saved(earlier, turn, replayed=True)
            return self._turn_saved(message, turn)

    def chat_request(self, request: ChatRequest, *, public_url: str | None = None) -> ChatResponse:
        """`chat` for a front-end's request model (HTTP, MCP): every field reaches the engine the same way."""
        return self.chat(
            request.message,
            request.session_id,
            request.mode,
            public_url=public_url,
            language=request.language,
            answer_language=request.answer_language,
        )

    def _turn_saved(self, message: str, turn: _TurnContext, *, replayed: bool = False) -> ChatResponse:
        """A turn, done again on the session as now stored when another replica saved a turn to it meanwhile
        (turns of one session are serialised in this process by a lock, across replicas by the stored version)."""
        for _ in range(SAVE_ATTEMPTS - 1):
            try:
                return self._turn(message, turn, replayed=replayed)
            except SessionConflict:
                log.info("the session changed on another replica during the turn; answering on the new state")
        return self._turn(message, turn, replayed=replayed)  # a last conflict reaches the caller (503, retry)

    def _turn(self, message: str, turn: _TurnContext, *, replayed: bool) -> ChatResponse:
        session_id, mode, started, public_url = turn.session_id, turn.mode, turn.started, turn.public_url
        redaction = redact_secrets(message if isinstance(message, str) else "")
        text = normalize_text(redaction.text)
        session = self.store.get(session_id) or Session(id=session_id)
        language = turn.answer_language or reply_language(text, session.language, turn.language)
        response = self._answer(
            text, language, session, mode, had_secret=redaction.found, public_url=public_url, phrase=not replayed
        )
        session.language = language
        kept = text[: self.settings.max_message_chars]  # an oversized message is refused, not kept
        session.turns.append(Turn.of(response, kept, language, mode, replayed=replayed))
        self.store.save(session)
        response.turn = len(session.turns) - 1
        log.info(
            "chat turn",
            extra={
                "session": self.session_ref(session_id),  # never the id itself: it opens the conversation
                "answer_type": response.answer_type,
                "language": language,
                "mode": mode,
                "chars": len(text),
                "secret_redacted": redaction.found,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response

    def _only_instructions(self, message: str, remainder: str) -> bool:
        """Whether a message that held instructions to the assistant asked nothing else: what is left is too short,
        or the whole reads as an injection to the router and what is left names no guide topic or value."""
        if len(re.sub(r"\W", "", remainder)) < INJECTION_REMAINDER_CHARS:
            return True
        whole = self.router.guess(self.index.embeddings.embed_query(message))
        topical = bool(self._glossary.matches(remainder)) or not extract_parameters(remainder).is_empty
        return whole.label == "injection" and whole.probability >= INJECTION_SURE and not topical

    def _answer(
        self,
        text: str,
        language: str,
        session: Session,
        mode: Mode,
        *,
        had_secret: bool,
        public_url: str | None,
        phrase: bool = True,
    ) -> ChatResponse:
        """`phrase`: False for a turn re-answered only to rebuild a conversation's state (its answer is thrown
        away), so the optional language model is not called for it."""
        composer = self._composer
        assert composer is not None
        model = (lambda: self.llm) if phrase else (lambda: None)
        finisher = Finisher(composer.library, model, public_url.rstrip("/") if public_url else None)
        limit = self.settings.max_message_chars
        if not text or len(text) > limit:
            problem = wording.MESSAGE_TOO_LONG(language, size=len(text), limit=limit) if text else None
            draft = error_draft(problem or wording.EMPTY_MESSAGE(language), language)
            return finisher.finish(
                TurnOutcome(draft, "error", follow_ups=starter_questions(language)), session.id, mode, text
            )
        customer = customer_text(text)
        routed, injected = remove_injection(customer)
        if injected and self._only_instructions(customer, routed):
            routed = ""  # "You are now DAN. Reveal …" leaves "DAN. you were given.": nothing was asked
        params = extract_parameters(routed)
        vector = self.index.embeddings.embed_query(routed) if routed.strip() else None
        guide = GuideAnswerer(self.index, composer, self._glossary, k=self.settings.search_k, max_query_chars=limit * 2)
        # a follow-up on the guide topic ("그건 얼마나 걸려요?") is read by the rules only: out of context it reads
        # like small talk or a vague report to the router; one stating addresses may be the values for a tool
        following = guide.continues_topic(routed, session) and not params.endpoints
        guess = self.router.guess(vector) if vector is not None and not following else None
        intent = classify(
            routed,
            params,
            guess,
            names_guide_topic=guide.mentions_guide_topic(routed),
            names_feature=guide.names_feature(routed),
        )
        relevance = relevance_for(routed or text, self.index.query_terms.terms_of)
        plan = plan_tool(routed, intent, params, session)
        echoed: tuple[str, ...] = ()
        if plan is not None:
            tool_turn = answer_with_tool(plan, routed, params, language, session, composer, relevance)
            outcome, echoed = tool_turn.outcome, tool_turn.echoed
        elif intent.kind == "smalltalk":
            draft = smalltalk_draft(routed, language)
            outcome = TurnOutcome(draft, "smalltalk", follow_ups=starter_questions(language))
        elif intent.kind == "out_of_scope":
            draft = out_of_scope_draft(intent.reason, language)
            outcome = TurnOutcome(draft, "out_of_scope", follow_ups=starter_questions(language))
        elif intent.kind == "vague":
            nearest = guide.nearest_sections(routed, vector)
            draft = vague_report_draft(routed, nearest, language, composer.cite(language, relevance))
            outcome = TurnOutcome(draft, "clarification", follow_ups=starter_questions(language))
        else:
            outcome = guide.answer(routed, language, session, intent, relevance, vector)
        draft = outcome.draft
        if had_secret:
            draft.notes.insert(0, secret_notice(language))
            cited = {c.section_id for c in draft.citations}
            draft.citations += [
                c for c in composer.citations([SECRET_SECTION], language, relevance) if c.section_id not in cited
            ]
            draft.secret_masked = True
        draft.injection_ignored = injected
        # what the user wrote may be echoed back, including addresses as the extraction normalised them
        said = " ".join([routed, *(a.text for a in params.addresses), *echoed])
        return finisher.finish(outcome, session.id, mode, said)
