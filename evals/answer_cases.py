"""The answer-accuracy dataset: conversations with what their last answer must contain.

Schema (`evals/datasets/answers.jsonl`, described in `datasets/ANSWERS.md`): id, split (dev | holdout), language,
category, mode, tags, turns, and `expect` — answer_type (required), section_ids, facts (matched exactly unless
`fact_match` is "morphemes"), tool, tool_input, commands (in the part of the answer it leads with), form, missing,
canaries, and generic `assertions` (contains, not_contains, regex, json_path). Unknown keys are rejected; the values
that name the product (section ids, tool names and their input keys) are checked by `answer_validation`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from jsonpath_ng.exceptions import JsonPathParserError
from jsonpath_ng.ext import parse as parse_json_path
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["ANSWER_DATASETS", "CATEGORIES", "AnswerCase", "Assertion", "Expect"]

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
ANSWER_DATASETS = {
    "answers": DATASETS_DIR / "answers.jsonl",
    "blind": DATASETS_DIR / "blind.jsonl",
    "blind-tuning": DATASETS_DIR / "blind_tuning.jsonl",
}
Category = Literal[
    "guide", "tool", "multi_turn", "out_of_scope", "smalltalk", "secret", "bad_input", "injection", "agent", "vague"
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContainsAssertion(_Strict):
    """The answer text contains `value` (case-insensitive)."""

    type: Literal["contains"]
    value: str = Field(min_length=1)


class NotContainsAssertion(_Strict):
    """The answer text does not contain `value` (case-insensitive)."""

    type: Literal["not_contains"]
    value: str = Field(min_length=1)


class RegexAssertion(_Strict):
    """A regular expression found in the answer text (Python syntax)."""

    type: Literal["regex"]
    pattern: str = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return pattern


class JsonPathAssertion(_Strict):
    """A JSONPath on the whole response (`$.citations[0].section_id`): it must match, and the first match must equal
    `equals` or contain `contains` (a substring of a string, an item of a list) when given."""

    type: Literal["json_path"]
    path: str = Field(min_length=1)
    equals: Any = None
    contains: Any = None

    @field_validator("path")
    @classmethod
    def _parses(cls, path: str) -> str:
        try:
            parse_json_path(path)
        except (JsonPathParserError, Exception) as exc:  # the parser raises plain Exceptions for some inputs
            raise ValueError(f"not a valid JSONPath: {exc}") from None
        return path

    @model_validator(mode="after")
    def _one_expectation(self) -> JsonPathAssertion:
        if self.equals is not None and self.contains is not None:
            raise ValueError("give `equals` or `contains`, not both")
        return self


Assertion = Annotated[
    ContainsAssertion | NotContainsAssertion | RegexAssertion | JsonPathAssertion, Field(discriminator="type")
]


class Expect(_Strict):
    answer_type: Literal["knowledge", "tool", "clarification", "out_of_scope", "smalltalk", "error"]
    section_ids: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    fact_match: Literal["exact", "morphemes"] = "exact"
    """'exact': each fact appears in the answer after normalising case, spacing and CJK punctuation; 'morphemes':
    also when every content morpheme of the fact (Kiwi) appears in the answer."""
    tool: str | None = None
    tool_input: dict[str, Any] | None = None
    commands: tuple[str, ...] = ()
    form: dict[str, str] | None = None
    missing: tuple[str, ...] | None = None
    canaries: tuple[str, ...] = ()
    assertions: tuple[Assertion, ...] = ()


class AnswerCase(_Strict):
    id: str = Field(min_length=1)
    split: Literal["dev", "holdout"] = "dev"
    language: Literal["ko", "en"]
    category: Category
    mode: Literal["customer", "agent"] = "customer"
    tags: tuple[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")], ...] = ()
    turns: tuple[Annotated[str, Field(min_length=1)], ...] = Field(min_length=1)
    expect: Expect
