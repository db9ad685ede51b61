"""Which addresses an exposure may use: the VM's internal address the VR forwards to, and the IP the VR receives
on (a public IP of the account's pool from the internet, a Private IP of the pool over VPN or a leased line),
with what the guide says about them.

The guide's routing tables show a server's guest network on eth0 (172.27.0.0/16, default gateway 172.27.0.1) and
its CIP on eth1 (10.20.0.0/16 Public Zone, 10.21.0.0/16 Private Zone); port forwarding reaches the guest network.
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from tools.cloud_ranges import cloud_ranges_of, networks_named
from tools.errors import ToolInputError
from tools.notices import Notice
from tools.routes import ZONES
from tools.subnet import parse_address

__all__ = [
    "PRIVATE_IP_POOL",
    "PUBLIC_IP_POOLS",
    "PUBLIC_LB_RANGE",
    "ExposureError",
    "is_internal",
    "pools_text",
    "public_address",
    "source_notices",
    "vm_address",
]

PUBLIC_IP_POOLS = networks_named("Public IP pool")
(PRIVATE_IP_POOL,) = networks_named("Private IP pool")
(PUBLIC_LB_RANGE,) = networks_named("Public-LB")
_INTERNAL_NETWORKS = tuple(ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
Access = Literal["internet", "vpn"]


class ExposureError(ToolInputError):
    """A request to expose a VM's service that cannot be planned as asked (a public VM address, no port...)."""


def pools_text(access: Access) -> tuple[str, str]:
    """The guide's pools for the access path, in English and Korean ("14.63.0.0/16 or 211.253.0.0/16")."""
    if access == "vpn":
        return str(PRIVATE_IP_POOL), str(PRIVATE_IP_POOL)
    listed = [str(n) for n in PUBLIC_IP_POOLS]
    return f"Cheonan: {' or '.join(listed)}", f"천안: {' 또는 '.join(listed)}"


def is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An RFC 1918 address: a VM's guest or CIP address, or the Private IP pool; never reachable from the internet.
    (Documentation ranges such as 203.0.113.0/24 count as outside addresses here, as in users' examples.)"""
    return address.version == 4 and any(address in network for network in _INTERNAL_NETWORKS)


def _reachable_from_outside(address: ipaddress.IPv4Address) -> bool:
    special = address.is_loopback or address.is_link_local or address.is_multicast or address.is_unspecified
    return not (is_internal(address) or special or address.is_reserved)


def _ipv4(text: str, role: str, role_ko: str) -> ipaddress.IPv4Address:
    address = parse_address(text)
    if address.version != 4:
        raise ExposureError(
            f"{role} '{text}' is IPv6; the VR forwards IPv4 addresses",
            f"{role_ko} '{text}'은(는) IPv6입니다. VR은 IPv4 주소를 포워딩합니다",
        )
    return address  # type: ignore[return-value]


def vm_address(text: str, access: Access) -> tuple[ipaddress.IPv4Address, list[Notice]]:
    """The VM's internal address, and warnings when it is a CIP rather than its guest network address."""
    vm_ip = _ipv4(text, "VM address", "VM 주소")
    if not is_internal(vm_ip) or vm_ip in PRIVATE_IP_POOL:
        raise ExposureError(
            f"'{text}' is not a VM's internal address; give the VM's private address that the VR forwards to "
            "(its guest network address, eth0)",
            f"'{text}'은(는) VM의 내부 주소가 아닙니다. VR이 포워딩할 VM의 사설 주소(guest network, eth0)를 알려주세요",
        )
    warnings = []
    zone = next((z for z, network in ZONES.items() if vm_ip in network), None)
    if zone is not None:
        name = "Public Zone" if zone == "public" else "Private Zone"
        warnings.append(
            Notice(
                f"{vm_ip} is a {name} CIP (the server's eth1, {ZONES[zone]}): the VR forwards to the VM's guest "
                "network address (eth0, 172.27.0.0/16 in the guide's routing table); use that address unless this "
                "VM is reached on its CIP.",
                f"{vm_ip}은(는) {name} CIP(서버의 eth1, {ZONES[zone]})입니다. VR은 VM의 guest network 주소(eth0, "
                "가이드 라우팅 테이블의 172.27.0.0/16)로 포워딩하므로, CIP로 받는 구성이 아니면 그 주소를 쓰세요.",
                "zone-routing",
            )
        )
    if (zone, access) in (("private", "internet"), ("public", "vpn")):
        warnings.append(
            Notice(
                f"{vm_ip} is in the {'Private' if zone == 'private' else 'Public'} Zone, but the plan is for "
                f"{'the internet (ent-pub)' if access == 'internet' else 'VPN or a leased line (ent-priv)'}: the "
                "guide reaches Private VMs over VPN or a leased line (ent-priv) and Public VMs from the internet "
                "(ent-pub); check the access path.",
                f"{vm_ip}은(는) {'Private' if zone == 'private' else 'Public'} Zone인데 "
                f"{'인터넷(ent-pub)' if access == 'internet' else 'VPN·전용회선(ent-priv)'} 경로로 계획했습니다. "
                "가이드상 Private VM은 VPN·전용회선(ent-priv)으로, Public VM은 인터넷(ent-pub)으로 접속합니다. "
                "접속 경로를 확인하세요.",
                "port-forwarding",
            )
        )
    return vm_ip, warnings


def source_notices(source: ipaddress.IPv4Network | ipaddress.IPv6Network | None, access: Access) -> list[Notice]:
    """A private source cannot come from the internet: it is a client on a VPN or leased line."""
    if access != "internet" or source is None or not is_internal(source.network_address):
        return []
    return [
        Notice(
            f"The source {source} is a private network: from the internet, clients arrive with their public IP; a "
            "private source fits access over VPN or a leased line.",
            f"출발지 {source}은(는) 사설 대역입니다. 인터넷으로는 클라이언트의 공인 IP로 들어오며, 사설 출발지는 "
            "VPN·전용회선 접속에 해당합니다.",
            "vm-firewall-policy",
        )
    ]


def public_address(text: str, access: Access) -> tuple[ipaddress.IPv4Address, list[Notice], list[Notice]]:
    """The address the VR receives on, checked against the access path; warnings and notes about it."""
    address = _ipv4(text, "public IP", "Public IP")
    english_pools, korean_pools = pools_text(access)
    if access == "internet" and not _reachable_from_outside(address):
        raise ExposureError(
            f"'{text}' is a private address: from the internet the VR is reached on a public IP of your account's "
            f"pool ({english_pools}); for VPN or leased-line access choose access 'vpn'",
            f"'{text}'은(는) 사설 주소입니다. 인터넷에서는 계정에 할당된 Public IP({korean_pools})로 VR에 "
            "접속합니다. VPN·전용회선 접속이면 접속 경로를 'vpn'으로 지정하세요",
        )
    if access == "vpn" and not is_internal(address):
        raise ExposureError(
            f"'{text}' is a public address: over VPN or a leased line the VR of ent-priv is reached on a Private IP "
            f"of your account's pool ({english_pools})",
            f"'{text}'은(는) 공인 주소입니다. VPN·전용회선으로는 ent-priv의 VR에 계정의 Private IP({korean_pools})로 "
            "접속합니다",
        )
    warnings: list[Notice] = []
    notes: list[Notice] = []
    in_pool = address in PRIVATE_IP_POOL if access == "vpn" else bool(cloud_ranges_of(ipaddress.IPv4Network(address)))
    if not in_pool:
        warnings.append(
            Notice(
                f"{address} is not in the guide's {'Private' if access == 'vpn' else 'public'} IP pools "
                f"({english_pools}): check that it is assigned to your account.",
                f"{address}은(는) 가이드의 {'Private' if access == 'vpn' else 'Public'} IP 대역({korean_pools})이 "
                "아닙니다. 계정에 할당된 IP인지 확인하세요.",
                "product-request",
            )
        )
    if address in PUBLIC_LB_RANGE:
        notes.append(
            Notice(
                f"The guide uses 14.49.X.X both for port forwarding on the VR and for Public-LB service IPs: if "
                f"{address} is a load balancer's service IP, the LB serves the port and needs only the firewall "
                "request, no Port Forwarding rule.",
                "가이드에서 14.49.X.X는 VR 포트포워딩 예시와 Public-LB 서비스 IP에 모두 쓰입니다. "
                f"{address}이(가) LB의 서비스 IP라면 포트포워딩 없이 방화벽 신청만 하면 됩니다.",
                "load-balancer",
            )
        )
    return address, warnings, notes
