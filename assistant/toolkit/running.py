"""One run of a chat tool from the values a conversation gathered: the typed result, the values still missing, or
the tool's own error message in the user's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.responses import ToolCall
from assistant.toolkit.base import ChatTool
from tools.errors import ToolInputError

__all__ = ["ToolRun", "run_tool", "validation_problems"]


@dataclass(frozen=True, slots=True)
class ToolRun:
    """A tool's outcome: the result with its call record, or the values still missing, or the error."""

    tool: ChatTool
    params: dict[str, Any]
    missing: tuple[str, ...] = ()
    inputs: BaseModel | None = None
    result: Any = None
    call: ToolCall | None = None
    error: str | None = None


def validation_problems(error: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """Pydantic's findings in one line, each led by the field; with front-end `names` (e.g. CLI options) the field
    is called by that name and the value given is quoted."""
    problems = []
    for item in error.errors():
        field = ".".join(str(p) for p in item["loc"])
        if names is None:
            problems.append(f"{field}: {item['msg']}")
        else:
            given = item.get("input")
            quoted = f" '{given}'" if isinstance(given, str | int | float) else ""
            problems.append(f"{names.get(field, field)}{quoted}: {item['msg']}")
    return "; ".join(problems)


def run_tool(tool: ChatTool, params: Mapping[str, Any], language: str) -> ToolRun:
    """Run the tool if every required value is there, with answers in `language`."""
    params = dict(params)
    missing = tuple(name for name in tool.required() if not params.get(name))
    if missing:
        try:
            tool.check_given(params)
        except ToolInputError as exc:  # a bad value is reported at once, with what is still missing
            message = exc.message(language)
            call = ToolCall(tool=tool.name, input=params, output={"error": message})
            return ToolRun(tool, params, missing=missing, call=call, error=message)
        return ToolRun(tool, params, missing=missing)
    arguments = {**params, "language": language} if tool.takes_language() else params
    try:
        inputs = tool.input_model(**arguments)
        result = tool.run(inputs)
    except ToolInputError as exc:
        message = exc.message(language)
    except ValidationError as exc:
        message = validation_problems(exc)
    else:
        call = ToolCall(tool=tool.name, input=params, output=tool.to_json(result, inputs))
        return ToolRun(tool, params, inputs=inputs, result=result, call=call)
    return ToolRun(tool, params, call=ToolCall(tool=tool.name, input=params, output={"error": message}), error=message)
