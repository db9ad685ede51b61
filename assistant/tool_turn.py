"""A turn that runs a tool: gather its values from the message and the session, then answer with its result, ask
for what is still missing, or report the tool's error; the session remembers the values either way."""

from __future__ import annotations

from dataclasses import dataclass

from assistant import wording
from assistant.answer_draft import TurnOutcome
from assistant.canned_replies import clarification_draft, error_draft
from assistant.extraction import MessageParameters
from assistant.follow_ups import starter_questions
from assistant.guide_composer import GuideComposer, Relevance
from assistant.sessions import Session, ToolState
from assistant.toolkit import run_tool
from assistant.turn_plan import ToolPlan

__all__ = ["ToolTurn", "answer_with_tool"]


@dataclass(frozen=True, slots=True)
class ToolTurn:
    outcome: TurnOutcome
    echoed: tuple[str, ...]
    """The values the user gave, this turn or earlier, which the answer may repeat (a clarification does)."""


def answer_with_tool(
    plan: ToolPlan,
    text: str,
    params: MessageParameters,
    language: str,
    session: Session,
    composer: GuideComposer,
    relevance: Relevance,
) -> ToolTurn:
    tool = plan.tool
    merged = tool.merge(text, params, plan.known)
    echoed = tuple(str(v) for v in merged.values())
    run = run_tool(tool, merged, language)
    explained_in = composer.citations([tool.section_id], language, relevance)
    if run.missing and run.error is not None:  # a bad value and missing ones: both at once
        session.pending = ToolState(tool=tool.kind, params=merged, missing=list(run.missing))
        draft = error_draft(run.error, language, explained_in)
        draft.steps = [tool.asks[name](language) for name in run.missing]
        draft.steps_title = wording.ALSO_NEEDED(language)
        outcome = TurnOutcome(
            draft, "error", [run.call], missing=list(run.missing), follow_ups=tool.follow_ups(language)
        )
    elif run.missing:
        session.pending = ToolState(tool=tool.kind, params=merged, missing=list(run.missing))
        draft = clarification_draft(tool.produces, tool.asks, merged, run.missing, language, explained_in)
        outcome = TurnOutcome(draft, "clarification", missing=list(run.missing), follow_ups=tool.follow_ups(language))
    elif run.error is not None:
        session.pending = ToolState(tool=tool.kind, params=merged)
        draft = error_draft(run.error, language, explained_in)
        outcome = TurnOutcome(draft, "error", [run.call], follow_ups=starter_questions(language))
    else:
        session.pending = None
        session.last_tool = ToolState(tool=tool.kind, params=merged, focus=plan.focus)
        focus = plan.focus or tool.focus_in(text)
        draft = tool.compose(run.result, run.inputs, language, composer.cite(language, relevance), focus)
        outcome = TurnOutcome(draft, "tool", [run.call], follow_ups=tool.follow_ups(language))
    return ToolTurn(outcome, echoed)
