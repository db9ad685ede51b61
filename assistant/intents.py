"""What a message asks for: a guide question, one of the tools, small talk, a problem report too vague to answer,
or something the guide does not cover.

Two kinds of evidence. Rules where they are exact: the values found (IP/CIDR/port syntax) together with each
tool's own words (`ChatTool.wants`; the registry's order decides between tools), a bare greeting, a request to
keep a secret. A learned router (`routing.classifier`, trained on example messages in both languages) for what
word lists cannot enumerate: how people greet, ask, complain or stray off topic. A rule's tool yields to the router
only for a message without values that the router is sure is a question about the guide ("source ip 칸에 뭘
적어요?" names the form but asks about it). The message reaching here is already free of secrets and of injected
instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.answer_types import expected_values
from assistant.extraction import MessageParameters
from assistant.intent_words import (
    ABOUT_THE_ASSISTANT,
    BILLING_WORDS,
    FOLLOW_UP,
    OTHER_CLOUD_WORDS,
    PRICING_WORDS,
    REVERSE,
    SMALLTALK,
    STORE_REQUEST_WORDS,
    SYMPTOM,
    UNCOVERED_TOPIC_WORDS,
    UNRELATED_WORDS,
)
from assistant.routing.classifier import RouteGuess
from assistant.sentence_matching import asking_sentences
from assistant.toolkit import REGISTRY, ChatTool, tool_by_kind

__all__ = ["Intent", "classify"]

IntentKind = Literal["tool", "address", "smalltalk", "out_of_scope", "knowledge", "vague"]
OutOfScopeReason = Literal["other_cloud", "pricing", "unrelated", "instructions", "uncovered"]
DIAGNOSIS = re.compile(
    r"어디부터|뭘\s*빠뜨|뭐가\s*문제|뭐가\s*잘못|왜\s*안|원인|what could be wrong|what(?:'s| is) wrong|any idea|"
    r"why (?:can't|doesn't|isn't|won't)|what did i miss|where (?:do|should) i (?:start|look)",
    re.IGNORECASE,
)
SURE_OF_A_FAILURE = 0.3
"""A described failure: what makes a report a problem to diagnose rather than a question to look up."""
ABOUT_ME_CHARS = 80
"""A question about the assistant itself, short enough to be nothing more."""
SURE = 0.5
"""The router's probability from which its label is taken (measured on the tuning sets)."""
LEANS_TO_A_TOOL = 0.3
"""Enough for a tool when the message alone states every value that tool needs, without naming the tool."""
SURE_OFF_TOPIC = 0.35
"""Enough for small talk when the message names no guide topic: nothing else could answer it anyway."""
VERY_SURE = 0.7
CERTAIN = 0.9
"""What it takes for the router to overrule a tool's own words."""
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
    learned: bool = False
    """Read by the router alone (no rule fired): a conversation waiting on a tool's values takes precedence."""


def _is_bare_address(text: str, params: MessageParameters) -> bool:
    """Only a network or address ("10.21.7.0/26은?"): figures, or a value for the tool the conversation is in."""
    endpoints = params.endpoints
    if params.ports or params.services or params.any_source:
        return False  # "any -> 211.253.7.9 tcp 80,443" is short, and a firewall request
    return len(endpoints) == 1 and len(re.sub(r"[\s?.!]", "", text)) <= len(endpoints[0].text) + 12


def classify(
    text: str,
    params: MessageParameters,
    guess: RouteGuess | None = None,
    *,
    names_guide_topic: bool = False,
    names_feature: bool = False,
) -> Intent:
    """The intent of a message already cleaned of secrets and injected instructions; `guess` is the learned
    router's reading of it (None: rules only); `names_guide_topic`: the message names one of the guide's topics
    (glossary), which the router, knowing phrasing but not the domain, cannot tell."""
    follow_up = bool(FOLLOW_UP.search(text))
    reverse = bool(REVERSE.search(text))
    if not text.strip():
        return Intent("out_of_scope", reason="instructions")
    about_me = ABOUT_THE_ASSISTANT.search(text) and len(text) <= ABOUT_ME_CHARS and params.is_empty
    if SMALLTALK.match(text) or (about_me and not expected_values(text)):
        return Intent("smalltalk")
    guide_question = guess is not None and guess.label == "guide" and guess.probability >= VERY_SURE
    tool = next((t for t in REGISTRY if t.wants(text, params)), None)
    if tool is not None and guess is not None and guess.probability >= CERTAIN:
        preferred = tool_by_kind(guess.label)  # the words named one tool, the router is sure of another that
        if preferred is not None and preferred is not tool and preferred.takes(params):  # takes these values
            tool = preferred
    if tool is not None and not (guide_question and not params.endpoints):
        return Intent("tool", tool=tool, follow_up=follow_up, reverse=reverse)
    if _is_bare_address(text, params):
        return Intent("address", follow_up=follow_up, reverse=reverse)
    if STORE_REQUEST_WORDS.search(text):
        return Intent("out_of_scope", reason="unrelated")  # the assistant keeps nothing for later, least of all secrets
    failure = SYMPTOM.search(text) and not params.endpoints and guess is not None and not expected_values(text)
    if failure and ((guess.label == "vague" and guess.probability >= SURE_OF_A_FAILURE) or DIAGNOSIS.search(text)):
        return Intent("vague")  # a failure described, nothing definite asked: which of the likely causes?
    learned = (
        _learned(text, params, guess, follow_up, reverse, names_guide_topic, names_feature)
        if guess is not None
        else None
    )
    if learned is not None:
        return learned
    if not guide_question and (reason := _refusal_reason(text)) is not None:
        return Intent("out_of_scope", reason=reason)
    uncovered = _uncovered_topic(text)
    return Intent(
        "knowledge", follow_up=follow_up, reverse=reverse, uncovered_topic=uncovered.group(0) if uncovered else None
    )


def _uncovered_topic(text: str) -> re.Match[str] | None:
    """A topic the guide leaves out, in what is asked ("VM 백업은?"), not in the background ("we migrate on the
    20th. How long will the Inter-AZ work take?")."""
    return UNCOVERED_TOPIC_WORDS.search(asking_sentences(text))


def _refusal_reason(text: str) -> OutOfScopeReason | None:
    for reason, words in _REFUSALS:
        if words.search(text) and not (reason == "pricing" and BILLING_WORDS.search(text)):
            return reason
    return None


def _learned(
    text: str,
    params: MessageParameters,
    guess: RouteGuess,
    follow_up: bool,
    reverse: bool,
    topical: bool,
    feature: bool,
) -> Intent | None:
    """The router's label when it is sure of one that is not a guide question (those go on to the rules).

    Two readings the domain overrules: "out of scope" for a message that names a guide topic and no topic the guide
    leaves out (the guide answer's own confidence gate still says "the guide does not say"), and "vague" for a
    message that asks for something definite (a menu, a contact, a document, a duration) without describing a
    failure.
    """
    if reverse:
        return None  # "and the other direction?" continues a tool, however small-talky it reads
    tool = tool_by_kind(guess.label)
    if tool is not None and guess.probability >= LEANS_TO_A_TOOL and tool.fills(text, params):
        return Intent("tool", tool=tool, follow_up=follow_up, reverse=reverse, learned=True)
    if guess.probability < SURE and not (
        guess.label == "smalltalk" and not topical and guess.probability >= SURE_OFF_TOPIC
    ):
        return None
    uncovered = _uncovered_topic(text)
    if guess.label == "out_of_scope" and topical and not uncovered and _refusal_reason(text) is None:
        return None
    if guess.label == "vague" and expected_values(text) and not SYMPTOM.search(text):
        return None  # "CIP 붙이는 메뉴가 어딨는지 못찾겠어요" asks for a menu, not for a diagnosis
    if tool is not None:
        # a question in a tool's vocabulary without any value ("route add 했는데 어떻게 확인해요?") is about the
        # guide; a request without values is caught by the tool's own words (a clarification asks for them)
        return (
            Intent("tool", tool=tool, follow_up=follow_up, reverse=reverse, learned=True)
            if tool.takes(params)
            else None
        )
    if guess.label == "smalltalk":
        return Intent("smalltalk")
    if guess.label == "injection":
        return Intent("out_of_scope", reason="instructions")
    if guess.label == "vague":
        return Intent("vague")
    if guess.label == "out_of_scope":
        reason = _refusal_reason(text) or ("uncovered" if uncovered else "unrelated")
        return Intent("out_of_scope", reason=reason, uncovered_topic=uncovered.group(0) if uncovered else None)
    return None
