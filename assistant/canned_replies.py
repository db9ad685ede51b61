"""The replies that need no retrieval: asking for a tool's missing values, refusals, small talk, errors and the
warning after a pasted secret."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from assistant import wording
from assistant.answer_draft import AnswerDraft, Note
from assistant.responses import Citation
from assistant.toolkit import REGISTRY
from assistant.wording import Phrase

__all__ = ["clarification_draft", "error_draft", "out_of_scope_draft", "secret_notice", "smalltalk_draft"]

_WHERE_TO_ASK: dict[str, Phrase] = {
    "other_cloud": wording.ASK_OTHER_CLOUD,
    "pricing": wording.ASK_ABOUT_PRICES,
    "uncovered": wording.ASK_CONSULTING_OR_SUPPORT,
}
_THANKS = re.compile(
    r"감사|고마|고맙|thank|thx|\bty\b|appreciat|helpful|도움이?\s*(?:됐|되었)|해결|cheers|sorted|solved|works now", re.I
)
_GOODBYE = re.compile(r"수고|잘\s*(?:가|있)|다음에|안녕히|\bbye|goodbye|see you|have a (?:nice|good)|take care", re.I)
_ARE_YOU_A_BOT = re.compile(
    r"봇|사람|로봇|\bbot\b|human|a person|real person|\bai\b|who am i talking|누구(?:세요|야|니)", re.I
)
_HELLO_WORDS = re.compile(r"안녕하|하이|헬로|반가|ㅎㅇ|\bhi\b|hello|\bhey\b|good (?:morning|afternoon|evening)", re.I)


def _scope(language: str) -> str:
    """What the assistant covers: the guide, and what each registered tool makes."""
    return wording.SCOPE(language, tools=", ".join(tool.offers(language) for tool in REGISTRY))


def clarification_draft(
    produces: Phrase,
    asks: Mapping[str, Phrase],
    params: Mapping[str, Any],
    missing: Sequence[str],
    language: str,
    citations: list[Citation],
) -> AnswerDraft:
    """Ask for exactly the values a tool still needs (`asks` says how, with the guide's own placeholders as
    examples), and repeat what is known so far."""
    known = {k: v for k, v in params.items() if v not in (None, "")}
    after = []
    if known:
        after.append(wording.VALUES_SO_FAR(language, shown=", ".join(f"{k}={v}" for k, v in known.items())))
    return AnswerDraft(
        language,
        wording.STILL_NEEDED(language, what=produces(language)),
        steps=[asks[name](language) for name in missing],
        after=after,
        citations=citations,
        internal=[wording.MISSING_NOTE(language, names=", ".join(missing))],
    )


def out_of_scope_draft(reason: str | None, language: str) -> AnswerDraft:
    """A short, polite refusal: what this assistant covers and where to ask instead; for a topic the guide does not
    cover, says so first."""
    opening = wording.GUIDE_DOES_NOT_COVER if reason == "uncovered" else wording.OUT_OF_SCOPE
    after = [_scope(language)]
    if reason in _WHERE_TO_ASK:
        after.append(_WHERE_TO_ASK[reason](language))
    return AnswerDraft(language, opening(language), after=after, internal=[f"out of scope: {reason}"])


def smalltalk_draft(text: str, language: str) -> AnswerDraft:
    """A brief reply in kind: thanks get "you're welcome", goodbyes a goodbye, "are you a bot?" the truth, and a
    greeting or "what can you do?" what the assistant covers."""
    if _ARE_YOU_A_BOT.search(text):
        return AnswerDraft(language, wording.I_AM_A_BOT(language), after=[_scope(language)])
    if _THANKS.search(text) and not _HELLO_WORDS.search(text):
        return AnswerDraft(language, wording.YOU_ARE_WELCOME(language))
    if _GOODBYE.search(text) and not _HELLO_WORDS.search(text):
        return AnswerDraft(language, wording.GOODBYE(language))
    return AnswerDraft(language, wording.HELLO(language), after=[_scope(language)])


def error_draft(message: str, language: str, citations: list[Citation] | None = None) -> AnswerDraft:
    return AnswerDraft(
        language,
        wording.CANNOT_DO(language, message=message),
        after=[wording.CORRECT_AND_RESEND(language)],
        citations=citations or [],
        internal=[f"error: {message}"],
    )


def secret_notice(language: str) -> Note:
    return Note(wording.DO_NOT_PASTE_SECRETS(language), "warning")
