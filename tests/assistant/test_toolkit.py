"""The tool registry: each tool is defined once and every front-end (chat, CLI, HTTP, LangChain) is driven from
it; every fixed sentence exists in both languages with the same placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from api.routes_tools import router
from assistant import wording
from assistant.toolkit import REGISTRY, run_tool, tool_by_kind, tool_by_name
from assistant.toolkit.langchain_tools import langchain_tools
from assistant.wording import Phrase
from cli.tool_commands import tool_app

REPO = Path(__file__).resolve().parents[2]
FRONT_AND_ENGINE = ("assistant", "api", "evals", "cli")


def test_names_are_unique_and_found_by_kind_and_name():
    for attribute in ("kind", "name", "command"):
        values = [getattr(tool, attribute) for tool in REGISTRY]
        assert len(values) == len(set(values)), attribute
    for tool in REGISTRY:
        assert tool_by_kind(tool.kind) is tool and tool_by_name(tool.name) is tool


@pytest.mark.parametrize("tool", REGISTRY, ids=lambda t: t.kind)
def test_a_clarification_can_ask_for_every_required_value(tool):
    assert tool.required() and set(tool.required()) <= set(tool.asks)


def test_every_front_end_offers_every_registered_tool_with_the_same_schema():
    routes = {route.path: route for route in router.routes}
    commands = {command.name for command in tool_app.registered_commands}
    agents = {agent.name: agent for agent in langchain_tools()}
    for tool in REGISTRY:
        assert f"/v1/tools/{tool.command}" in routes
        assert routes[f"/v1/tools/{tool.command}"].body_field.field_info.annotation is tool.input_model
        assert tool.command in commands
        assert agents[tool.name].args_schema is tool.input_model


def test_tool_names_are_written_only_in_their_tool_module():
    """No front-end keeps a table of tools: the names and short kinds appear in the toolkit alone (the page's
    scripts included)."""
    names = {f'"{tool.name}"' for tool in REGISTRY} | {f'"{tool.kind}"' for tool in REGISTRY}
    for package in FRONT_AND_ENGINE:
        for path in [*(REPO / package).rglob("*.py"), *(REPO / package).rglob("*.js")]:
            if "toolkit" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            assert not [n for n in names if n in text], f"{path.relative_to(REPO)} names a tool"


def test_a_run_reports_missing_values_or_the_tools_own_error():
    routes = tool_by_kind("routes")
    assert run_tool(routes, {"source": "10.20.5.2"}, "ko").missing == ("destination",)
    failed = run_tool(routes, {"source": "10.20.5.2", "destination": "10.20.6.0/24"}, "ko")
    assert failed.error is not None and "Public Zone" in failed.error and failed.call.output == {"error": failed.error}
    done = run_tool(routes, {"source": "10.20.5.2", "destination": "10.21.5.0/24"}, "en")
    assert done.result.forward.route_add == "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1"
    assert done.call.input == {"source": "10.20.5.2", "destination": "10.21.5.0/24"}


def _phrases() -> list[tuple[str, Phrase]]:
    found = [(f"wording.{name}", value) for name, value in vars(wording).items() if isinstance(value, Phrase)]
    modules = sorted((REPO / "assistant" / "toolkit").glob("*.py"))
    for path in modules:
        module = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(module):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Phrase" and len(node.args) == 2:
                korean, english = (ast.literal_eval(arg) for arg in node.args)
                found.append((f"{path.name}:{node.lineno}", Phrase(korean, english)))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# Details one language adds: the English guide answer names the section's English heading too, and the Korean
# range line quotes the guide's Korean words.
ONE_LANGUAGE_DETAILS = {"heading", "guide_text"}


@pytest.mark.parametrize(("where", "phrase"), _phrases(), ids=[w for w, _ in _phrases()])
def test_every_sentence_has_both_languages_with_the_same_placeholders(where, phrase):
    assert phrase.ko.strip() and phrase.en.strip()
    assert _placeholders(phrase.ko) ^ _placeholders(phrase.en) <= ONE_LANGUAGE_DETAILS, where
