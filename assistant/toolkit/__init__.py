"""The chat tools, one module each, and the registry every front-end is driven from.

Adding a tool: write its module (input model, run, JSON and text forms, how the chat reads, asks for and shows
it) and its deterministic core in `tools/`, then add one line to `REGISTRY`. Its place in the registry is its
priority when a message could ask for more than one tool.
"""

from __future__ import annotations

from assistant.toolkit.base import ChatTool, CliShape, Export, FollowUps
from assistant.toolkit.exposure import ServiceExposure
from assistant.toolkit.firewall import FirewallForm
from assistant.toolkit.routes import RouteCommands
from assistant.toolkit.running import ToolRun, run_tool, validation_problems
from assistant.toolkit.subnet import SubnetCalculator
from assistant.toolkit.summarize import SummarizeNetworks

__all__ = [
    "REGISTRY",
    "ChatTool",
    "CliShape",
    "Export",
    "FollowUps",
    "ToolRun",
    "run_tool",
    "tool_by_kind",
    "tool_by_name",
    "validation_problems",
]

REGISTRY: tuple[ChatTool, ...] = (
    SummarizeNetworks(),  # "merge these into fewer routes" names routes too, but asks for the merge
    RouteCommands(),
    ServiceExposure(),
    FirewallForm(),
    SubnetCalculator(),
)


def tool_by_kind(kind: str) -> ChatTool | None:
    """The tool a session remembers by its short name ('routes', 'firewall', ...)."""
    return next((tool for tool in REGISTRY if tool.kind == kind), None)


def tool_by_name(name: str) -> ChatTool | None:
    """The tool by its public name ('route_commands', ...)."""
    return next((tool for tool in REGISTRY if tool.name == name), None)
