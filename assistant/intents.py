"""What a message asks for: a guide question, one of the tools, small talk, or something the guide does not cover.

Rules over keywords and the parameters found, in Korean and English. A tool is chosen only when the message asks
for output (commands, a form, figures) or gives the values a tool needs; "방화벽 오픈 요청은 어디로 하나요?"
stays a guide question. Each tool says which messages it wants (`ChatTool.wants`); the registry's order decides
between tools. The message reaching here is already free of secrets and of injected instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.extraction import MessageParameters
from assistant.intent_words import (
    BILLING_WORDS,
    FOLLOW_UP,
    OTHER_CLOUD_WORDS,
    PRICING_WORDS,
    REVERSE,
    SMALLTALK,
    STORE_REQUEST_WORDS,
    UNCOVERED_TOPIC_WORDS,
    UNRELATED_WORDS,
)
from assistant.toolkit import REGISTRY, ChatTool

__all__ = ["Intent", "classify"]

IntentKind = Literal["tool", "address", "smalltalk", "out_of_scope", "knowledge"]
OutOfScopeReason = Literal["other_cloud", "pricing", "unrelated", "instructions"]
_REFUSALS: tuple[tuple[OutOfScopeReason, re.Pattern[str]], ...] = (
    ("other_cloud", OTHER_CLOUD_WORDS),
    ("pricing", PRICING_WORDS),
    ("unrelated", UNRELATED_WORDS),
)


@dataclass(frozen=True, slots=True)
class Intent:
    kind: IntentKind
    tool: ChatTool | None = None
    """The tool asked for, when `kind` is 'tool'."""
    reason: OutOfScopeReason | None = None
    follow_up: bool = False
    reverse: bool = False
    uncovered_topic: str | None = None
    """A topic the guide is known not to cover (backups, certificates, 2FA, VM specs...) named in the message."""


def _is_bare_address(text: str, params: MessageParameters) -> bool:
    """Only a network or address ("10.21.7.0/26은?"): figures, or a value for the tool the conversation is in."""
    endpoints = params.endpoints
    return len(endpoints) == 1 and len(re.sub(r"[\s?.!]", "", text)) <= len(endpoints[0].text) + 12


def classify(text: str, params: MessageParameters) -> Intent:
    """The intent of a message already cleaned of secrets and injected instructions."""
    follow_up = bool(FOLLOW_UP.search(text))
    reverse = bool(REVERSE.search(text))
    if not text.strip():
        return Intent("out_of_scope", reason="instructions")
    if SMALLTALK.match(text):
        return Intent("smalltalk")
    tool = next((t for t in REGISTRY if t.wants(text, params)), None)
    if tool is not None:
        return Intent("tool", tool=tool, follow_up=follow_up, reverse=reverse)
    if _is_bare_address(text, params):
        return Intent("address", follow_up=follow_up, reverse=reverse)
    if STORE_REQUEST_WORDS.search(text):
        return Intent("out_of_scope", reason="unrelated")  # the assistant keeps nothing for later, least of all secrets
    for reason, words in _REFUSALS:
        if words.search(text) and not (reason == "pricing" and BILLING_WORDS.search(text)):
            return Intent("out_of_scope", reason=reason)
    uncovered = UNCOVERED_TOPIC_WORDS.search(text)
    return Intent(
        "knowledge", follow_up=follow_up, reverse=reverse, uncovered_topic=uncovered.group(0) if uncovered else None
    )
