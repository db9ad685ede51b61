"""How the chat reads a request to expose a VM's service: whether a message asks for it, which address is the
VM, which the IP the VR receives on and which the client, which ports, and how a follow-up changes them."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from assistant.extraction import Address, MessageParameters
from assistant.toolkit.firewall import FIREWALL_WORDS, FORM_FILL_WORDS, OPEN_WORDS, merged_ports
from assistant.word_patterns import any_word
from tools.cloud_ranges import cloud_ranges_of
from tools.exposure_addresses import PRIVATE_IP_POOL, is_internal
from tools.firewall import SERVICES

__all__ = ["asks_for_exposure", "merge_exposure", "read_exposure"]

_OUTSIDE = r"(?:외부|인터넷|밖)\s*(?:에서|으로|로|에|망)?\s*(?:접속|접근|오픈|열|서비스|연결|노출|공개)"
EXPOSE_WORDS = any_word(
    r"공개(?!\s*(?:ip|아이피|주소|키))", r"포트\s*포워딩", _OUTSIDE, r"\bexpos", r"\bpublish", r"\bport[- ]?forward",
    r"\bforward\w*\b.{0,60}\bto\b", r"\b(?:reachable|accessible|available)\s+(?:from|over|on|to)\b",
    r"\bmake\b.{0,60}\b(?:reachable|accessible)\b", r"\breach\w*\b.{0,30}\bfrom\s+(?:the\s+)?(?:internet|outside)",
    r"\baccess\b.{0,40}\bfrom\s+(?:the\s+)?(?:internet|outside|office|home)",
    r"(?:외부|공인|퍼블릭)\s*포트", r"\b(?:outside|external|public)\s+port",
)  # fmt: skip
PLAN_WORDS = any_word(
    r"정리해", r"만들어", r"작성해", r"짜\s*줘", r"계획", r"\bplan\b", r"\bprepare\b", r"\bdraft\b", r"\bgenerate\b",
    r"\bset\s+(?:it\s+|this\s+)?up\s+for\s+(?:me|us)\b",
)  # fmt: skip
VM_WORDS = any_word(
    r"\bvms?\b", r"서버", r"\bservers?\b", r"\binstances?\b", r"인스턴스", r"\bmachines?\b", r"\bhosts?\b"
)
LEAK_WORDS = any_word(r"비밀번호", r"패스워드", r"\bpassword", r"유출", r"\bleak", r"해킹", r"\bhack", r"\bbreach")
VPN_WORDS = any_word(r"\bvpn\b", r"전용\s*회선", r"\bleased\s+line", r"\bdedicated\s+line")
INTERNET_WORDS = any_word(r"인터넷", r"외부", r"\binternet\b", r"\boutside\b", r"\bpublic\b")
ANYONE_WORDS = any_word(r"\banyone\b", r"\beveryone\b", r"\banywhere\b", r"누구나", r"어디서(?:든|나)", r"모든\s*곳")
_CUES = (
    ("source", any_word(r"\bfrom", r"\boffice", r"\bhome", r"\bclients?\b", r"\bsource", r"사무실", r"회사", r"집",
                        r"출발지", r"고객사", r"클라이언트", r"본사", r"\bpartners?\b")),
    ("public_ip", any_word(r"\bvia\b", r"\bpublic\s*ip", r"\bpublic\s+address", r"공인\s*ip", r"공개\s*ip",
                           r"퍼블릭\s*ip", r"\bas\b", r"사설\s*ip")),
    ("vm_ip", any_word(r"\bvms?\b", r"서버", r"\bservers?\b", r"\binstance", r"\bguest\b", r"내부\s*(?:ip|주소)",
                       r"\binternal\b")),
)  # fmt: skip
_PUBLIC_PORT = re.compile(
    r"(?:외부|공인|퍼블릭|outside|external|public)(?:\s*(?:에서\s*들어오는|쪽|facing))?\s*(?:포트|port|side)"
    r"\D{0,20}?(?:(\d{1,5})\s*(?:말고|대신|아니고)\s*)?(\d{1,5})",
    re.I,
)
_RECEIVED_INSTEAD = re.compile(
    r"(\d{1,5})\s*(?:말고|대신)\s*(\d{1,5})\s*(?:번\s*)?(?:으로|로)?\s*(?:받|열|오픈|바꿔|변경)"
)
""""ssh를 22 말고 2222로 받고 싶어요": the service stays on its port, the outside receives on the other."""
_COMES_FROM = re.compile(r"[\s)\]]*(?:에서|으로부터|로부터|부터)")
_NEAR_PORT = re.compile(r"(?<![\d.])(\d{1,5})(?![\d.])")


def _host(address: Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_interface(address.text.split()[0]).ip
    except ValueError:
        return None


def _cue(text: str, address: Address) -> str | None:
    """The role named by the word closest before the address ("from the office …", "via …", "vm ip는 …")."""
    window = text[max(0, address.start - 30) : address.start]
    found = [(m.end(), role) for role, pattern in _CUES for m in pattern.finditer(window)]
    if not found:
        return None
    end, role = max(found)
    return role if len(window[end:].split()) <= 2 else None


def _place(address: Address, text: str, vpn: bool) -> str:
    """Which value an address is: the role its cue word names; else who connects (a network; an outside
    address), the VM (an internal address), or the IP the VR receives on (one of the guide's public ranges; the
    Private IP pool over VPN; an outside address the message sends to)."""
    host = _host(address)
    if host is None:
        return "source"
    network = ipaddress.ip_interface(address.text.split()[0]).network
    if address.has_prefix and host == network.network_address and network.prefixlen < network.max_prefixlen:
        return "source"  # a network is who connects, never one machine
    if (cue := _cue(text, address)) is not None:
        return cue
    if is_internal(host):
        if _COMES_FROM.match(text, address.start + len(address.text.split()[0])):
            return "source"  # "192.168.1.5에서 …"
        return "public_ip" if vpn and host in PRIVATE_IP_POOL else "vm_ip"
    if cloud_ranges_of(ipaddress.ip_network(host)):  # also in "14.63.1.20:8080 → 10.20.5.10:80"
        return "public_ip"
    return "public_ip" if address.role == "destination" else "source"


def _places(text: str, found: MessageParameters, vpn: bool) -> dict[str, Address]:
    places: dict[str, Address] = {}
    for address in found.endpoints:
        place = _place(address, text, vpn)
        if place == "vm_ip" and "vm_ip" in places:
            place = "public_ip"  # a second internal address is where the VR receives (the tool checks it)
        places.setdefault(place, address)
    return places


def asks_for_exposure(text: str, found: MessageParameters) -> bool:
    """Whether the message asks to make a VM's service reachable: it names the VM's address with an address the VR
    would receive on or words of exposing or opening, or names a VM and asks for the plan. A message that asks for
    the firewall form itself, opens an address the firewall form can place (a public IP, an LB or Private Zone
    address), or is about a leaked password is not one."""
    if LEAK_WORDS.search(text) or FORM_FILL_WORDS.search(text):
        return False  # "make the firewall request form for 14.63.10.20": the form is what is asked for
    places = _places(text, found, bool(VPN_WORDS.search(text)))
    vm = places.get("vm_ip")
    if vm is not None:  # the firewall form cannot open a VM's internal address; this plan is what it needs
        host = _host(vm)
        guarded = host is not None and any(r.firewall for r in cloud_ranges_of(ipaddress.ip_network(host)))
        exposing = "public_ip" in places or bool(EXPOSE_WORDS.search(text))
        return exposing or (bool(OPEN_WORDS.search(text)) and not guarded)
    if FORM_FILL_WORDS.search(text) or (FIREWALL_WORDS.search(text) and found.endpoints):
        return False
    if not EXPOSE_WORDS.search(text):
        return False
    asks_for_plan = bool(PLAN_WORDS.search(text)) and bool(found.ports or found.services or VM_WORDS.search(text))
    return asks_for_plan or (bool(found.endpoints) and bool(VM_WORDS.search(text)))


def _standalone_numbers(text: str, found: MessageParameters) -> list[str]:
    """Bare numbers that can be ports ("both 80 and 443"), not parts of names such as "web01"."""
    return [
        n
        for n in found.numbers
        if 1 <= int(n) <= 65535 and re.search(rf"(?<![\w.:]){n}(?!\w|\.\d)", text, re.ASCII) is not None
    ]


def _near_port(text: str, address: Address, ports: list[str]) -> str | None:
    """A port written right after an address: "10.20.5.10:80", "14.63.1.20 port 8080", "10.20.5.10의 443 포트"."""
    if address.port:
        return address.port
    end = address.start + len(address.text.split()[0])
    following = _NEAR_PORT.search(text[end : end + 16])
    return following.group(1) if following and following.group(1) in ports else None


def _service_and_public_port(
    text: str, found: MessageParameters, places: dict[str, Address]
) -> tuple[list[str], int | None]:
    """The VM's ports as the user named them, and the public port when it differs."""
    numbers = list(found.ports) or _standalone_numbers(text, found)
    named_ports = {str(SERVICES[name][1]) for name in found.services if SERVICES[name][1] is not None}
    ports = [*numbers, *(s for s in found.services if str(SERVICES[s][1]) not in numbers)]
    public_port = None
    received = _RECEIVED_INSTEAD.search(text)
    if (stated := _PUBLIC_PORT.search(text)) is not None:  # "외부 포트는 3389 말고 13389로", "outside port 2222"
        public_port = stated.group(2)
    elif received is not None and received.group(1) in named_ports:
        public_port = received.group(2)
    else:
        vm, public = places.get("vm_ip"), places.get("public_ip")
        vm_port = _near_port(text, vm, numbers) if vm else None
        near_public = _near_port(text, public, numbers) if public else None
        if vm_port and near_public and vm_port != near_public:  # "14.63.1.20 port 80 → 10.20.5.10 port 8080"
            ports, public_port = [vm_port], near_public
    if public_port is not None:
        left = [p for p in ports if p != public_port and p not in named_ports]
        ports = list(found.services) or left[:1]
    if found.protocol == "udp":
        ports = [f"{p}/udp" if p.isdigit() else p for p in ports]
    return list(dict.fromkeys(ports)), int(public_port) if public_port else None


def read_exposure(text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
    """The input values the message states, by field name."""
    params: dict[str, Any] = {}
    if VPN_WORDS.search(text):
        params["access"] = "vpn"
    elif INTERNET_WORDS.search(text) and known.get("access") == "vpn":
        params["access"] = "internet"  # back from the VPN path of an earlier request
    places = _places(text, found, params.get("access", known.get("access")) == "vpn")
    for place in ("vm_ip", "public_ip"):
        if place in places:
            params[place] = str(_host(places[place]))
    if "source" in places:
        params["source"] = places["source"].text
    if found.any_source or ANYONE_WORDS.search(text):
        params["source"] = "any"
    ports, public_port = _service_and_public_port(text, found, places)
    if ports:
        params["service"] = ",".join(ports)
    if public_port is not None:
        params["public_port"] = public_port
    return params


def merge_exposure(text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
    """What the conversation knew, changed by this message: a bare number is the missing or a changed port ("443",
    "그럼 3389는?"), "also 80" adds one; a port mapping is dropped when the VM or the service changes."""
    stated = read_exposure(text, found, known)
    if "service" in stated and known.get("service"):
        stated["service"] = merged_ports(text, known["service"].split(","), stated["service"].split(","))
    changed = any(name in stated and stated[name] != known.get(name) for name in ("vm_ip", "service"))
    merged = {**known, **stated}
    if changed and "public_port" not in stated:
        merged.pop("public_port", None)  # a different public port belonged to the earlier service
    return merged
