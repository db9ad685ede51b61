"""Which address in a message is the source and which the destination, for the tools that take both."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from assistant.extraction import Address, MessageParameters
from tools.routes import ZONES

__all__ = ["assign_endpoints", "is_cip", "with_lone_role", "zone_of"]


def is_cip(text: str) -> bool:
    """Whether an address (or network) lies in a zone's CIP range, so the zone can be read from it."""
    return zone_of(text) is not None


def zone_of(text: str) -> str | None:
    """The zone whose CIP range holds an address or network, if any."""
    try:
        address = ipaddress.ip_interface(text.split()[0])
    except ValueError:
        return None
    return next((name for name, zone in ZONES.items() if address.ip in zone), None)


def assign_endpoints(endpoints: tuple[Address, ...]) -> tuple[Address | None, Address | None]:
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


def _lone_endpoint_role(address: Address, known: Mapping[str, Any]) -> str:
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


def with_lone_role(found: MessageParameters, known: Mapping[str, Any]) -> tuple[Address, ...]:
    """The message's endpoints, a single unlabelled one given the role the conversation still needs."""
    endpoints = found.endpoints
    if len(endpoints) == 1 and endpoints[0].role is None:
        lone = endpoints[0]
        return (Address(lone.text, lone.start, lone.has_prefix, _lone_endpoint_role(lone, known), lone.port),)
    return endpoints
