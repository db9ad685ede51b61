"""From the parameters a message states (plus what the session already knows) to one tool run.

A tool runs only when every value it needs was given; otherwise the missing names go back so the engine asks for
exactly those. Values are passed as written: the tools validate them and explain what is wrong.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from assistant import network_tools
from assistant.extraction import Address, MessageParameters
from assistant.responses import ToolCall
from tools.errors import ToolInputError
from tools.firewall import SERVICES

__all__ = ["REQUIRED", "TOOL_NAMES", "ToolRun", "merge_parameters", "run_tool"]

TOOL_NAMES = {
    "routes": "route_commands",
    "firewall": "firewall_policy_form",
    "subnet": "subnet_calculator",
    "summarize": "summarize_networks",
}
REQUIRED = {
    "routes": ("source", "destination"),
    "firewall": ("source", "destination", "ports"),
    "subnet": ("network",),
    "summarize": ("networks",),
}
_CIP_ZONES = (ipaddress.ip_network("10.20.0.0/16"), ipaddress.ip_network("10.21.0.0/16"))
_FIREWALL_NAME = re.compile(r"(public|private|inter)[\s-]*f/?w", re.IGNORECASE)
_CONTAINS = re.compile(r"포함|속하|속해|들어가|\bcontain|\bin\b|\bwithin\b|\binside\b", re.IGNORECASE)
_ADDING = re.compile(r"\balso\b|\btoo\b|\badd\b|\bplus\b|도\s|도$|추가|더\b", re.IGNORECASE)
_REPLACING = re.compile(r"말고|대신|instead of|rather than", re.IGNORECASE)
_OVERLAP = re.compile(r"겹|overlap|충돌|conflict", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ToolRun:
    """A tool's outcome: its call record, or the values still missing, or the tool's error in the user's language."""

    kind: str
    params: dict[str, Any]
    call: ToolCall | None = None
    missing: tuple[str, ...] = ()
    error: str | None = None


def _is_cip(text: str) -> bool:
    try:
        address = ipaddress.ip_interface(text.split()[0])
    except ValueError:
        return False
    return any(address.ip in zone for zone in _CIP_ZONES)


def _assign_endpoints(endpoints: tuple[Address, ...]) -> tuple[Address | None, Address | None]:
    """Source and destination: stated roles first, then a host before a network, then the order of mention."""
    source = next((a for a in endpoints if a.role == "source"), None)
    destination = next((a for a in endpoints if a.role == "destination"), None)
    rest = [a for a in endpoints if a.role is None]
    if source is None and destination is None and len(rest) == 2 and rest[0].has_prefix and not rest[1].has_prefix:
        rest.reverse()  # "to reach 10.21.7.0/24 from 10.20.7.5": the host is the server
    if source is None and rest:
        source = rest.pop(0)
    if destination is None and rest:
        destination = rest.pop(0)
    return source, destination


def _lone_endpoint_role(address: Address, known: dict[str, Any]) -> str:
    """Where one unlabelled address goes: the value still missing, else by its form (network or host)."""
    if known.get("source") and not known.get("destination"):
        return "destination"
    if known.get("destination") and not known.get("source"):
        return "source"
    try:
        network = ipaddress.ip_interface(address.text).network
        is_network = address.has_prefix and ipaddress.ip_interface(address.text).ip == network.network_address
    except ValueError:
        is_network = False
    return "destination" if is_network else "source"


def _with_lone_role(found: MessageParameters, known: dict[str, Any]) -> tuple[Address, ...]:
    endpoints = found.endpoints
    if len(endpoints) == 1 and endpoints[0].role is None:
        lone = endpoints[0]
        return (Address(lone.text, lone.start, lone.has_prefix, _lone_endpoint_role(lone, known), lone.port),)
    return endpoints


def _routes_params(text: str, found: MessageParameters, known: dict[str, Any]) -> dict[str, Any]:
    source, destination = _assign_endpoints(_with_lone_role(found, known))
    params: dict[str, Any] = {}
    if source:
        params["source"] = source.text
    if destination:
        params["destination"] = destination.text
    for name, value in (("os", found.os), ("interface", found.interface)):
        if value:
            params[name] = value
    for role in ("gateway", "peer"):
        if (address := found.with_role(role)) is not None:
            params[role] = address.text
    if found.zones and source is not None and not _is_cip(source.text):
        params["zone"] = found.zones[0]
    return params


def _firewall_params(text: str, found: MessageParameters, known: dict[str, Any]) -> dict[str, Any]:
    endpoints = found.endpoints
    if len(endpoints) == 1 and endpoints[0].role is None and not found.any_source:
        role = "source" if known.get("destination") and not known.get("source") else "destination"
        lone = endpoints[0]
        endpoints = (Address(lone.text, lone.start, lone.has_prefix, role, lone.port),)
    params: dict[str, Any] = {}
    if found.any_source:
        destination = next((a for a in endpoints if a.role != "source"), None)
        params["source"] = "any"
    else:
        source, destination = _assign_endpoints(endpoints)
        if source is not None:
            params["source"] = source.text
    if destination is not None:
        params["destination"] = destination.text
    ports = [*found.ports, *found.services]
    if ports:
        params["ports"] = ",".join(ports)
    if found.protocol:
        params["protocol"] = found.protocol
    if (named := _FIREWALL_NAME.search(text)) is not None:
        params["firewall"] = {"public": "Public F/W", "private": "Private F/W", "inter": "Inter-F/W"}[
            named.group(1).lower()
        ]
    if re.search(r"차단|\bblock|\bdeny", text, re.IGNORECASE):
        params["action"] = "deny"
    return params


def _subnet_params(text: str, found: MessageParameters, known: dict[str, Any]) -> dict[str, Any]:
    endpoints = found.endpoints
    params: dict[str, Any] = {}
    if endpoints:
        network = next((a for a in endpoints if a.has_prefix), endpoints[0])
        params["network"] = network.text
        others = [a for a in endpoints if a is not network]
        if others and _OVERLAP.search(text):
            params["overlaps"] = others[0].text
        elif others and _CONTAINS.search(text):
            params["contains"] = others[0].text
    if found.split_prefix is not None:
        params["split_prefix"] = found.split_prefix
    return params


def _summarize_params(text: str, found: MessageParameters, known: dict[str, Any]) -> dict[str, Any]:
    networks = [a.text for a in found.endpoints]
    return {"networks": networks} if networks else {}


_BUILDERS = {
    "routes": _routes_params,
    "firewall": _firewall_params,
    "subnet": _subnet_params,
    "summarize": _summarize_params,
}


def _firewall_ports(text: str, found: MessageParameters, known: dict[str, Any], stated: dict[str, Any]) -> dict:
    """Ports in a follow-up: bare numbers are ports; they add to the form ("also 443") unless one replaces
    another ("22 말고 3389", "3389 instead of 22")."""
    if "ports" not in stated and found.numbers and (known.get("ports") or known.get("destination")):
        stated["ports"] = ",".join(found.numbers)
    if "ports" not in stated or not known.get("ports"):
        return stated
    old, new = known["ports"].split(","), stated["ports"].split(",")
    replaced = _REPLACING.search(text)
    if replaced:
        dropped = (
            set(re.findall(r"\d+|[a-z]+", text[: replaced.start()].lower()))
            if "말고" in replaced.group()
            else set(re.findall(r"\d+|[a-z]+", text[replaced.end() :].lower()))
        )
        dropped |= {name for name, (_, port) in SERVICES.items() if str(port) in dropped}  # "22 말고" drops ssh
        kept = [p for p in old if p not in dropped]
        stated["ports"] = ",".join(dict.fromkeys([*kept, *(p for p in new if p not in dropped)]))
    elif _ADDING.search(text) or len(re.sub(r"[\d\s,]", "", text)) <= 4:
        stated["ports"] = ",".join(dict.fromkeys([*old, *new]))
    return stated


def merge_parameters(kind: str, text: str, found: MessageParameters, known: dict[str, Any]) -> dict[str, Any]:
    """What the session knew, overridden by what this message states ("also 443" adds a port instead)."""
    stated = _BUILDERS[kind](text, found, known)
    if kind == "firewall":
        stated = _firewall_ports(text, found, known, stated)
    if (
        kind == "subnet"
        and known.get("network")
        and len(found.endpoints) == 1
        and (_CONTAINS.search(text) or _OVERLAP.search(text))
    ):
        key = "overlaps" if _OVERLAP.search(text) else "contains"
        stated = {key: found.endpoints[0].text}  # "10.21.7.70 포함돼?" asks about the network already given
    if kind == "subnet" and "network" in stated and stated["network"] != known.get("network"):
        return stated  # a new network starts over: earlier membership or split questions were about the old one
    return {**known, **stated}


def run_tool(kind: str, params: dict[str, Any], language: str) -> ToolRun:
    """Run the tool if every required value is there; the tool's own error message if a value is wrong."""
    missing = tuple(name for name in REQUIRED[kind] if not params.get(name))
    if missing:
        return ToolRun(kind, params, missing=missing)
    arguments = dict(params)
    if kind != "summarize":
        arguments["language"] = language
    function = {
        "routes": network_tools.routes,
        "firewall": network_tools.firewall_form,
        "subnet": network_tools.subnet,
        "summarize": network_tools.summarize,
    }[kind]
    try:
        output = function(**arguments)
    except ToolInputError as exc:
        message = exc.message(language)
        return ToolRun(
            kind, params, call=ToolCall(tool=TOOL_NAMES[kind], input=params, output={"error": message}), error=message
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return ToolRun(
            kind, params, call=ToolCall(tool=TOOL_NAMES[kind], input=params, output={"error": problems}), error=problems
        )
    return ToolRun(kind, params, call=ToolCall(tool=TOOL_NAMES[kind], input=params, output=output))
