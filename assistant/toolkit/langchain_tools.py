"""The registry's tools as LangChain `StructuredTool`s, for any LangChain agent: the same input models and JSON.

A tool input error comes back to an agent as the tool's message (`handle_tool_error`), never as a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from langchain_core.tools import StructuredTool, ToolException

from assistant.toolkit import REGISTRY, ChatTool
from tools.errors import ToolInputError

__all__ = ["langchain_tools"]


def _runner(tool: ChatTool) -> Callable[..., dict[str, Any]]:
    def run(**arguments: Any) -> dict[str, Any]:
        params = tool.input_model(**arguments)
        try:
            return tool.to_json(tool.run(params), params)
        except ToolInputError as exc:
            raise ToolException(exc.message(arguments.get("language", "en"))) from None

    run.__name__ = tool.name
    return run


def langchain_tools(tools: Iterable[ChatTool] = REGISTRY) -> list[StructuredTool]:
    """One `StructuredTool` per registered tool, named and described as the tool says."""
    return [
        StructuredTool.from_function(
            func=_runner(tool),
            name=tool.name,
            description=tool.description,
            args_schema=tool.input_model,
            handle_tool_error=True,
        )
        for tool in tools
    ]
