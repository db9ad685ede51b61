"""What a chat tool is: one input model, a run that returns the tools' own value object, and everything the chat,
the command line, the HTTP API and agents need to offer it, declared in one module per tool.

A front-end never declares or checks a tool's input itself: it builds the tool's `input_model` from what it was
given (pydantic says what is wrong) and shows the tool's typed result through the tool's own methods.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from assistant.answer_draft import AnswerDraft, Cite
from assistant.extraction import MessageParameters
from assistant.wording import Phrase
from tools.notices import Notice

__all__ = ["ChatTool", "CliShape", "Export", "FollowUps", "notice_json"]

InputT = TypeVar("InputT", bound=BaseModel)
ResultT = TypeVar("ResultT")


@dataclass(frozen=True, slots=True)
class CliShape:
    """How the command line spells the input model's fields: which are positional arguments (in order) and the
    option names that differ from `--field-name`."""

    arguments: tuple[str, ...] = ()
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Export:
    """A file form of a tool's result (`?format=` over HTTP, `--<format> PATH` on the command line)."""

    media_type: str
    filename: str
    description: str
    render: Callable[[Any, Any], bytes]
    """(result, params) -> the file's bytes."""


@dataclass(frozen=True, slots=True)
class FollowUps:
    """Questions customers usually ask next, offered under the tool's answer."""

    korean: tuple[str, ...]
    english: tuple[str, ...]

    def __call__(self, language: str) -> list[str]:
        return list(self.korean if language == "ko" else self.english)


def notice_json(notice: Notice, language: str) -> dict[str, Any]:
    return {"message": notice.message(language), "section_id": notice.section_id}


class ChatTool(ABC, Generic[InputT, ResultT]):
    """One deterministic tool with its chat behaviour. Subclasses fill the class attributes and the methods."""

    kind: ClassVar[str]
    """The chat's short name for it (sessions remember it): 'routes', 'firewall', ..."""
    name: ClassVar[str]
    """The public name (LangChain, tool calls in responses): 'route_commands', ..."""
    command: ClassVar[str]
    """The CLI subcommand and the HTTP path segment: 'routes' → `tool routes`, `POST /v1/tools/routes`."""
    summary: ClassVar[str]
    description: ClassVar[str]
    input_model: ClassVar[type[BaseModel]]
    section_id: ClassVar[str | None] = None
    """The guide section that explains the tool, cited when it asks for values or reports an error."""
    produces: ClassVar[Phrase]
    """What it makes, as the object of "To produce … I still need:"."""
    offers: ClassVar[Phrase]
    """What it makes, in the list of what the assistant does (small talk, refusals)."""
    asks: ClassVar[Mapping[str, Phrase]]
    """How to ask for each required value."""
    follow_ups: ClassVar[FollowUps]
    cli: ClassVar[CliShape] = CliShape()
    exports: ClassVar[Mapping[str, Export]] = {}
    answers_bare_address: ClassVar[bool] = False
    """Whether a message that is only an address ("10.21.7.0/26은?") starts this tool."""

    @classmethod
    def required(cls) -> tuple[str, ...]:
        """The values the tool cannot run without, in the input model's order."""
        return tuple(name for name, info in cls.input_model.model_fields.items() if info.is_required())

    @classmethod
    def takes_language(cls) -> bool:
        return "language" in cls.input_model.model_fields

    def check_given(self, params: Mapping[str, Any]) -> None:
        """Raise the tool's `ToolInputError` for a value already given that can never work (a port above 65535),
        so a user still missing other values hears about it at once, not after supplying them."""

    # --- running and showing the result --------------------------------------------------------------------------

    @abstractmethod
    def run(self, params: InputT) -> ResultT:
        """The tool's value object; raises `tools.errors.ToolInputError` (bilingual) for a bad value."""

    @abstractmethod
    def to_json(self, result: ResultT, params: InputT) -> dict[str, Any]:
        """The result for the API, tool calls and agents."""

    @abstractmethod
    def render_text(self, result: ResultT, params: InputT) -> str:
        """The result for a terminal."""

    @abstractmethod
    def compose(self, result: ResultT, params: InputT, language: str, cite: Cite, focus: str | None) -> AnswerDraft:
        """The chat answer for the result; `focus` is 'reverse' when the user asked for the other direction."""

    # --- reading requests from chat messages ---------------------------------------------------------------------

    @abstractmethod
    def wants(self, text: str, found: MessageParameters) -> bool:
        """Whether the message asks for this tool's output (the registry's order decides between tools)."""

    @abstractmethod
    def read(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        """The input values the message states, by field name; `known` is what the session already has."""

    def merge(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        """What the session knew, overridden by what this message states."""
        return {**known, **self.read(text, found, known)}

    def focus_in(self, text: str) -> str | None:
        """The one figure of the result the message asks for ("broadcast", "netmask", ...), which the answer then
        leads with; None when it asks for the result as a whole."""
        return None

    def fills(self, text: str, found: MessageParameters) -> bool:
        """Whether the message alone states every value the tool cannot run without ("from anywhere to
        211.253.7.9, ports 80 and 443" fills a firewall form without naming it)."""
        return set(self.required()) <= self.read(text, found, {}).keys()

    def takes(self, found: MessageParameters) -> bool:
        """Whether a short follow-up ("우분투는?", "also 443") carries a value this tool takes."""
        return bool(found.endpoints)
