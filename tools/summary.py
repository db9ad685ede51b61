"""Network summarization: the fewest networks that cover exactly the given ones (`ipaddress.collapse_addresses`)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from tools.errors import AddressError
from tools.subnet import Network, with_addresses

__all__ = ["Summary", "summarize", "summarize_networks"]


def summarize(networks: Iterable[str]) -> list[Network]:
    """The fewest networks covering exactly the given ones (`ipaddress.collapse_addresses`)."""
    parsed = [with_addresses(n).network for n in networks]
    if not parsed:
        raise AddressError("no networks to summarize", "요약할 네트워크가 없습니다")
    if len({n.version for n in parsed}) > 1:
        listed = ", ".join(str(n) for n in parsed)
        raise AddressError(
            f"cannot summarize IPv4 and IPv6 together: {listed}",
            f"IPv4와 IPv6는 함께 요약할 수 없습니다: {listed}",
        )
    return list(ipaddress.collapse_addresses(parsed))


@dataclass(frozen=True, slots=True)
class Summary:
    """Networks as the user gave them, and the fewest networks covering exactly them."""

    networks: tuple[str, ...]
    summary: tuple[Network, ...]


def summarize_networks(networks: Iterable[str]) -> Summary:
    given = tuple(networks)
    return Summary(given, tuple(summarize(given)))
