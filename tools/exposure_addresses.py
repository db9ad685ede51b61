"""Which addresses an exposure may use: the VM's internal address the VR forwards to, and the IP the VR receives
on (a public IP of the account's pool from the internet, a Private IP of 10.220.0.0/16 over VPN or a leased line),
with what the guide says about them."""

from __future__ import annotations

import ipaddress
from typing import Literal

from tools.cloud_ranges import cloud_ranges_of
from tools.errors import ToolInputError
from tools.notices import Notice
from tools.subnet import parse_address

__all__ = ["PRIVATE_IP_POOL", "PUBLIC_LB_RANGE", "ExposureError", "is_internal", "public_address", "vm_address"]

PRIVATE_IP_POOL = ipaddress.IPv4Network("10.220.0.0/16")
PUBLIC_LB_RANGE = ipaddress.IPv4Network("14.49.0.0/16")
_INTERNAL_NETWORKS = tuple(ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


class ExposureError(ToolInputError):
    """A request to expose a VM's service that cannot be planned as asked (a public VM address, no port...)."""


def is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An RFC 1918 address: a VM's guest or CIP address, or the Private IP pool; never reachable from the internet.
    (Documentation ranges such as 203.0.113.0/24 count as outside addresses here, as in users' examples.)"""
    return address.version == 4 and any(address in network for network in _INTERNAL_NETWORKS)


def _reachable_from_outside(address: ipaddress.IPv4Address) -> bool:
    return not (
        is_internal(address)
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    )


def _ipv4(text: str, role: str, role_ko: str) -> ipaddress.IPv4Address:
    address = parse_address(text)
    if address.version != 4:
        raise ExposureError(
            f"{role} '{text}' is IPv6; the VR forwards IPv4 addresses",
            f"{role_ko} '{text}'은(는) IPv6입니다. VR은 IPv4 주소를 포워딩합니다",
        )
    return address  # type: ignore[return-value]


def vm_address(text: str) -> ipaddress.IPv4Address:
    vm_ip = _ipv4(text, "VM address", "VM 주소")
    if not is_internal(vm_ip) or vm_ip in PRIVATE_IP_POOL:
        raise ExposureError(
            f"'{text}' is not a VM's internal address; give the VM's private IP that the VR forwards to "
            "(e.g. 10.20.X.10)",
            f"'{text}'은(는) VM의 내부 주소가 아닙니다. VR이 포워딩할 VM의 사설 IP를 알려주세요 (예: 10.20.X.10)",
        )
    return vm_ip


def public_address(
    text: str, access: Literal["internet", "vpn"]
) -> tuple[ipaddress.IPv4Address, list[Notice], list[Notice]]:
    """The address the VR receives on, checked against the access path; warnings and notes about it."""
    address = _ipv4(text, "public IP", "Public IP")
    warnings: list[Notice] = []
    notes: list[Notice] = []
    if access == "internet" and not _reachable_from_outside(address):
        raise ExposureError(
            f"'{text}' is a private address: from the internet the VR is reached on a public IP of your account's "
            "pool (Cheonan: 14.63.0.0/16 or 211.253.0.0/16); for VPN or leased-line access choose access 'vpn'",
            f"'{text}'은(는) 사설 주소입니다. 인터넷에서는 계정에 할당된 Public IP(천안: 14.63.0.0/16 또는 "
            "211.253.0.0/16)로 VR에 접속합니다. VPN·전용회선 접속이면 접속 경로를 'vpn'으로 지정하세요",
        )
    if access == "vpn" and not is_internal(address):
        raise ExposureError(
            f"'{text}' is a public address: over VPN or a leased line the VR of ent-priv is reached on a Private IP "
            "of your account's pool (10.220.0.0/16)",
            f"'{text}'은(는) 공인 주소입니다. VPN·전용회선으로는 ent-priv의 VR에 계정의 Private IP(10.220.0.0/16)로 "
            "접속합니다",
        )
    known = [r for r in cloud_ranges_of(ipaddress.IPv4Network(address)) if r.zone != "private" or access == "vpn"]
    if access == "internet" and not known:
        warnings.append(
            Notice(
                f"{address} is not in the guide's public IP pools (Cheonan: 14.63.0.0/16 or 211.253.0.0/16): check "
                "that it is a public IP assigned to your account.",
                f"{address}은(는) 가이드의 Public IP 대역(천안: 14.63.0.0/16 또는 211.253.0.0/16)이 아닙니다. 계정에 "
                "할당된 Public IP인지 확인하세요.",
                "product-request",
            )
        )
    if access == "vpn" and address not in PRIVATE_IP_POOL:
        warnings.append(
            Notice(
                f"{address} is not in the guide's Private IP pool (10.220.0.0/16): check that it is a Private IP "
                "assigned to your account.",
                f"{address}은(는) 가이드의 Private IP 대역(10.220.0.0/16)이 아닙니다. 계정에 할당된 Private IP인지 "
                "확인하세요.",
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
