"""Service-exposure planner: what it takes to reach a VM's service from outside, as the guide describes it.

The guide: the VR works by NAT in both zones, so reaching a VM's internal address needs a **Port Forwarding** rule
on the VR (`port-forwarding`: public IP:port → the VM's port, zone ent-pub; for a Private VM over VPN or a leased
line, the same in ent-priv), and the customer's path to a Public VM is `customer system → IPS → Public F/W → VR →
Public VM`, so the **firewall policy request** must open the same public IP and port (`vm-firewall-policy`). Public
IPs come from the account's pool (Cheonan: 14.63.0.0/16 or 211.253.0.0/16), Private IPs from 10.220.0.0/16
(`product-request`).

`plan_exposure` checks the request and returns both artefacts — the Port Forwarding rules as the portal asks for
them and the firewall request (from `tools.firewall`) — with the checks to run once both are in place.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

from tools.cloud_ranges import Firewall
from tools.exposure_addresses import ExposureError, pools_text, public_address, source_notices, vm_address
from tools.firewall import (
    FirewallRequest,
    PortRange,
    fill_firewall_form,
    parse_endpoint,
    parse_ports,
    remote_access_warning,
)
from tools.notices import Notice

__all__ = [
    "ACCESS_ZONES",
    "Access",
    "Check",
    "ExposurePlan",
    "PortForwardingRule",
    "plan_exposure",
]

Access = Literal["internet", "vpn"]
ACCESS_ZONES: dict[Access, str] = {"internet": "ent-pub", "vpn": "ent-priv"}
_FIREWALL_OF_ACCESS: dict[Access, Firewall] = {"internet": "Public F/W", "vpn": "Private F/W"}
_PATHS: dict[Access, Notice] = {
    "internet": Notice(
        "The guide's path from your systems to a Public VM is customer system → IPS → Public F/W → VR → Public VM: the "
        "Public F/W and the VR must both let the port through.",
        "가이드의 접속 경로는 고객 시스템 → IPS → Public F/W → VR → Public VM이므로, Public F/W와 VR 모두 포트를 "
        "열어야 합니다.",
        "vm-firewall-policy",
    ),
    "vpn": Notice(
        "Over VPN or a leased line, traffic reaches the ent-priv VR on the Private IP, which the Private F/W guards "
        "(as the guide says for 10.220.X.X): the Private F/W and the VR must both let the port through.",
        "VPN·전용회선으로는 Private F/W가 지키는 Private IP(가이드의 10.220.X.X)로 ent-priv VR에 들어오므로, "
        "Private F/W와 VR 모두 포트를 열어야 합니다.",
        "load-balancer",
    ),
}
"""Why the firewall of each access path, from the guide: the firewall request names it."""


@dataclass(frozen=True, slots=True)
class PortForwardingRule:
    """One rule as the portal's Port Forwarding screen takes it: on the VR of `zone`, public IP:port → VM:port."""

    zone: str
    public_ip: ipaddress.IPv4Address | None
    """None while the public IP is still to be chosen from the account's pool."""
    public_ports: PortRange
    vm_ip: ipaddress.IPv4Address
    private_ports: PortRange
    protocol: Literal["tcp", "udp"]

    def portal_fields(self, to_choose: str) -> tuple[tuple[str, str], ...]:
        """The fields in the portal's order (the VR's address, its port, the VM's guest address, its port);
        `to_choose` stands for an address not chosen yet."""
        receiving = "Public IP" if self.zone == ACCESS_ZONES["internet"] else "Private IP (VR)"
        return (
            ("Availability Zone", self.zone),
            (receiving, str(self.public_ip) if self.public_ip else to_choose),
            ("Public Port", str(self.public_ports)),
            ("VM (guest IP)", str(self.vm_ip)),
            ("Private Port", str(self.private_ports)),
            ("Protocol", self.protocol.upper()),
        )


@dataclass(frozen=True, slots=True)
class Check:
    """A command that shows the service is reachable, and where to run it."""

    where: Notice
    command: str


@dataclass(frozen=True, slots=True)
class ExposurePlan:
    """Both artefacts of exposing a service, the checks, and what was assumed or should be watched."""

    access: Access
    vm_ip: ipaddress.IPv4Address
    public_ip: ipaddress.IPv4Address | None
    source: str
    firewall: Firewall
    rules: tuple[PortForwardingRule, ...]
    firewall_request: FirewallRequest | None
    """None until a public IP is chosen: the form needs it as its destination."""
    checks: tuple[Check, ...]
    warnings: tuple[Notice, ...]
    notes: tuple[Notice, ...]
    section_id: str = "port-forwarding"

    @property
    def zone(self) -> str:
        return ACCESS_ZONES[self.access]


def _ports(
    service: str, public_port: int | None
) -> tuple[Literal["tcp", "udp"], tuple[PortRange, ...], tuple[PortRange, ...]]:
    """The protocol, the VM's port ranges, and the public ones (the same, unless one port maps to another)."""
    protocol, ranges, _ = parse_ports(service)
    if protocol == "icmp" or not ranges:
        raise ExposureError(
            f"port forwarding needs a TCP or UDP port; '{service}' has none",
            f"포트포워딩에는 TCP/UDP 포트가 필요합니다. '{service}'에는 포트가 없습니다",
        )
    if public_port is not None and (len(ranges) != 1 or ranges[0].start != ranges[0].end):
        raise ExposureError(
            f"a different public port ({public_port}) can be given for one port only, not '{service}'",
            f"다른 Public 포트({public_port})는 포트 하나에만 지정할 수 있습니다 ('{service}')",
        )
    if public_port is not None and not 1 <= public_port <= 65535:
        raise ExposureError(
            f"public port '{public_port}' is out of range (1-65535)",
            f"Public 포트 '{public_port}'은(는) 범위(1-65535)를 벗어났습니다",
        )
    public = (PortRange(public_port, public_port),) if public_port else ranges
    return protocol or "tcp", ranges, public


def _checks(rules: tuple[PortForwardingRule, ...]) -> tuple[Check, ...]:
    """From the source: does the public IP:port answer? On the VM: does the service listen?"""
    checks: list[Check] = []
    for rule in rules:
        port, private_port = rule.public_ports.start, rule.private_ports.start
        if rule.public_ip is not None:
            udp = "u" if rule.protocol == "udp" else ""
            checks.append(
                Check(
                    Notice("From the source (Linux or macOS):", "출발지(리눅스·macOS)에서:"),
                    f"nc -vz{udp} {rule.public_ip} {port}",
                )
            )
            if rule.protocol == "tcp":
                checks.append(
                    Check(
                        Notice("From the source (Windows PowerShell):", "출발지(Windows PowerShell)에서:"),
                        f"Test-NetConnection {rule.public_ip} -Port {port}",
                    )
                )
        listening = "-ltn" if rule.protocol == "tcp" else "-lun"
        checks.append(
            Check(
                Notice("On the VM (Linux), the service listens:", "VM(리눅스)에서 서비스가 포트를 열고 있는지:"),
                f"ss {listening} 'sport = :{private_port}'",
            )
        )
    return tuple(checks)


def plan_exposure(
    vm_ip: str,
    service: str,
    *,
    public_ip: str | None = None,
    public_port: int | None = None,
    source: str = "any",
    access: Access = "internet",
) -> ExposurePlan:
    """The Port Forwarding rules and the firewall request that expose `service` of the VM at `vm_ip`.

    `service` is a service name or ports as the firewall form takes them ("https", "443", "8080/tcp", "80,443");
    `public_ip` may be left out while it is still to be chosen from the pool (the firewall request then waits for
    it); `source` is who may connect ("any" by default, with the guide's warning for SSH/RDP).
    """
    if access not in ACCESS_ZONES:
        raise ExposureError(
            f"unknown access '{access}' (internet or vpn)", f"알 수 없는 접속 경로 '{access}' (internet 또는 vpn)"
        )
    vm_ip_address, warnings = vm_address(vm_ip, access)
    protocol, ranges, public_ranges = _ports(service, public_port)
    source_text, source_network = parse_endpoint(source, "source", "출발지")  # reported now, not once the IP is set
    warnings += source_notices(source_network, access)
    notes: list[Notice] = []
    address = None
    if public_ip:
        address, address_warnings, notes = public_address(public_ip, access)
        warnings += address_warnings
    zone = ACCESS_ZONES[access]
    rules = tuple(
        PortForwardingRule(zone, address, public, vm_ip_address, private, protocol)
        for public, private in zip(public_ranges, ranges, strict=True)
    )
    firewall, path = _FIREWALL_OF_ACCESS[access], _PATHS[access]
    request = None
    if address is not None:
        ports = ",".join(str(r.public_ports) for r in rules)
        request = fill_firewall_form(
            source, str(address), ports, protocol=protocol, firewall=firewall, firewall_basis=path
        )
        # the form's reminders of port forwarding, and of LB service IPs, are what this plan says in full
        warnings += [w for w in request.warnings if w.section_id not in ("port-forwarding", "load-balancer")]
    elif (remote := remote_access_warning(source_text, ranges)) is not None:
        warnings.append(remote)
    english_pools, korean_pools = pools_text(access)
    if address is None:
        kind = "Private IP" if access == "vpn" else "public IP"
        notes.append(
            Notice(
                f"Choose the {kind} from your account's pool ({english_pools}); the firewall request then opens that "
                f"IP and port on the {firewall}.",
                f"{'Private' if access == 'vpn' else 'Public'} IP는 계정에 할당된 Pool({korean_pools})에서 "
                f"선택하세요. 방화벽 신청은 그 IP와 포트를 {firewall}에 오픈하는 내용이 됩니다.",
                "product-request",
            )
        )
    notes.append(path)
    return ExposurePlan(
        access,
        vm_ip_address,
        address,
        source_text,
        firewall,
        rules,
        request,
        _checks(rules),
        tuple(warnings),
        tuple(notes),
    )
