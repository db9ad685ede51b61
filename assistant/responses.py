"""What the chat engine returns: one pydantic shape shared by the CLI, the HTTP API and the evaluation runner."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = [
    "AnswerType",
    "ChatResponse",
    "Citation",
    "CommandGroup",
    "Language",
    "Mode",
    "ToolCall",
    "absolute_guide_links",
]

AnswerType = Literal["knowledge", "tool", "clarification", "out_of_scope", "smalltalk", "error"]
Mode = Literal["customer", "agent"]
Language = Literal["ko", "en"]


class Citation(BaseModel):
    """A guide section that supports the answer; `title` is the guide's heading verbatim."""

    section_id: str
    title: str
    url: str
    quote: str = Field(description="The supporting sentence, verbatim from the section (in the answer's language).")


class ToolCall(BaseModel):
    """One run of a deterministic tool: what it was given and exactly what it returned (or its error)."""

    tool: str
    input: dict[str, Any]
    output: dict[str, Any]


class CommandGroup(BaseModel):
    """The commands of one part of an answer, e.g. one direction of a route ("public-to-private")."""

    label: str = Field(description="What the part is about ('' when the answer has one part).")
    commands: list[str]


class ChatResponse(BaseModel):
    """One answer. Every command, range, e-mail and phone number in `answer` comes from `tool_calls` or `citations`."""

    answer: str = Field(description="Markdown, in the user's language: what was asked, first.")
    details: str = Field(
        "", description="More from the cited section (Markdown), for a reader who wants it: shown folded."
    )
    answer_type: AnswerType
    language: Language
    session_id: str
    turn: int | None = Field(
        None, description="This answer's index in its session: what `POST /v1/feedback` names with `turn`."
    )
    mode: Mode = "customer"
    citations: list[Citation] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    commands: list[str] = Field(default_factory=list, description="The exact commands shown in the answer.")
    command_groups: list[CommandGroup] = Field(
        default_factory=list,
        description="The same commands by part of the answer, in order: the first is the part the answer leads with "
        "(for routes, the direction asked about).",
    )
    warnings: list[str] = Field(default_factory=list)
    follow_ups: list[str] = Field(default_factory=list, description="Suggested next questions.")
    confidence: Literal["high", "low"] = Field(
        "high", description="'low' when the guide does not clearly answer: the citations are the closest sections."
    )
    missing: list[str] = Field(default_factory=list, description="Values a clarification asks for.")
    internal_note: str | None = Field(None, description="Agent mode: assumptions, checks and gaps, not for customers.")
    composer: Literal["template", "llm"] = Field("template", description="Who phrased the answer.")


def absolute_guide_links(markdown: str, site: str | None) -> str:
    """`markdown` with its `](/guide#…)` links under `site` (e.g. https://help.example.com), for an answer shown
    away from this site (an OpenAI client, an AI tool); unchanged when the site is not known."""
    if not site:
        return markdown
    base = site.rstrip("/")
    return re.sub(r"\]\((/guide[^)\s]*)\)", lambda link: f"]({base}{link.group(1)})", markdown)
