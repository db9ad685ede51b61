"""The replies that need no retrieval: asking for a tool's missing values, refusals, small talk, errors and the
warning after a pasted secret."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant import wording
from assistant.answer_draft import AnswerDraft, Note
from assistant.responses import Citation
from assistant.toolkit import REGISTRY
from assistant.wording import Phrase

__all__ = ["clarification_draft", "error_draft", "out_of_scope_draft", "secret_notice", "smalltalk_draft"]

_WHERE_TO_ASK: dict[str, Phrase] = {"other_cloud": wording.ASK_OTHER_CLOUD, "pricing": wording.ASK_ABOUT_PRICES}


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
    """A short, polite refusal: what this assistant covers and where to ask instead."""
    after = [_scope(language)]
    if reason in _WHERE_TO_ASK:
        after.append(_WHERE_TO_ASK[reason](language))
    return AnswerDraft(language, wording.OUT_OF_SCOPE(language), after=after, internal=[f"out of scope: {reason}"])


def smalltalk_draft(language: str) -> AnswerDraft:
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
