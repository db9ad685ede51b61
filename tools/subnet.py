"""Subnet calculator: parse a network once into a value, compute every field from `ipaddress`.

Accepted input: `10.21.7.0/26`, `10.21.7.5/26` (host bits set: the network is computed and that is said),
`10.21.7.0 255.255.255.192` or `10.21.7.0/255.255.255.192` (netmask), a bare address (a /32 or /128), IPv6, and a
bare prefix `/27` (the size alone: netmask, wildcard and host counts of any /27; IPv4 up to /32, IPv6 beyond).

Pinned conventions:
- usable hosts: IPv4 /31 has 2 (RFC 3021, point-to-point), /32 has 1; otherwise the network and broadcast
  addresses are excluded. IPv6 /127 has 2 (RFC 6164), /128 has 1; otherwise the Subnet-Router anycast
  address (the first) is excluded, as `ipaddress.IPv6Network.hosts()` does. /0 follows the same rules.
- gateway: the guide's convention, the first address after the network (`.1`), stated as an assumption; none
  for networks too small to have one (/31, /32, /127, /128).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal

from tools.cloud_ranges import CloudRange, cloud_ranges_of
from tools.errors import AddressError, SplitError

__all__ = [
    "MAX_SPLIT_PIECES",
    "Membership",
    "Overlap",
    "ParsedNetwork",
    "SubnetInfo",
    "SubnetReport",
    "contains",
    "describe_subnet",
    "overlap",
    "parse_address",
    "parse_network",
    "report_subnet",
    "split",
    "with_addresses",
]

MAX_SPLIT_PIECES = 256
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressScope = Literal["private", "public", "shared", "loopback", "link-local", "multicast", "reserved", "unspecified"]


@dataclass(frozen=True, slots=True)
class ParsedNetwork:
    """A network as the user wrote it: the network, and the address they typed when host bits were set."""

    network: Network
    given: str
    given_address: Address | None = None
    prefix_only: bool = False
    """A bare prefix ("/27"): `network` is the all-zero network of that size, standing in for any such network."""

    @property
    def host_bits_set(self) -> bool:
        return self.given_address is not None and self.given_address != self.network.network_address


def _clean(text: object) -> str:
    if not isinstance(text, str):
        raise AddressError(f"{text!r} is not text", f"{text!r}은(는) 문자열이 아닙니다")
    return " ".join(text.strip().split())


def parse_address(text: str) -> Address:
    """One IPv4 or IPv6 address."""
    cleaned = _clean(text)
    try:
        return ipaddress.ip_address(cleaned)
    except ValueError:
        raise AddressError(
            f"'{cleaned}' does not appear to be an IPv4 or IPv6 address",
            f"'{cleaned}'은(는) 올바른 IPv4/IPv6 주소가 아닙니다",
        ) from None


def parse_network(text: str) -> ParsedNetwork:
    """A network from CIDR, address + netmask, or a bare address; host bits are allowed and reported."""
    cleaned = _clean(text)
    spec = re.sub(r"\s+", "/", cleaned) if re.fullmatch(r"\S+\s+\S+", cleaned) else cleaned
    if not spec or spec.count("/") > 1:
        raise AddressError(
            f"'{cleaned}' does not appear to be an IPv4 or IPv6 network",
            f"'{cleaned}'은(는) 올바른 IPv4/IPv6 네트워크가 아닙니다",
        )
    if bare := re.fullmatch(r"/\s*(\d{1,3})", cleaned):
        size = int(bare.group(1))
        if size > 128:
            raise AddressError(
                f"'/{size}' is not a prefix length (0–128)", f"'/{size}'은(는) 프리픽스 길이(0~128)가 아닙니다"
            )
        zero = "0.0.0.0" if size <= 32 else "::"
        return ParsedNetwork(ipaddress.ip_network(f"{zero}/{size}"), f"/{size}", prefix_only=True)
    address_text, _, prefix_text = spec.partition("/")
    try:
        address = parse_address(address_text) if address_text else None
    except AddressError:
        address = None
    if address is None:
        raise AddressError(
            f"'{cleaned}' does not appear to be an IPv4 or IPv6 network",
            f"'{cleaned}'은(는) 올바른 IPv4/IPv6 네트워크가 아닙니다",
        )
    try:
        network = ipaddress.ip_network(f"{address}/{prefix_text}" if prefix_text else str(address), strict=False)
    except ValueError:
        raise AddressError(
            f"'{cleaned}' has an invalid prefix or netmask '{prefix_text}'",
            f"'{cleaned}'의 프리픽스 또는 넷마스크 '{prefix_text}'이(가) 올바르지 않습니다",
        ) from None
    return ParsedNetwork(network, cleaned, address)


def _scope(network: Network) -> AddressScope:
    address = network.network_address
    if network.version == 4 and network.subnet_of(ipaddress.IPv4Network("100.64.0.0/10")):
        return "shared"
    for scope, flag in (
        ("unspecified", address.is_unspecified and network.prefixlen == network.max_prefixlen),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", network.is_private),
        ("reserved", address.is_reserved),
        ("public", network.is_global),
    ):
        if flag:
            return scope  # type: ignore[return-value]
    return "reserved"


@dataclass(frozen=True, slots=True)
class SubnetInfo:
    """Every figure about one network; addresses are `ipaddress` objects, counts are ints."""

    network: Network
    given: str
    given_address: Address | None
    host_bits_set: bool
    version: int
    prefix: int
    netmask: Address
    wildcard: Address
    broadcast: Address | None
    """IPv4 only: IPv6 has no broadcast address."""
    first_host: Address | None
    last_host: Address | None
    usable_hosts: int
    total_addresses: int
    gateway: Address | None
    """The guide's convention (`.1` of the server's network); an assumption, not read from the cloud."""
    scope: AddressScope
    cloud_ranges: tuple[CloudRange, ...]
    prefix_only: bool = False
    """Figures of a size ("/27") rather than of a network: no addresses, only the mask and the counts."""

    @property
    def gateway_assumption(self) -> str:
        return "the gateway is the first address of the network (the guide's .1 convention)"


def _host_range(network: Network) -> tuple[Address | None, Address | None, int]:
    total, prefix, bits = network.num_addresses, network.prefixlen, network.max_prefixlen
    first, last = network.network_address, network.broadcast_address
    if prefix == bits:  # a single address: that address is the host
        return first, first, 1
    if prefix == bits - 1:  # RFC 3021 (IPv4 /31) and RFC 6164 (IPv6 /127): both addresses are hosts
        return first, last, 2
    if network.version == 4:
        return first + 1, last - 1, total - 2
    return first + 1, last, total - 1  # IPv6: only the Subnet-Router anycast address is excluded


def describe_subnet(text: str) -> SubnetInfo:
    """All subnet figures for `text`, plus which Enterprise Cloud range it is in (with the guide section)."""
    parsed = parse_network(text)
    network = parsed.network
    first, last, usable = _host_range(network)
    gateway = network.network_address + 1 if network.prefixlen <= network.max_prefixlen - 2 else None
    if parsed.prefix_only:
        first = last = gateway = None
    return SubnetInfo(
        network=network,
        given=parsed.given,
        given_address=parsed.given_address,
        host_bits_set=parsed.host_bits_set,
        version=network.version,
        prefix=network.prefixlen,
        netmask=network.netmask,
        wildcard=network.hostmask,
        broadcast=network.broadcast_address if network.version == 4 and not parsed.prefix_only else None,
        first_host=first,
        last_host=last,
        usable_hosts=usable,
        total_addresses=network.num_addresses,
        gateway=gateway,
        scope="unspecified" if parsed.prefix_only else _scope(network),
        cloud_ranges=() if parsed.prefix_only else cloud_ranges_of(network),
        prefix_only=parsed.prefix_only,
    )


def with_addresses(text: str) -> ParsedNetwork:
    """`parse_network`, refusing a bare prefix: membership, overlap, splitting and summaries need addresses."""
    parsed = parse_network(text)
    if parsed.prefix_only:
        raise AddressError(
            f"'{parsed.given}' is only a size: give a network such as 10.21.7.0{parsed.given}",
            f"'{parsed.given}'은(는) 크기만 나타냅니다: 10.21.7.0{parsed.given}처럼 네트워크를 주세요",
        )
    return parsed


def contains(address: str, network: str) -> bool:
    """Whether `address` is inside `network` (False across IP versions, as in `ipaddress`)."""
    return parse_address(address) in with_addresses(network).network


def overlap(a: str, b: str) -> bool:
    """Whether two networks share any address (False across IP versions)."""
    first, second = with_addresses(a).network, with_addresses(b).network
    return first.version == second.version and first.overlaps(second)


def split(network: str, new_prefix: int) -> list[Network]:
    """`network` cut into subnets of `new_prefix`; at most MAX_SPLIT_PIECES pieces."""
    parsed = with_addresses(network).network
    if not isinstance(new_prefix, int) or not parsed.prefixlen <= new_prefix <= parsed.max_prefixlen:
        raise SplitError(
            f"cannot split '{network}' into /{new_prefix}: the new prefix must be between "
            f"{parsed.prefixlen} and {parsed.max_prefixlen}",
            f"'{network}'을(를) /{new_prefix}(으)로 나눌 수 없습니다: 새 프리픽스는 "
            f"{parsed.prefixlen}~{parsed.max_prefixlen} 사이여야 합니다",
        )
    pieces = 2 ** (new_prefix - parsed.prefixlen)
    if pieces > MAX_SPLIT_PIECES:
        raise SplitError(
            f"splitting '{network}' into /{new_prefix} makes {pieces:,} pieces; the limit is {MAX_SPLIT_PIECES}",
            f"'{network}'을(를) /{new_prefix}(으)로 나누면 {pieces:,}개가 되어 최대 {MAX_SPLIT_PIECES}개를 넘습니다",
        )
    return list(parsed.subnets(new_prefix=new_prefix))


@dataclass(frozen=True, slots=True)
class Membership:
    """Whether an address (as the user gave it) is inside the network."""

    address: str
    inside: bool


@dataclass(frozen=True, slots=True)
class Overlap:
    """Whether another network (as the user gave it) shares addresses with the network."""

    network: str
    overlapping: bool


@dataclass(frozen=True, slots=True)
class SubnetReport:
    """The subnet calculator's answer: the figures, and membership, overlap or the split when asked."""

    info: SubnetInfo
    contains: Membership | None = None
    overlaps: Overlap | None = None
    split: tuple[Network, ...] | None = None


def report_subnet(
    network: str, contains_address: str | None = None, overlaps: str | None = None, split_prefix: int | None = None
) -> SubnetReport:
    """`describe_subnet`, plus the membership, overlap and split questions asked about the same network."""
    info = describe_subnet(network)
    membership = None if contains_address is None else Membership(contains_address, contains(contains_address, network))
    overlapping = None if overlaps is None else Overlap(overlaps, overlap(network, overlaps))
    pieces = None if split_prefix is None else tuple(split(network, split_prefix))
    return SubnetReport(info, membership, overlapping, pieces)
