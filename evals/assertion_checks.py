"""Generic assertions of a case on its last response: contains, not_contains and regex on the answer text, and
JSONPath on the whole response (as the API returns it)."""

from __future__ import annotations

import re
from typing import Any

from jsonpath_ng.ext import parse as parse_json_path

from assistant.responses import ChatResponse
from evals.answer_cases import (
    Assertion,
    ContainsAssertion,
    JsonPathAssertion,
    NotContainsAssertion,
    RegexAssertion,
)

__all__ = ["check_assertion"]


def _json_path(assertion: JsonPathAssertion, response: dict[str, Any]) -> str | None:
    matches = [m.value for m in parse_json_path(assertion.path).find(response)]
    if not matches:
        return f"json_path {assertion.path}: no match"
    value = matches[0]
    if assertion.equals is not None and value != assertion.equals:
        return f"json_path {assertion.path}: expected {assertion.equals!r}, got {value!r}"
    if assertion.contains is not None:
        inside = assertion.contains in value if isinstance(value, str | list | dict) else False
        if not inside:
            return f"json_path {assertion.path}: {value!r} does not contain {assertion.contains!r}"
    return None


def check_assertion(assertion: Assertion, response: ChatResponse) -> str | None:
    """None when the assertion holds, else what is wrong."""
    answer = response.answer
    if isinstance(assertion, ContainsAssertion):
        found = assertion.value.casefold() in answer.casefold()
        return None if found else f"contains: {assertion.value!r} not in the answer"
    if isinstance(assertion, NotContainsAssertion):
        found = assertion.value.casefold() in answer.casefold()
        return f"not_contains: {assertion.value!r} is in the answer" if found else None
    if isinstance(assertion, RegexAssertion):
        return None if re.search(assertion.pattern, answer) else f"regex: /{assertion.pattern}/ not found in the answer"
    return _json_path(assertion, response.model_dump(mode="json"))
