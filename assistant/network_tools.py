"""The deterministic network tools, defined once as typed functions with pydantic argument schemas, and exposed
as LangChain `StructuredTool`s (for the chat engine or any agent) and as CLI commands.

A tool input error comes back to an agent as the tool's message (`handle_tool_error`), never as a guess.
"""

from __future__ import annotations

from typing import Literal

from langchain_core.tools import StructuredTool, ToolException
from pydantic import BaseModel, Field

from assistant.tool_output import firewall_to_dict, route_plan_to_dict, subnet_to_dict
from tools import subnet as subnet_ops
from tools.errors import ToolInputError
from tools.firewall import FirewallRequest, fill_firewall_form
from tools.routes import plan_routes
from tools.subnet import describe_subnet

__all__ = [
    "FirewallFormInput",
    "RoutesInput",
    "SubnetInput",
    "firewall_form",
    "firewall_request",
    "langchain_tools",
    "routes",
    "subnet",
    "summarize",
]

Language = Literal["ko", "en"]


class SubnetInput(BaseModel):
    network: str = Field(
        description="A network or address: '10.21.7.0/26', '10.21.7.5/26', '10.21.7.0 255.255.255.192', '14.63.2.9', "
        "or IPv6."
    )
    contains: str | None = Field(None, description="An address to test for membership in the network.")
    overlaps: str | None = Field(None, description="Another network to test for overlap.")
    split_prefix: int | None = Field(None, ge=0, le=128, description="Cut the network into subnets of this prefix.")
    language: Language = Field("en", description="Language of names and notes: 'ko' or 'en'.")


class SummarizeInput(BaseModel):
    networks: list[str] = Field(min_length=1, description="Networks to merge into the fewest covering networks.")


class RoutesInput(BaseModel):
    source: str = Field(description="The server's CIP, optionally with its prefix, e.g. '10.20.5.2' or '10.20.5.2/24'.")
    destination: str = Field(description="The other zone's CIP network, e.g. '10.21.5.0/24'.")
    interface: str = Field("eth1", description="The CIP interface on the server (Linux name).")
    os: Literal["linux", "rhel", "centos", "ubuntu", "windows"] = Field("linux", description="The server's OS.")
    zone: Literal["public", "private"] | None = Field(
        None, description="The server's zone when it cannot be read from the address (10.20 = public, 10.21 = private)."
    )
    peer: str | None = Field(None, description="A server address on the other side, for the ping check.")
    gateway: str | None = Field(None, description="The server side's gateway, when not the guide's .1 convention.")
    language: Language = Field("en", description="Language of warnings and assumptions.")


class FirewallFormInput(BaseModel):
    source: str = Field(description="Client IP or network allowed to connect, or 'any'.")
    destination: str = Field(description="The IP to reach: public IP port-forwarded to the VM, or an LB service IP.")
    ports: str = Field(description="Ports, ranges or service names: '22', '80,443', '8000-8080', 'ssh', 'rdp'.")
    protocol: Literal["tcp", "udp", "icmp"] | None = Field(None, description="Protocol; default from the service/tcp.")
    firewall: Literal["Public F/W", "Private F/W", "Inter-F/W"] | None = Field(
        None, description="Firewall; inferred from the destination as the guide says when omitted."
    )
    action: Literal["allow", "deny"] = "allow"
    direction: Literal["inbound", "outbound"] = "inbound"
    reason: str = Field("", max_length=500, description="Why the policy is needed.")
    period: str = Field("", max_length=200, description="How long it applies, e.g. '2026-12-01 ~ 2027-11-30'.")
    requester: str = Field("", max_length=200, description="Company, name and contact of the requester.")
    language: Language = Field("ko", description="Language of the form, the e-mail draft and the warnings.")


def subnet(
    network: str,
    contains: str | None = None,
    overlaps: str | None = None,
    split_prefix: int | None = None,
    language: Language = "en",
) -> dict:
    """Subnet figures for a network or address and its Enterprise Cloud range; optionally membership of an address,
    overlap with another network, or the network cut into subnets."""
    result = subnet_to_dict(describe_subnet(network), language)
    if contains is not None:
        result["contains"] = {"address": contains, "result": subnet_ops.contains(contains, network)}
    if overlaps is not None:
        result["overlaps"] = {"network": overlaps, "result": subnet_ops.overlap(network, overlaps)}
    if split_prefix is not None:
        result["split"] = [str(n) for n in subnet_ops.split(network, split_prefix)]
    return result


def summarize(networks: list[str]) -> dict:
    """The fewest networks that cover exactly the given ones."""
    return {"networks": networks, "summary": [str(n) for n in subnet_ops.summarize(networks)]}


def routes(
    source: str,
    destination: str,
    interface: str = "eth1",
    os: str = "linux",
    zone: Literal["public", "private"] | None = None,
    peer: str | None = None,
    gateway: str | None = None,
    language: Language = "en",
) -> dict:
    """Route commands between the Public and Private Zone, both directions, every form."""
    plan = plan_routes(source, destination, interface=interface, os=os, zone=zone, peer=peer, gateway=gateway)
    return route_plan_to_dict(plan, language)


def firewall_request(params: FirewallFormInput) -> FirewallRequest:
    """The checked request for validated form parameters."""
    return fill_firewall_form(**params.model_dump(exclude={"language"}))


def firewall_form(**arguments) -> dict:
    """A filled firewall policy request form, with the e-mail draft to the security managed service."""
    params = FirewallFormInput(**arguments)
    return firewall_to_dict(firewall_request(params), params.language)


def _for_agents(function):
    """The function, with tool input errors turned into messages an agent can read (in the asked language)."""

    def run(**kwargs):
        try:
            return function(**kwargs)
        except ToolInputError as exc:
            raise ToolException(exc.message(kwargs.get("language", "en"))) from None

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    return run


def langchain_tools() -> list[StructuredTool]:
    """The network tools for LangChain agents and the chat engine."""
    specs = [
        (subnet, "subnet_calculator", SubnetInput),
        (routes, "route_commands", RoutesInput),
        (firewall_form, "firewall_policy_form", FirewallFormInput),
        (summarize, "summarize_networks", SummarizeInput),
    ]
    return [
        StructuredTool.from_function(
            func=_for_agents(function),
            name=name,
            description=function.__doc__,
            args_schema=schema,
            handle_tool_error=True,
        )
        for function, name, schema in specs
    ]
