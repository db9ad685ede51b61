"""The last step of every turn: render the draft for its mode, let the optional language model rephrase it, check
that nothing in it is invented, and build the response.

`user_text` is what the user said (redacted): the only source, besides tools and cited sections, that an address
in the answer may come from.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant import wording
from assistant.answer_draft import AnswerDraft, TurnOutcome, render_agent, render_customer
from assistant.canned_replies import error_draft
from assistant.grounding import check_grounding
from assistant.guide_sections import SectionLibrary
from assistant.llm import phrase_answer
from assistant.reply_language import reply_language
from assistant.responses import ChatResponse, CommandGroup, Mode, ToolCall

if TYPE_CHECKING:  # the model classes import 0.26 s of tracing machinery; only a configured model needs them
    from langchain_core.language_models import BaseChatModel

__all__ = ["Finisher"]

log = logging.getLogger(__name__)


class Finisher:
    """Turns a drafted answer into the checked `ChatResponse`; `llm` gives the configured model or None."""

    def __init__(
        self, library: SectionLibrary, llm: Callable[[], BaseChatModel | None], public_url: str | None = None
    ) -> None:
        self.library = library
        self.llm = llm
        self.public_url = public_url

    def finish(self, outcome: TurnOutcome, session_id: str, mode: Mode, user_text: str) -> ChatResponse:
        draft, answer_type, tool_calls = outcome.draft, outcome.answer_type, outcome.tool_calls
        language = draft.language
        answer, note = render_agent(draft, self.public_url) if mode == "agent" else (render_customer(draft), None)
        sources = self._grounding_sources(draft, tool_calls)
        composer = "template"
        model = self.llm() if answer_type in ("knowledge", "tool") else None
        if model is not None:
            phrased = self._phrase(model, user_text, language, answer, sources, tool_calls)
            if phrased is not None:
                # the model rephrases the content; the warnings (a pasted secret, a risky rule) always stay
                answer = "\n\n".join([phrased, *(f"> {n.render()}" for n in draft.warnings)])
                composer = "llm"
        details = draft.details if mode == "customer" else ""  # an agent finds them in the internal note
        # the page's own address, configured or requested, with the cited sections' anchors
        links = [f"{self.public_url}{c.url}" for c in draft.citations] if self.public_url else []
        report = check_grounding(f"{answer}\n\n{details}", [*sources, *links], user_text)
        if not report.ok:  # a template bug must never reach a customer as an invented value
            log.error("grounding check failed", extra={"unsupported": len(report.unsupported)})
            answer = error_draft(wording.UNVERIFIED_ANSWER(language), language).intro
            answer_type, details = "error", ""
        warnings = [n.text for n in draft.warnings]
        if draft.confidence == "low":
            warnings.append(wording.GUIDE_IS_UNCLEAR(language))
        return ChatResponse(
            answer=answer,
            details=details,
            answer_type=answer_type,
            language=language,
            session_id=session_id,
            mode=mode,
            citations=draft.citations,
            tool_calls=list(tool_calls),
            commands=draft.commands,
            command_groups=[CommandGroup(label=label, commands=codes) for label, codes in draft.command_groups],
            warnings=warnings,
            follow_ups=[f for f in outcome.follow_ups if f.casefold() != user_text.casefold()],
            confidence=draft.confidence,
            missing=outcome.missing,
            internal_note=note,
            composer=composer,
        )

    def _grounding_sources(self, draft: AnswerDraft, tool_calls: Sequence[ToolCall]) -> list[object]:
        sections = [s.text for c in draft.citations for s in self.library.all_languages(c.section_id)]
        return [*sections, *(call.output for call in tool_calls)]

    def _phrase(
        self,
        model: BaseChatModel,
        question: str,
        language: str,
        answer: str,
        sources: list[object],
        tool_calls: Sequence[ToolCall],
    ) -> str | None:
        """The model's rephrasing, or None when it fails, answers in the wrong language or invents anything."""
        try:
            phrased = phrase_answer(
                model,
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
