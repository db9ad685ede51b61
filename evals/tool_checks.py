"""The tool expectations of a case, each sub-check explained: was the tool called, did it fail, which input
differs, which command is missing or shown for the other direction (with the closest one shown), which form field
differs."""

from __future__ import annotations

import difflib
import ipaddress
import re
from typing import Any

from assistant.responses import ChatResponse
from evals.answer_cases import Expect
from tools.firewall import SERVICES

__all__ = ["check_tool", "find_form", "tool_inputs_match"]

_NETWORK_KEYS = ("source", "destination", "network", "contains", "overlaps", "gateway", "peer", "vm_ip", "public_ip")


def _network(value: str) -> str:
    try:  # "10.21.5.0 255.255.255.0" and "10.21.5.0/24" are the same network
        return str(ipaddress.ip_interface(re.sub(r"\s+", "/", value.strip())))
    except ValueError:
        return value.strip().casefold()


def _port_or_service(token: str) -> str:
    """A service name as its own port ("https" = "443"), so "https" and "443" compare equal."""
    token = token.strip().casefold()
    _, port = SERVICES.get(token, ("", None))
    return str(port) if port is not None else token


def _normalised(key: str, value: object) -> object:
    if key in _NETWORK_KEYS:
        return _network(str(value))
    if key in ("ports", "service"):
        return sorted({_port_or_service(p) for p in re.split(r"[,\s]+", str(value)) if p.strip()})
    if key == "networks":
        items = re.split(r"[,\s]+", value) if isinstance(value, str) else value  # a list, or comma-joined
        return sorted(_network(str(v)) for v in items if str(v).strip())  # type: ignore[union-attr]
    return str(value).casefold() if isinstance(value, str) else value


def tool_inputs_match(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    """Every expected parameter equals the given one once normalised (10.21.5.0/24 = 10.21.5.0 255.255.255.0)."""
    return not _input_problems("tool", expected, actual)


SYMMETRIC_PAIRS = (("network", "overlaps"),)
"""Inputs whose order does not matter: "do A and B overlap?" is the same question as "do B and A overlap?"."""


def _input_problems(tool: str, expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    for first, second in SYMMETRIC_PAIRS:
        if {first, second} <= expected.keys() and {first, second} <= actual.keys():
            pair = {_normalised(first, expected[first]), _normalised(first, expected[second])}
            if pair == {_normalised(first, actual[first]), _normalised(first, actual[second])}:
                actual = {**actual, first: expected[first], second: expected[second]}
    problems = []
    for key, value in expected.items():
        if key not in actual:
            problems.append(f"{tool} input {key}: expected {value!r}, not given")
        elif _normalised(key, value) != _normalised(key, actual[key]):
            problems.append(f"{tool} input {key}: expected {value!r}, got {actual[key]!r}")
    return problems


def _command_problems(expected: tuple[str, ...], response: ChatResponse) -> list[str]:
    """Each expected command must be in the part of the answer it leads with (for routes: the direction asked)."""
    groups = response.command_groups
    lead = groups[0].commands if groups else response.commands
    problems = []
    for command in expected:
        if command in lead:
            continue
        elsewhere = next((g for g in groups[1:] if command in g.commands), None)
        if elsewhere is not None:
            problems.append(
                f"command `{command}` is in the part about {elsewhere.label or 'another part'}, not in the part the "
                f"answer leads with ({groups[0].label or 'first part'})"
            )
            continue
        closest = difflib.get_close_matches(command, response.commands, n=1, cutoff=0.5)
        hint = f" (closest shown: `{closest[0]}`)" if closest else " (no similar command shown)"
        problems.append(f"command missing: `{command}`{hint}")
    return problems


def find_form(output: object) -> dict[str, str]:
    """The form in a tool's output, wherever it is nested (the exposure plan carries the firewall request's)."""
    if isinstance(output, dict):
        if isinstance(output.get("form"), dict):
            return output["form"]
        return next((form for value in output.values() if (form := find_form(value))), {})
    return {}


def check_tool(expect: Expect, response: ChatResponse) -> list[str]:
    """What is wrong with the tool part of the last answer (empty: right)."""
    calls = [c for c in response.tool_calls if c.tool == expect.tool]
    if not calls:
        called = [c.tool for c in response.tool_calls]
        return [f"tool {expect.tool} not called (called: {called or 'none'})"]
    call = calls[-1]
    if "error" in call.output:
        return [f"tool {expect.tool} returned an error: {call.output['error']}"]
    problems = _input_problems(expect.tool or "tool", expect.tool_input or {}, call.input)
    problems += _command_problems(expect.commands, response)
    form = find_form(call.output)
    for field_name, value in (expect.form or {}).items():
        if form.get(field_name) != value:
            got = repr(form[field_name]) if field_name in form else "no such field"
            problems.append(f"form field {field_name}: expected {value!r}, got {got}")
    return problems
