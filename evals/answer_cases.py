"""The answer-accuracy dataset: conversations with what their last answer must contain.

Schema (`evals/datasets/answers.jsonl`, described in `datasets/ANSWERS.md`): id, split (dev | holdout),
language, category, mode, turns, and `expect` — answer_type (required), section_ids, facts, tool, tool_input,
commands, form, missing, canaries. Held-out cases are reported, never tuned on; the retrieval sets stay apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from evals.jsonl import load_jsonl

__all__ = ["ANSWER_DATASETS", "AnswerCase", "Expect", "load_answer_cases"]

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
ANSWER_DATASETS = {"answers": DATASETS_DIR / "answers.jsonl"}
Category = Literal[
    "guide", "tool", "multi_turn", "out_of_scope", "smalltalk", "secret", "bad_input", "injection", "agent"
]


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    answer_type: Literal["knowledge", "tool", "clarification", "out_of_scope", "smalltalk", "error"]
    section_ids: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    tool: str | None = None
    tool_input: dict[str, Any] | None = None
    commands: tuple[str, ...] = ()
    form: dict[str, str] | None = None
    missing: tuple[str, ...] | None = None
    canaries: tuple[str, ...] = ()


class AnswerCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    split: Literal["dev", "holdout"] = "dev"
    language: Literal["ko", "en"]
    category: Category
    mode: Literal["customer", "agent"] = "customer"
    turns: tuple[str, ...] = Field(min_length=1)
    expect: Expect


def load_answer_cases(path_or_name: str | Path = "answers") -> list[AnswerCase]:
    """Cases from a dataset name or a JSONL path; a bad line or a repeated id is an error naming it."""
    path = ANSWER_DATASETS.get(str(path_or_name), Path(path_or_name))
    cases = load_jsonl(path, AnswerCase)
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise ValueError(f"{path}: case id {case.id!r} appears twice")
        seen.add(case.id)
    return cases
