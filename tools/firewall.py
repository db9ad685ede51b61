"""Firewall policy request form, as the security managed service expects it (guide: `vm-firewall-policy`).

The guide: policies are set per firewall (Public F/W, Private F/W, Inter-F/W) for source/destination IP and
port, allow or deny, requested by e-mail or phone with the form "첨부#1. 방화벽 정책 신청서"; a customer reaching a
Public VM goes customer → IPS → Public F/W → VR → Public VM, so the source is the client IP and the destination
the public IP port-forwarded to the VM (e.g. `Source IP:any → 14.63.XX.XX:22`). LB service IPs are blocked by
default: Public-LB (14.49.X.X) by the Public F/W, Private-LB (10.220.X.X) and Inter-LB (10.21.X.X) by the Private F/W.

`fill_firewall_form` parses and checks the request into a `FirewallRequest`; `tools.firewall_form` renders it as
the form's rows, a Markdown table, CSV and an e-mail draft.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal

from tools.cloud_ranges import Firewall, cloud_ranges_of
from tools.errors import AddressError, FormError
from tools.notices import Notice
from tools.subnet import parse_network

__all__ = [
    "FIREWALLS",
    "MSS_EMAIL",
    "MSS_PHONE",
    "SERVICES",
    "FirewallRequest",
    "PortRange",
    "fill_firewall_form",
    "parse_endpoint",
    "parse_ports",
    "remote_access_warning",
]

MSS_EMAIL = "mss1@wins21.co.kr"
MSS_PHONE = "031-622-8592~4"
FORM_NAME = "첨부#1. 방화벽 정책 신청서"
FIREWALLS: tuple[Firewall, ...] = ("Public F/W", "Private F/W", "Inter-F/W")
Protocol = Literal["tcp", "udp", "icmp"]
SERVICES: dict[str, tuple[Protocol, int | None]] = {
    "ssh": ("tcp", 22),
    "rdp": ("tcp", 3389),
    "http": ("tcp", 80),
    "https": ("tcp", 443),
    "ftp": ("tcp", 21),
    "smtp": ("tcp", 25),
    "mysql": ("tcp", 3306),
    "mariadb": ("tcp", 3306),
    "postgresql": ("tcp", 5432),
    "postgres": ("tcp", 5432),
    "mssql": ("tcp", 1433),
    "oracle": ("tcp", 1521),
    "redis": ("tcp", 6379),
    "mongodb": ("tcp", 27017),
    "dns": ("udp", 53),
    "ntp": ("udp", 123),
    "icmp": ("icmp", None),
    "ping": ("icmp", None),
}
REMOTE_ACCESS_PORTS = {22, 3389}


@dataclass(frozen=True, slots=True, order=True)
class PortRange:
    start: int
    end: int

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    def __contains__(self, port: int) -> bool:
        return self.start <= port <= self.end


@dataclass(frozen=True, slots=True)
class FirewallRequest:
    """One policy line of the request form, checked, with the guide's reasons and warnings attached."""

    firewall: Firewall
    firewall_basis: Notice
    source: str
    """'any' or a network in CIDR form."""
    destination: str
    protocol: Protocol
    ports: tuple[PortRange, ...]
    services: tuple[str, ...]
    action: Literal["allow", "deny"]
    direction: Literal["inbound", "outbound"]
    reason: str
    period: str
    requester: str
    warnings: tuple[Notice, ...]
    section_id: str = "vm-firewall-policy"

    @property
    def port_text(self) -> str:
        return ", ".join(str(p) for p in self.ports) if self.ports else "-"


def parse_ports(text: str) -> tuple[Protocol | None, tuple[PortRange, ...], tuple[str, ...]]:
    """The protocol they imply (if any), the port ranges and the service names in "22", "80,443", "8000-8080",
    "ssh", "https, 8443", "53/udp"; a mix of protocols is an error (one request per protocol)."""
    protocols: set[Protocol] = set()
    ports: list[PortRange] = []
    services: list[str] = []
    tokens = [t for t in re.split(r"[,\s/]+", str(text).strip().lower()) if t]
    protocols.update(t for t in tokens if t in ("tcp", "udp"))  # "53/udp", "8080 tcp"
    tokens = [t for t in tokens if t not in ("tcp", "udp")]
    if not tokens:
        raise FormError(f"no port or service in '{text}'", f"'{text}'에 포트나 서비스가 없습니다")
    for token in tokens:
        if token in SERVICES:
            protocol, port = SERVICES[token]
            protocols.add(protocol)
            services.append(token)
            if port is not None:
                ports.append(PortRange(port, port))
            continue
        match = re.fullmatch(r"(\d{1,6})(?:-(\d{1,6}))?", token)
        if not match:
            known = ", ".join(sorted(SERVICES))
            raise FormError(
                f"'{token}' is neither a port number nor a known service ({known})",
                f"'{token}'은(는) 포트 번호도, 알려진 서비스({known})도 아닙니다",
            )
        start, end = int(match.group(1)), int(match.group(2) or match.group(1))
        for port in (start, end):
            if not 1 <= port <= 65535:
                raise FormError(
                    f"port '{port}' in '{text}' is out of range (1-65535)",
                    f"'{text}'의 포트 '{port}'은(는) 범위(1-65535)를 벗어났습니다",
                )
        if start > end:
            raise FormError(f"port range '{token}' runs backwards", f"포트 범위 '{token}'의 시작이 끝보다 큽니다")
        ports.append(PortRange(start, end))
    if len(protocols) > 1:
        raise FormError(
            f"'{text}' mixes protocols; make one request per protocol",
            f"'{text}'에 여러 프로토콜이 섞여 있습니다. 프로토콜별로 나눠 신청하세요",
        )
    return next(iter(protocols), None), tuple(sorted(set(ports))), tuple(services)


def parse_endpoint(
    text: str, role: str, role_ko: str
) -> tuple[str, ipaddress.IPv4Network | ipaddress.IPv6Network | None]:
    cleaned = " ".join(str(text).split())
    if cleaned.lower() in ("any", "all", "*", "0.0.0.0/0", "전체"):
        return "any", None
    try:
        network = parse_network(cleaned).network
    except AddressError:
        raise FormError(
            f"{role} '{cleaned}' is not an IP address, a network or 'any'",
            f"{role_ko} '{cleaned}'은(는) IP 주소, 네트워크, 'any' 중 어느 것도 아닙니다",
        ) from None
    text_form = str(network.network_address) if network.prefixlen == network.max_prefixlen else str(network)
    return text_form, network


def _infer_firewall(destination: ipaddress.IPv4Network | ipaddress.IPv6Network, shown: str) -> tuple[Firewall, Notice]:
    for cloud_range in cloud_ranges_of(destination):
        if cloud_range.firewall is not None:
            return cloud_range.firewall, Notice(
                f"{shown} is a {cloud_range.name} ({cloud_range.network}): the guide puts it behind the "
                f"{cloud_range.firewall}.",
                f"{shown}은(는) {cloud_range.name_ko}({cloud_range.network})로, 가이드상 {cloud_range.firewall}에 "
                "해당합니다.",
                cloud_range.section_id,
            )
    raise FormError(
        f"cannot tell which firewall guards '{shown}' from the guide (Public IPs 14.63.0.0/16, 211.253.0.0/16,"
        " Public-LB 14.49.X.X → Public F/W; Private-LB 10.220.X.X, Inter-LB 10.21.X.X → Private F/W); "
        "give the firewall explicitly, or use the public IP port-forwarded to the server",
        f"가이드만으로는 '{shown}'을(를) 어느 방화벽이 막는지 알 수 없습니다 (Public IP 14.63.0.0/16, "
        "211.253.0.0/16, Public-LB 14.49.X.X → Public F/W; Private-LB 10.220.X.X, Inter-LB 10.21.X.X → Private F/W). "
        "방화벽을 직접 지정하거나, 서버에 포트포워딩된 Public IP로 신청하세요",
    )


def fill_firewall_form(
    source: str,
    destination: str,
    ports: str,
    *,
    protocol: Protocol | None = None,
    firewall: Firewall | None = None,
    action: Literal["allow", "deny"] = "allow",
    direction: Literal["inbound", "outbound"] = "inbound",
    reason: str = "",
    period: str = "",
    requester: str = "",
    firewall_basis: Notice | None = None,
) -> FirewallRequest:
    """A checked request line: firewall inferred from the destination per the guide unless given (with
    `firewall_basis` saying why, when a caller knows: the exposure planner names the guide's path)."""
    source_text, source_network = parse_endpoint(source, "source", "출발지")
    destination_text, destination_network = parse_endpoint(destination, "destination", "목적지")
    if destination_network is None:
        raise FormError("the destination must be a specific IP, not 'any'", "목적지는 'any'가 아닌 특정 IP여야 합니다")
    if source_network is not None and source_network.version != destination_network.version:
        raise FormError(
            f"source '{source_text}' and destination '{destination_text}' are different IP versions",
            f"출발지 '{source_text}'와 목적지 '{destination_text}'의 IP 버전이 다릅니다",
        )
    if action not in ("allow", "deny") or direction not in ("inbound", "outbound"):
        raise FormError(
            f"action '{action}' / direction '{direction}' must be allow|deny and inbound|outbound",
            f"허용/차단 '{action}', 방향 '{direction}'은(는) allow|deny, inbound|outbound 중 하나여야 합니다",
        )
    port_protocol, port_ranges, services = parse_ports(ports)
    chosen_protocol = protocol or port_protocol or "tcp"
    if protocol and port_protocol and protocol != port_protocol:
        raise FormError(
            f"protocol '{protocol}' does not match the service in '{ports}' ({port_protocol})",
            f"프로토콜 '{protocol}'이(가) '{ports}'의 서비스({port_protocol})와 맞지 않습니다",
        )
    if chosen_protocol not in ("tcp", "udp", "icmp"):
        raise FormError(
            f"unknown protocol '{chosen_protocol}' (tcp, udp, icmp)", f"알 수 없는 프로토콜 '{chosen_protocol}'"
        )
    if chosen_protocol == "icmp":
        port_ranges = ()
    if firewall is None:
        firewall, basis = _infer_firewall(destination_network, destination_text)
    elif firewall in FIREWALLS:
        basis = firewall_basis or Notice(
            f"{firewall} as requested.", f"요청하신 대로 {firewall}입니다.", "vm-firewall-policy"
        )
    else:
        raise FormError(
            f"unknown firewall '{firewall}' (choose one of: {', '.join(FIREWALLS)})",
            f"알 수 없는 방화벽 '{firewall}' (다음 중 하나: {', '.join(FIREWALLS)})",
        )
    warnings = _warnings(source_text, source_network, destination_network, port_ranges)
    return FirewallRequest(
        firewall=firewall,
        firewall_basis=basis,
        source=source_text,
        destination=destination_text,
        protocol=chosen_protocol,
        ports=port_ranges,
        services=services,
        action=action,
        direction=direction,
        reason=" ".join(reason.split()),
        period=" ".join(period.split()),
        requester=" ".join(requester.split()),
        warnings=warnings,
    )


def remote_access_warning(source: str, ports: tuple[PortRange, ...]) -> Notice | None:
    """SSH or RDP open to any source: the guide's example does it, and it is the first thing to narrow."""
    remote = sorted(p for p in REMOTE_ACCESS_PORTS if any(p in r for r in ports))
    if source != "any" or not remote:
        return None
    listed = ", ".join(str(p) for p in remote)
    return Notice(
        f"Remote access ({listed}) open to any source: restrict the source to your office or VPN IP.",
        f"원격접속 포트({listed})가 모든 출발지(any)에 열립니다. 출발지를 사무실·VPN IP로 제한하세요.",
        "vm-firewall-policy",
    )


def _warnings(
    source_text: str,
    source_network: ipaddress.IPv4Network | ipaddress.IPv6Network | None,
    destination: ipaddress.IPv4Network | ipaddress.IPv6Network,
    ports: tuple[PortRange, ...],
) -> tuple[Notice, ...]:
    notes: list[Notice] = []
    if (remote := remote_access_warning(source_text, ports)) is not None:
        notes.append(remote)
    if source_network is not None and source_network.prefixlen < 16:
        notes.append(
            Notice(
                f"The source range {source_text} is very broad (/{source_network.prefixlen}); narrow it if you can.",
                f"출발지 대역 {source_text}(/{source_network.prefixlen})이(가) 매우 넓습니다. 가능하면 좁히세요.",
            )
        )
    if any(r.end - r.start >= 1000 for r in ports):
        notes.append(Notice("A port range of 1000 ports or more is broad.", "1000개 이상의 포트 범위는 넓습니다."))
    ranges = cloud_ranges_of(destination)
    if any(not r.reachable_from_internet for r in ranges) and (source_network is None or source_network.is_global):
        notes.append(
            Notice(
                f"{destination.network_address} is a private CIP/IP, not reachable from the internet: use the "
                "public IP that is port-forwarded to the server, or VPN/dedicated line.",
                f"{destination.network_address}은(는) 인터넷에서 접근할 수 없는 사설 CIP/IP입니다. "
                "서버에 포트포워딩된 Public IP나 VPN/전용회선을 이용하세요.",
                "port-forwarding",
            )
        )
    if any(r.name.startswith("Public IP pool") for r in ranges):
        notes.append(
            Notice(
                "Port forwarding from this public IP to the VM must also be set on the VR (portal), and for SSH/RDP "
                "the port opened in the portal, besides this firewall request.",
                "이 방화벽 신청과 별도로, 포탈에서 VR의 Public IP → VM 포트포워딩 설정(SSH/RDP는 포탈에서 포트 Open)이 "
                "필요합니다.",
                "port-forwarding",
            )
        )
    if any("LB service IP" in r.name for r in ranges):
        notes.append(
            Notice(
                "LB service IPs are blocked by default; this request is what opens it.",
                "LB 서비스 IP는 기본적으로 방화벽에서 차단되어 있어 이 신청으로 오픈합니다.",
                "load-balancer",
            )
        )
    return tuple(notes)
