"""Which tool a turn runs, if any: the one the message asks for, the one a clarification waits on, or the one a
short follow-up ("우분투는?", "/26으로 나누면?", "also 443", "그럼 반대 방향은?") continues with a changed value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.extraction import MessageParameters
from assistant.intents import Intent
from assistant.sessions import Session
from assistant.toolkit import REGISTRY, ChatTool, tool_by_kind

__all__ = ["ToolPlan", "plan_tool"]

SHORT_FOLLOW_UP_CHARS = 40


@dataclass(frozen=True, slots=True)
class ToolPlan:
    """The tool to run, what the conversation already gave it, and which direction to show first."""

    tool: ChatTool
    known: dict[str, Any] = field(default_factory=dict)
    focus: str | None = None


def _bare_address_tool() -> ChatTool | None:
    return next((tool for tool in REGISTRY if tool.answers_bare_address), None)


def plan_tool(text: str, intent: Intent, params: MessageParameters, session: Session) -> ToolPlan | None:
    """The tool this turn runs (None: no tool), with the session's values it builds on."""
    pending, last = session.pending, session.last_tool
    focus = "reverse" if intent.reverse else None
    gives_values = not params.is_empty or bool(params.numbers)
    pending_tool = tool_by_kind(pending.tool) if pending is not None else None
    asked_tool = intent.tool if intent.kind == "tool" else None
    # a clarification's answer is whatever carries its values, unless it asks for another tool
    answers_pending = intent.kind != "tool" or asked_tool is pending_tool or intent.learned
    if pending_tool is not None and gives_values and answers_pending and pending_tool.takes(params):
        return ToolPlan(pending_tool, dict(pending.params), focus)  # the answer to a clarification
    last_tool = tool_by_kind(last.tool) if last is not None else None
    last_was_tool = last_tool is not None and bool(session.turns) and session.turns[-1].tool is not None
    # whatever the words (or the router's reading of bare values), a changed value or "the other way" continues
    if last_tool is not None and last_was_tool and (intent.kind != "tool" or intent.learned):
        changes = last_tool.takes(params)
        if intent.reverse or (changes and (len(text) <= SHORT_FOLLOW_UP_CHARS or intent.follow_up)):
            if intent.reverse and last.focus == "reverse":
                focus = None  # "the other direction" again flips back
            return ToolPlan(last_tool, dict(last.params), focus)
    if asked_tool is not None:
        continues = (
            last is not None and last.tool == asked_tool.kind and (intent.follow_up or len(params.endpoints) < 2)
        )
        return ToolPlan(asked_tool, dict(last.params) if continues else {}, focus)
    if intent.kind == "address" and (tool := _bare_address_tool()) is not None:
        return ToolPlan(tool)
    return None
