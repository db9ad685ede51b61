"""An answer before it is rendered: the same parts become a customer reply or an agent's draft and internal note."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.responses import Citation

__all__ = ["AnswerDraft", "CodeBlock", "render_agent", "render_customer"]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    label: str
    code: str
    language: str = "console"
    is_command: bool = True


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
    notes: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    internal: list[str] = field(default_factory=list)
    numbered: bool = False

    @property
    def commands(self) -> list[str]:
        return [b.code for b in self.blocks if b.is_command]


def _fence(block: CodeBlock) -> str:
    label = f"{block.label}\n" if block.label else ""
    return f"{label}```{block.language}\n{block.code.rstrip()}\n```"


def _sources_line(draft: AnswerDraft) -> str:
    if not draft.citations:
        return ""
    links = ", ".join(f"[{c.title}]({c.url})" for c in draft.citations)
    return f"{'출처' if draft.language == 'ko' else 'Sources'}: {links}"


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
        parts.append("\n".join(f"> {note}" for note in draft.notes))
    return parts


def render_customer(draft: AnswerDraft) -> str:
    """Markdown for the customer: the opening line, the content, then the sources."""
    parts = [draft.intro, *_body(draft, draft.numbered), _sources_line(draft)]
    return "\n\n".join(p for p in parts if p)


def render_agent(draft: AnswerDraft) -> tuple[str, str]:
    """A polite draft reply for the agent to send (numbered steps), and the agent's internal note."""
    if draft.language == "ko":
        greeting = "안녕하세요, 고객님. KT Cloud 고객지원팀입니다."
        closing = "추가로 궁금하신 점이 있으시면 언제든지 문의해 주시기 바랍니다. 감사합니다."
        note_title = "**내부 메모 (고객에게 보내지 마세요)**"
        reference = "참고 가이드"
    else:
        greeting = "Hello, thank you for contacting KT Cloud support."
        closing = "If you have any further questions, please do not hesitate to contact us. Best regards."
        note_title = "**Internal note (do not send to the customer)**"
        reference = "Guide reference"
    links = ", ".join(f"[{c.title}]({c.url})" for c in draft.citations)
    parts = [greeting, draft.intro, *_body(draft, True), f"{reference}: {links}" if links else "", closing]
    reply = "\n\n".join(p for p in parts if p)
    note = "\n".join([note_title, *(f"- {item}" for item in draft.internal)])
    return reply, note
