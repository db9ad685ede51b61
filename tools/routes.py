"""Route-command generator for Public Zone ↔ Private Zone CIP routing, as the guide describes it.

The guide (section `zone-routing`): after CIP Inter-AZ is done, each side registers the other zone's CIP
network in its routing table, through its own network's gateway:

    [root@Public~]# route add -net 10.21.X.0 netmask 255.255.255.0 gw 10.20.X.1
    [root@Private~]# route add -net 10.20.X.0 netmask 255.255.255.0 gw 10.21.X.1

`plan_routes` parses the request once, validates it, and returns a `RoutePlan` with both directions and every
command form; nothing is rendered from free text.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from tools.errors import AddressError, RouteError
from tools.notices import Notice
from tools.route_direction import RouteDirection, Zone
from tools.subnet import ParsedNetwork, parse_address, parse_network

__all__ = ["OPERATING_SYSTEMS", "ZONES", "RouteDirection", "RoutePlan", "plan_routes"]

ZONES: dict[Zone, ipaddress.IPv4Network] = {
    "public": ipaddress.IPv4Network("10.20.0.0/16"),
    "private": ipaddress.IPv4Network("10.21.0.0/16"),
}
ZONE_NAMES = {"public": ("Public Zone", "Public Zone"), "private": ("Private Zone", "Private Zone")}
OPERATING_SYSTEMS = ("linux", "rhel", "centos", "ubuntu", "windows")
DEFAULT_PREFIX = 24
_INTERFACE = re.compile(r"^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,15}$")


@dataclass(frozen=True, slots=True)
class RoutePlan:
    """Both directions of an inter-zone route, with what was assumed and what to watch out for."""

    forward: RouteDirection
    reverse: RouteDirection | None
    os: str
    warnings: tuple[Notice, ...]
    assumptions: tuple[Notice, ...]
    section_id: str = "zone-routing"

    @property
    def directions(self) -> tuple[RouteDirection, ...]:
        return (self.forward,) if self.reverse is None else (self.forward, self.reverse)


def _zone_of(network: ipaddress.IPv4Network) -> Zone | None:
    return next((zone for zone, cidr in ZONES.items() if network.subnet_of(cidr)), None)


def _parse_source(source: str) -> tuple[ipaddress.IPv4Interface, bool]:
    """The server's CIP with its prefix; True when the prefix was assumed (the guide's /24)."""
    text = " ".join(str(source).split())
    address_text, slash, prefix = text.partition("/")
    address = parse_address(address_text)
    if address.version != 4:
        raise RouteError(
            f"'{text}' is IPv6; Enterprise Cloud CIP addresses are IPv4 (10.20.0.0/16, 10.21.0.0/16)",
            f"'{text}'은(는) IPv6입니다. Enterprise Cloud CIP는 IPv4입니다 (10.20.0.0/16, 10.21.0.0/16)",
        )
    try:
        return ipaddress.IPv4Interface(f"{address}/{prefix if slash else DEFAULT_PREFIX}"), not slash
    except ValueError:
        raise AddressError(
            f"'{text}' has an invalid prefix or netmask '{prefix}'",
            f"'{text}'의 프리픽스 또는 넷마스크 '{prefix}'이(가) 올바르지 않습니다",
        ) from None


@dataclass(frozen=True, slots=True)
class _CheckedRequest:
    """A route request after every check: the values the notices and the plan are made from."""

    server: ipaddress.IPv4Interface
    server_zone: Zone
    prefix_assumed: bool
    target: ipaddress.IPv4Network
    target_zone: Zone | None
    given_destination: ParsedNetwork
    gateway: ipaddress.IPv4Address
    gateway_given: bool
    peer: ipaddress.IPv4Address | None
    interface: str
    os: str


def _check_options(interface: str, os: str) -> None:
    if not _INTERFACE.match(interface or ""):
        raise RouteError(
            f"'{interface}' is not a valid Linux interface name (1-15 letters, digits, '.', '-' or '_')",
            f"'{interface}'은(는) 올바른 리눅스 인터페이스 이름이 아닙니다 (영문·숫자·'.'·'-'·'_' 1~15자)",
        )
    if os not in OPERATING_SYSTEMS:
        raise RouteError(
            f"unknown operating system '{os}' (choose one of: {', '.join(OPERATING_SYSTEMS)})",
            f"알 수 없는 운영체제 '{os}' (다음 중 하나: {', '.join(OPERATING_SYSTEMS)})",
        )


def _check_zones(server: ipaddress.IPv4Interface, target: ipaddress.IPv4Network, zone: Zone | None) -> Zone:
    """The server's zone, read from its address or given; the two ends must be in different zones."""
    server_zone = _zone_of(server.network)
    if zone is not None and server_zone is not None and zone != server_zone:
        raise RouteError(
            f"'{server.ip}' is in the {ZONE_NAMES[server_zone][0]} ({ZONES[server_zone]}), "
            f"not the {ZONE_NAMES[zone][0]}",
            f"'{server.ip}'은(는) {ZONE_NAMES[zone][1]}가 아니라 {ZONE_NAMES[server_zone][1]} 대역입니다",
        )
    server_zone = server_zone or zone
    if server_zone is None:
        raise RouteError(
            f"'{server.ip}' is not an Enterprise Cloud CIP (Public Zone 10.20.0.0/16 or Private Zone 10.21.0.0/16);"
            " give the zone explicitly if it is one",
            f"'{server.ip}'은(는) Enterprise Cloud CIP(Public Zone 10.20.0.0/16, Private Zone 10.21.0.0/16)가 "
            "아닙니다. 맞다면 존을 직접 지정하세요",
        )
    if target.overlaps(server.network):
        raise RouteError(
            f"destination '{target}' overlaps the server's own network '{server.network}': no route is needed",
            f"목적지 '{target}'이(가) 서버 자신의 네트워크 '{server.network}'와 겹칩니다: 라우팅이 필요 없습니다",
        )
    if _zone_of(target) == server_zone:
        raise RouteError(
            f"both '{server.ip}' and '{target}' are in the {ZONE_NAMES[server_zone][0]}: the guide's inter-zone "
            "route does not apply",
            f"'{server.ip}'와 '{target}'이(가) 모두 {ZONE_NAMES[server_zone][1]}에 있습니다: "
            "존 간 라우팅 대상이 아닙니다",
        )
    return server_zone


def _check_gateway(server: ipaddress.IPv4Interface, gateway: str | None) -> ipaddress.IPv4Address:
    """The server side's gateway: the given one, or the guide's .1; a host address of the server's network."""
    if server.network.prefixlen > 30:
        raise RouteError(
            f"'{server.with_prefixlen}' leaves no room for a gateway; give the server's prefix (e.g. /24)",
            f"'{server.with_prefixlen}'에는 게이트웨이 주소가 없습니다. 서버의 프리픽스를 지정하세요 (예: /24)",
        )
    gateway_address = parse_address(gateway) if gateway else server.network.network_address + 1
    if gateway_address not in server.network or gateway_address in (
        server.network.network_address,
        server.network.broadcast_address,
    ):
        raise RouteError(
            f"gateway '{gateway_address}' is not a host address inside the server's network '{server.network}'",
            f"게이트웨이 '{gateway_address}'이(가) 서버 네트워크 '{server.network}' 안의 호스트 주소가 아닙니다",
        )
    if server.ip == gateway_address:
        raise RouteError(
            f"'{server.ip}' is the gateway address of its network ({server.network}), not a server",
            f"'{server.ip}'은(는) 서버가 아니라 네트워크 {server.network}의 게이트웨이 주소입니다",
        )
    return gateway_address


def _check_request(
    source: str, destination: str, interface: str, os: str, zone: Zone | None, peer: str | None, gateway: str | None
) -> _CheckedRequest:
    """Every value parsed and checked, in the order a user would fix them; the first problem is raised."""
    _check_options(interface, os)
    server, prefix_assumed = _parse_source(source)
    parsed_destination = parse_network(destination)
    target = parsed_destination.network
    if target.version != 4:
        raise RouteError(
            f"cannot route IPv4 server '{server.ip}' to IPv6 network '{target}'",
            f"IPv4 서버 '{server.ip}'에서 IPv6 네트워크 '{target}'(으)로는 라우팅할 수 없습니다",
        )
    server_zone = _check_zones(server, target, zone)
    gateway_address = _check_gateway(server, gateway)
    peer_address = parse_address(peer) if peer else None
    if peer_address is not None and peer_address not in target:
        raise RouteError(
            f"peer '{peer_address}' is not in the destination network '{target}'",
            f"상대 서버 '{peer_address}'이(가) 목적지 네트워크 '{target}'에 없습니다",
        )
    return _CheckedRequest(
        server, server_zone, prefix_assumed, target, _zone_of(target), parsed_destination, gateway_address,
        bool(gateway), peer_address, interface, os,
    )  # fmt: skip


def _assumptions(request: _CheckedRequest) -> list[Notice]:
    notices = []
    if not request.gateway_given:
        notices.append(
            Notice(
                f"The gateway is the first address of the server's network ({request.gateway}), "
                "the guide's .1 convention.",
                f"게이트웨이는 서버 네트워크의 첫 주소({request.gateway})로 가정했습니다 (가이드의 .1 규칙).",
                "zone-routing",
                "forward",
            )
        )
    if request.target_zone is not None:
        other = request.target.network_address + 1
        notices.append(
            Notice(
                f"On the other side, the gateway is assumed to be the first address of {request.target} ({other}); "
                "if that server's own network is smaller, its gateway is the .1 of that network.",
                f"반대편 서버의 게이트웨이는 {request.target}의 첫 주소({other})로 가정했습니다. 그 서버의 "
                "네트워크가 더 작다면 그 네트워크의 .1을 쓰세요.",
                "zone-routing",
                "reverse",
            )
        )
    notices.append(
        Notice(
            f"The CIP interface is {request.interface}, configured like ifcfg-eth0 (DHCP) as the guide copies it.",
            f"CIP 인터페이스는 {request.interface}이며, 가이드처럼 ifcfg-eth0을 복사한 설정(DHCP)으로 가정했습니다.",
            "cip-interface",
        )
    )
    if request.prefix_assumed:
        notices.append(
            Notice(
                f"The server's network is assumed to be a /{DEFAULT_PREFIX} ({request.server.network}), as in the "
                "guide.",
                f"서버 네트워크는 가이드 예시처럼 /{DEFAULT_PREFIX}({request.server.network})로 가정했습니다.",
                "zone-routing",
            )
        )
    return notices


def _warnings(request: _CheckedRequest) -> list[Notice]:
    notices = []
    given, target = request.given_destination, request.target
    if given.host_bits_set:
        notices.append(
            Notice(
                f"'{given.given}' has host bits set; the route uses the network {target}.",
                f"'{given.given}'에 호스트 비트가 있어 네트워크 {target}(으)로 계산했습니다.",
            )
        )
    if request.target_zone is None:
        notices.append(
            Notice(
                f"'{target}' is not an Enterprise Cloud CIP range: only this server's route is given (no reverse).",
                f"'{target}'은(는) Enterprise Cloud CIP 대역이 아니어서 이 서버의 라우팅만 안내합니다 "
                "(반대 방향 없음).",
            )
        )
    if request.peer is None:
        notices.append(
            Notice(
                "Give the address of a server on the other side (peer) to get the ping check for this direction.",
                "이 방향의 ping 확인 명령을 받으려면 상대편 서버 주소(peer)를 알려주세요.",
                "zone-routing",
            )
        )
    if request.os == "windows":
        notices.append(
            Notice(
                "userdata works on Linux only: for Windows servers the guide says to ask the KT support center.",
                "userdata는 리눅스에서만 쓸 수 있어, Windows 서버는 가이드대로 KT 고객센터에 요청해야 합니다.",
                "support-center-request",
            )
        )
    notices.append(
        Notice(
            "Routing works only after CIP Inter-AZ is done (through the support center, about 3 business days).",
            "라우팅은 CIP Inter-AZ 작업(고객센터 경유, Business Day 기준 약 3일)이 끝난 뒤에 동작합니다.",
            "product-request",
        )
    )
    return notices


def plan_routes(
    source: str,
    destination: str,
    *,
    interface: str = "eth1",
    os: str = "linux",
    zone: Zone | None = None,
    peer: str | None = None,
    gateway: str | None = None,
) -> RoutePlan:
    """Routes between the server at `source` (its CIP, optionally with /prefix) and the `destination` network.

    `gateway` overrides the guide's `.1` convention for the server's side; it must lie in the server's network.
    """
    request = _check_request(source, destination, interface, os, zone, peer, gateway)
    server, target = request.server, request.target
    forward = RouteDirection(
        f"{request.server_zone}-to-{request.target_zone or 'external'}",
        request.server_zone, server.network, server.ip, request.gateway, target, interface, request.peer,
    )  # fmt: skip
    reverse = None
    if request.target_zone is not None:
        reverse = RouteDirection(
            f"{request.target_zone}-to-{request.server_zone}",
            request.target_zone, target, request.peer, target.network_address + 1, server.network, interface,
            server.ip,
        )  # fmt: skip
    return RoutePlan(forward, reverse, os, tuple(_warnings(request)), tuple(_assumptions(request)))
