"""The address ranges the Enterprise Cloud guide names, with the guide section that says so.

Order matters where ranges coincide: 10.21.0.0/16 is both the Private Zone CIP range and where Inter-LB service
IPs come from, and 10.220.0.0/16 is both the private IP pool and where Private-LB service IPs come from.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

__all__ = ["CLOUD_RANGES", "CloudRange", "cloud_ranges_of", "networks_named"]

Firewall = Literal["Public F/W", "Private F/W", "Inter-F/W"]


@dataclass(frozen=True, slots=True)
class CloudRange:
    network: ipaddress.IPv4Network
    name: str
    name_ko: str
    zone: Literal["public", "private"]
    reachable_from_internet: bool
    firewall: Firewall | None
    """The firewall that guards this range, where the guide says which."""
    section_id: str
    guide_text: str
    """The guide's own words for this range (Korean, verbatim)."""


def _range(cidr: str, *args) -> CloudRange:
    return CloudRange(ipaddress.IPv4Network(cidr), *args)


CLOUD_RANGES: tuple[CloudRange, ...] = (
    _range(
        "10.20.0.0/16",
        "Public Zone CIP",
        "Public Zone CIP",
        "public",
        False,
        None,
        "cip-interface",
        "Public Zone의 CIP는 10.20.0.0/16 내에서",
    ),
    _range(
        "10.21.0.0/16",
        "Private Zone CIP",
        "Private Zone CIP",
        "private",
        False,
        "Private F/W",
        "cip-interface",
        "Private Zone의 CIP는 10.21.0.0/16 내에서 할당됨",
    ),
    _range(
        "10.21.0.0/16",
        "Inter-LB service IP",
        "Inter-LB 서비스 IP",
        "private",
        False,
        "Private F/W",
        "load-balancer",
        "Inter-LB 신규생성 시 할당되는 서비스 IP(10.21.X.X)는 Private F/W에서 차단하고 있습니다.",
    ),
    _range(
        "10.220.0.0/16",
        "Private IP pool",
        "Private IP 대역",
        "private",
        False,
        "Private F/W",
        "product-request",
        "Private IP 는 10.220.0.0/16가 할당됩니다.",
    ),
    _range(
        "10.220.0.0/16",
        "Private-LB service IP",
        "Private-LB 서비스 IP",
        "private",
        False,
        "Private F/W",
        "load-balancer",
        "Private-LB 신규생성 시 할당되는 서비스 IP(10.220.X.X)는 Private F/W에서 차단하고 있습니다.",
    ),
    *(  # the guide gives two public pools for Cheonan in one sentence
        _range(
            cidr,
            "Public IP pool (Cheonan)",
            "Public IP 대역 (천안)",
            "public",
            True,
            "Public F/W",
            "product-request",
            "Public IP는 천안의 경우 14.63.0.0/16 또는 211.253.0.0/16 IP 가 할당되고",
        )
        for cidr in ("14.63.0.0/16", "211.253.0.0/16")
    ),
    _range(
        "14.49.0.0/16",
        "Public-LB service IP",
        "Public-LB 서비스 IP",
        "public",
        True,
        "Public F/W",
        "load-balancer",
        "Public-LB 신규생성 시 할당되는 서비스 IP(14.49.X.X)는 Public F/W에서 차단하고 있습니다.",
    ),
)


def cloud_ranges_of(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> tuple[CloudRange, ...]:
    """The guide's ranges that contain `network` entirely (none for IPv6 or for other addresses)."""
    if network.version != 4:
        return ()
    return tuple(r for r in CLOUD_RANGES if network.subnet_of(r.network))


def networks_named(name: str) -> tuple[ipaddress.IPv4Network, ...]:
    """The networks of the guide's ranges whose English name starts with `name` ("Public IP pool", ...)."""
    return tuple(dict.fromkeys(r.network for r in CLOUD_RANGES if r.name.startswith(name)))
