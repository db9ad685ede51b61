"""An answer before it is rendered: the same parts become a customer reply or an agent's draft and internal note.

Everything the engine later needs to know about an answer is a typed field here (a note's kind, low confidence,
a masked secret), never a marker inside the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from assistant import wording
from assistant.responses import AnswerType, Citation, ToolCall

__all__ = ["AnswerDraft", "Cite", "CodeBlock", "Note", "TurnOutcome", "render_agent", "render_customer", "render_notes"]

Cite = Callable[[Sequence[str | None]], list[Citation]]
"""Citations for guide section ids, in the answer's language (unknown ids are skipped)."""

NoteKind = Literal["warning", "info", "plain"]
_NOTE_MARKS: dict[NoteKind, str] = {"warning": "⚠️ ", "info": "ℹ️ ", "plain": ""}


@dataclass(frozen=True, slots=True)
class CodeBlock:
    label: str
    code: str
    language: str = "console"
    is_command: bool = True
    group: str = ""
    """The part of the answer the command belongs to (a route's direction), so checks can tell the parts apart."""


@dataclass(frozen=True, slots=True)
class Note:
    """A remark under the answer: a warning (also listed in the response's `warnings`), a stated assumption or
    fact (`info`), or plain advice."""

    text: str
    kind: NoteKind = "plain"

    def render(self) -> str:
        return _NOTE_MARKS[self.kind] + self.text


@dataclass(slots=True)
class AnswerDraft:
    """What to say, in order: an opening line, steps, code, a table, notes, and the sections it rests on."""

    language: str
    intro: str
    steps: list[str] = field(default_factory=list)
    steps_title: str = ""
    blocks: list[CodeBlock] = field(default_factory=list)
    table: str | None = None
    after: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    internal: list[str] = field(default_factory=list)
    """Lines of the agent's internal note."""
    numbered: bool = False
    confidence: Literal["high", "low"] = "high"
    """'low' when the guide does not clearly answer: the citations are only the closest sections."""
    secret_masked: bool = False
    injection_ignored: bool = False
    details: str = ""
    """More from the source (Markdown), folded under the answer: not part of what the answer leads with."""

    @property
    def commands(self) -> list[str]:
        return [b.code for b in self.blocks if b.is_command]

    @property
    def command_groups(self) -> list[tuple[str, list[str]]]:
        """The commands by part, in the order the answer shows them."""
        groups: dict[str, list[str]] = {}
        for block in self.blocks:
            if block.is_command:
                groups.setdefault(block.group, []).append(block.code)
        return list(groups.items())

    @property
    def warnings(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "warning"]

    def internal_lines(self) -> list[str]:
        """The internal note's lines: what the composer noted, then what the engine knows about the turn."""
        lines = list(self.internal)
        if self.confidence == "low":
            lines.append(wording.LOW_CONFIDENCE_NOTE(self.language))
        if self.secret_masked:
            lines.append(wording.SECRET_MASKED_NOTE(self.language))
        if self.injection_ignored:
            lines.append(wording.INJECTION_IGNORED_NOTE(self.language))
        return lines


@dataclass(slots=True)
class TurnOutcome:
    """A drafted answer with what the response reports beside it: its type, the tool runs, the values a
    clarification asks for and the questions to suggest next."""

    draft: AnswerDraft
    answer_type: AnswerType
    tool_calls: list[ToolCall] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)


def _fence(block: CodeBlock) -> str:
    label = f"{block.label}\n" if block.label else ""
    return f"{label}```{block.language}\n{block.code.rstrip()}\n```"


def _sources_line(draft: AnswerDraft) -> str:
    if not draft.citations:
        return ""
    links = ", ".join(f"[{c.title}]({c.url})" for c in draft.citations)
    return f"{wording.SOURCES(draft.language)}: {links}"


def render_notes(notes: Sequence[Note]) -> str:
    return "\n".join(f"> {note.render()}" for note in notes)


def _body(draft: AnswerDraft, numbered: bool) -> list[str]:
    parts: list[str] = []
    if draft.steps:
        marker = (lambda i: f"{i}.") if numbered else (lambda i: "-")
        title = f"{draft.steps_title}\n\n" if draft.steps_title else ""
        parts.append(title + "\n".join(f"{marker(i)} {step}" for i, step in enumerate(draft.steps, start=1)))
    parts += [_fence(b) for b in draft.blocks]
    if draft.table:
        parts.append(draft.table)
    parts += draft.after
    if draft.notes:
        parts.append(render_notes(draft.notes))
    return parts


def render_customer(draft: AnswerDraft) -> str:
    """Markdown for the customer: the opening line, the content, then the sources."""
    parts = [draft.intro, *_body(draft, draft.numbered), _sources_line(draft)]
    return "\n\n".join(p for p in parts if p)


def _absolute(url: str, base: str | None) -> str:
    return f"{base}{url}" if base and url.startswith("/") else url


def render_agent(draft: AnswerDraft, link_base: str | None = None) -> tuple[str, str]:
    """A polite draft reply for the agent to send (numbered steps, guide links absolute under `link_base`, so
    they work in an e-mail), and the agent's internal note."""
    language = draft.language
    links = ", ".join(f"[{c.title}]({_absolute(c.url, link_base)})" for c in draft.citations)
    reference = f"{wording.GUIDE_REFERENCE(language)}: {links}" if links else ""
    parts = [wording.AGENT_GREETING(language), draft.intro, *_body(draft, True), reference]
    reply = "\n\n".join(p for p in [*parts, wording.AGENT_CLOSING(language)] if p)
    note = "\n".join([wording.INTERNAL_NOTE_TITLE(language), *(f"- {item}" for item in draft.internal_lines())])
    if draft.details:  # the guide's other sentences help the agent check the draft; the customer gets the answer
        note += f"\n\n{draft.details}"
    return reply, note
