"""Chat cases: a conversation and what its last answer must be (type, first citation, tool, command, form row)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from evals.jsonl import load_jsonl

__all__ = ["CHAT_DATASETS", "ChatCase", "load_chat_cases"]

CHAT_DATASETS = {"chat-dev": Path(__file__).resolve().parent / "datasets" / "chat_dev.jsonl"}


class ChatCase(BaseModel, frozen=True):
    """One conversation; every field after `answer_type` is checked only when given."""

    id: str = Field(min_length=1)
    language: Literal["ko", "en"]
    turns: tuple[str, ...] = Field(min_length=1, description="User messages, in order, in one session.")
    answer_type: Literal["knowledge", "tool", "clarification", "out_of_scope", "smalltalk", "error"]
    section_id: str | None = Field(None, description="The first citation a knowledge answer must have.")
    tool: str | None = Field(None, description="The tool the last turn must run.")
    command: str | None = Field(None, description="A command that must be among the answer's commands.")
    form: str | None = Field(None, description="A Markdown table row prefix the answer must contain.")
    missing: tuple[str, ...] | None = Field(None, description="What a clarification must ask for, in order.")


def load_chat_cases(path_or_name: str | Path = "chat-dev") -> list[ChatCase]:
    """Cases from a dataset name or a JSONL path; a bad line is an error naming the line."""
    path = CHAT_DATASETS.get(str(path_or_name), Path(path_or_name))
    return load_jsonl(path, ChatCase)
