"""Scoring chat answers: the answer type, and what each type must contain, per answer type and language."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.responses import ChatResponse
from evals.chat_dataset import ChatCase

__all__ = ["ChatOutcome", "ChatScores", "check_case", "converse_with", "score_chat"]

Conversation = Callable[[tuple[str, ...]], ChatResponse]


@dataclass(frozen=True, slots=True)
class ChatOutcome:
    case: ChatCase
    answer_type: str
    problems: tuple[str, ...]
    ms: float

    @property
    def passed(self) -> bool:
        return not self.problems


def check_case(case: ChatCase, response: ChatResponse) -> list[str]:
    """What is wrong with the last answer of the conversation (empty: right)."""
    problems = []
    if response.answer_type != case.answer_type:
        problems.append(f"answer_type {response.answer_type} != {case.answer_type}")
    if response.language != case.language:
        problems.append(f"language {response.language} != {case.language}")
    first = response.citations[0].section_id if response.citations else None
    if case.section_id and first != case.section_id:
        problems.append(f"first citation {first} != {case.section_id}")
    tools = [call.tool for call in response.tool_calls]
    if case.tool and case.tool not in tools:
        problems.append(f"tool {tools} lacks {case.tool}")
    if case.command and case.command not in response.commands:
        problems.append(f"command missing: {case.command}")
    if case.form and case.form not in response.answer:
        problems.append(f"form row missing: {case.form}")
    if case.missing is not None and tuple(response.missing) != case.missing:
        problems.append(f"asked for {response.missing} != {list(case.missing)}")
    return problems


@dataclass(slots=True)
class ChatScores:
    outcomes: list[ChatOutcome] = field(default_factory=list)

    def accuracy(self) -> dict[str, dict[str, tuple[int, float]]]:
        """answer type → language ('ko', 'en', 'all') → (cases, share fully right)."""
        table: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
        for outcome in self.outcomes:
            for answer_type in (outcome.case.answer_type, "all"):
                for language in (outcome.case.language, "all"):
                    table[answer_type][language].append(outcome.passed)
        return {
            kind: {lang: (len(v), sum(v) / len(v)) for lang, v in by_language.items()}
            for kind, by_language in table.items()
        }

    def summary(self) -> dict:
        return {
            "accuracy": {
                k: {lang: {"n": n, "accuracy": round(a, 3)} for lang, (n, a) in v.items()}
                for k, v in self.accuracy().items()
            },
            "failures": [
                {"id": o.case.id, "answer_type": o.answer_type, "problems": list(o.problems)}
                for o in self.outcomes
                if not o.passed
            ],
        }


def converse_with(engine) -> Conversation:
    """Run a case's turns through an in-process engine, in one fresh session; the last response."""

    def conversation(turns: tuple[str, ...]) -> ChatResponse:
        session_id = None
        for turn in turns:
            response = engine.chat(turn, session_id)
            session_id = response.session_id
        return response

    return conversation


def score_chat(conversation: Conversation, cases: list[ChatCase]) -> ChatScores:
    """Run each case's turns in a fresh session and check the last answer."""
    scores = ChatScores()
    for case in cases:
        started = time.perf_counter()
        response = conversation(case.turns)
        elapsed = (time.perf_counter() - started) * 1000
        scores.outcomes.append(ChatOutcome(case, response.answer_type, tuple(check_case(case, response)), elapsed))
    return scores
