"""Tool parameters read from free text, in Korean or English: addresses and their roles, ports, services, zone, OS.

"Public 서버(10.20.5.2)에서 Private 존 10.21.5.0/24로 가는 라우팅 명령어" gives a source and a destination;
"open RDP 3389 from any to 14.63.2.9" a source, a destination, a service and a port. Values are kept as the user
wrote them: the tools parse and validate them, so a wrong value gets the tool's precise error, never a guess.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal

from assistant.word_patterns import ascii_word_pattern
from tools.firewall import SERVICES

__all__ = ["Address", "MessageParameters", "extract_parameters"]

Role = Literal["source", "destination", "gateway", "peer"]


_OCTET = r"\d{1,3}"
_ADDRESS = re.compile(
    rf"(?<![\d.])({_OCTET}(?:\.{_OCTET}){{3}})"
    rf"(?:\s*/\s*(\d{{1,3}})(?!\.?\d)|[\s,]+(?:(?:with|and)\s+)?(?:(?:the|a)\s+)?(?:(?:net|subnet\s*)?mask\s*(?:of\s+|is\s+|:\s*|=\s*)?|넷마스크\s*)?"
    rf"(255\.{_OCTET}\.{_OCTET}\.{_OCTET}))?(?!\.?\d)",
    re.IGNORECASE,
)
_IPV6 = re.compile(
    r"(?<![0-9A-Za-z:.])((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?:\s*/\s*(\d{1,3}))?(?![0-9A-Za-z:])"
)
_SOURCE_AFTER = re.compile(r"^[\s)\]]*(?:에서|으로부터|로부터|부터|발|→|->)")
_DESTINATION_AFTER = re.compile(r"^[\s)\]]*(?:으로|로|까지|에(?!서)|에게|를\s*향|쪽|방향)")
_PORT_AFTER = re.compile(r"^:(\d{1,6})(?!\d)")  # "10.20.5.10:22를": a Korean particle may follow
_PARTICLE = r"\s*(?:는|은|가|이|를|을|:|=|\(|is)?\s*"
_SOURCE_BEFORE = ascii_word_pattern(
    rf"(?:\bfrom|\bsource(?:\s+ip)?|\bsrc|\bfor|출발지(?:\s*ip)?|소스(?:\s*ip)?|사무실(?:\s*ip)?|고객사?(?:\s*ip)?|"
    rf"\b(?:office|company|client|vendor|home)(?:\s+(?:ip|ips|range|network|subnet|address|block))?)"
    rf"{_PARTICLE}$",
    re.I,
)
_DESTINATION_BEFORE = ascii_word_pattern(
    rf"(?:\bto|\bon|\bbehind|\btowards?|\bdestination(?:\s+ip)?|\bdst|\bdest|\breach|목적지(?:\s*ip)?|대상(?:\s*ip)?|→|->)"
    rf"{_PARTICLE}$",
    re.I,
)
_GATEWAY_BEFORE = ascii_word_pattern(
    r"(?:\bgw|\bgateway|게이트웨이)(?:(?!\d{1,3}(?:\.\d{1,3}){3})[^,;\n]){0,32}$", re.I
)
"""A gateway named up to a few words before the address, with no other address between ("게이트웨이가 .1이 아니라
10.21.44.254", "the gateway on that CIP is 10.20.50.254")."""
_PEER_BEFORE = ascii_word_pattern(
    r"(?:\bping(?:\s+(?:the|a|my|our|to))?(?:\s+[\w-]+){0,2}|\bpeer|상대(?:편|방)?\s*(?:서버|ip)?)\s*(?:는|은|:|=|is)?\s*$",
    re.I,
)
_PEER_AFTER = re.compile(r"^[\s)\]]*(?:으로|로|에|에다|한테|를|을)?\s*(?:핑|ping)", re.I)
_ANY_SOURCE = ascii_word_pattern(
    r"(?:\bfrom\s+(?:any(?:where)?|all|everywhere|the\s+internet)\b|\bany\b(?!\s+(?:other|more|way|idea|of)\b)|"
    r"(?:모든|전체|아무)\s*(?:곳|ip|IP|출발지|대역|사용자)?\s*에서|출발지\s*(?:는|은|:)?\s*(?:any|전체|모두)|"
    r"어디서(?:든|나)|아무\s*데서(?:나|든)?|누구나)",
    re.I,
)
_PORT_NUMBER = r"\d{1,6}(?:\s*(?:[-~]|\bto\b|부터)\s*\d{1,6}(?:\s*까지)?)?"
_PORT_LIST = rf"{_PORT_NUMBER}(?:\s*(?:,|/|and|및|과|와|이랑|랑|하고|그리고)\s*{_PORT_NUMBER})*"
_PORT_PATTERNS = (  # lists and ranges first: a number inside one is not read again on its own
    ascii_word_pattern(rf"(?:포트|\bports?\b)\s*(?:번호)?\s*(?:는|은|:|=|#)?\s*({_PORT_LIST})", re.I),
    ascii_word_pattern(rf"({_PORT_LIST})\s*번?\s*(?:포트|\bports?\b)", re.I),
    ascii_word_pattern(rf"(?:\bopen|\ballow|\bunblock)\w*\s+(?:tcp\s+|udp\s+)?(?:ports?\s+)?({_PORT_LIST})\b", re.I),
    ascii_word_pattern(rf"({_PORT_LIST})\s+(?:opened|open|allowed|unblocked)\b", re.I),
    ascii_word_pattern(rf"({_PORT_LIST})\s*(?:번\s*)?(?:포트)?\s*(?:을|를)?\s*(?:열어|열고|오픈|허용|개방)", re.I),
    ascii_word_pattern(r"(\d{1,6})\s*/\s*(?:tcp|udp)\b", re.I),
    ascii_word_pattern(rf"(?:tcp|udp)\s*/?\s*({_PORT_LIST})\b", re.I),
    re.compile(r"(\d{2,6})\s*번(?!\s*(?:째|방법|항목|질문|문제|문의))"),
)
_SERVICE_NAMES = {name: name for name in SERVICES} | {
    "원격 데스크톱": "rdp",
    "원격데스크톱": "rdp",
    "remote desktop": "rdp",
    "핑": "ping",
    "postgresql": "postgresql",
}
_SERVICE = re.compile(
    r"(?<![A-Za-z0-9])(" + "|".join(re.escape(s) for s in sorted(_SERVICE_NAMES, key=len, reverse=True)) + r")"
    r"(?!://)(?:\s*\(\s*(\d{1,6})\s*\)|\s+(\d{1,6})(?![\d,~-]))?(?![A-Za-z0-9])",
    re.I,
)
_PROTOCOL = re.compile(r"(?<![A-Za-z])(tcp|udp|icmp)(?![A-Za-z])", re.I)
_OS_WORDS = (
    ("windows", r"windows|윈도우즈?|윈도"),
    ("ubuntu", r"ubuntu|우분투|netplan"),
    ("centos", r"centos|센토스"),
    ("rhel", r"rhel|red\s*hat|레드햇|rocky|록키|alma"),
    ("linux", r"linux|리눅스"),
)
_OS = [(name, re.compile(rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])", re.I)) for name, pattern in _OS_WORDS]
_ZONES = (
    ("public", re.compile(r"public|퍼블릭|공용\s*존|dmz", re.I)),
    ("private", re.compile(r"private|프라이빗|프라이베이트|사설\s*존", re.I)),
)
_INTERFACE = re.compile(r"(?<![A-Za-z0-9])(eth\d{1,2}|ens\d{1,4}|enp\d{1,3}s\d{1,3}|eno\d{1,3})(?![A-Za-z0-9])", re.I)
_SPLIT = ascii_word_pattern(
    r"(?:/\s*(\d{1,3})\s*(?:으로|로|씩|단위로)?\s*(?:나[누눠눈]|쪼개|분할|자르|잘라|서브네팅|subnet(?:t)?ing)|"
    r"(?:subnet(?:t)?ing|서브네팅|split|divide|carve|chop)\w*\s+(?:it\s+)?(?:in)?to\s+/\s*(\d{1,3})|"
    r"(?:split|divide|cut|break|carve|chop|slice)\w*\b.{0,40}?\b(?:in)?to\s+(?:\w+\s+)?/\s*(\d{1,3})|"
    r"(?:subnets?|networks?)\s+of\s+/\s*(\d{1,3}))",
    re.I,
)


_COUNT_WORDS = {"two": 2, "four": 4, "eight": 8, "sixteen": 16, "두": 2, "네": 4, "여덟": 8, "2": 2, "4": 4,
                "8": 8, "16": 16, "32": 32, "64": 64}  # fmt: skip
_SPLIT_COUNT = ascii_word_pattern(
    r"(?:(\d{1,2}|두|네|여덟)\s*(?:개|등분)(?:의\s*(?:서브넷|대역|네트워크))?\s*(?:으로|로)?\s*(?:[가-힣]+\s+){0,2}"
    r"(?:나[누눠눈]|쪼개|분할|자르|잘라)|"
    r"(?:split|divide|cut|break|carve)\w*\b.{0,30}?\b(?:in)?to\s+(\d{1,2}|two|four|eight|sixteen)\b"
    r"(?!\s*\.\d)(?:\s+(?:equal\s+)?(?:subnets?|networks?|parts?|pieces?|blocks?))?)",
    re.I,
)
_BARE_PREFIX = re.compile(r"(?<![\d.\w])/\s*(\d{1,2})(?!\d|\s*(?:으로|로|씩|단위)\s*(?:나|쪼|분|자|잘))")


_NEGATED_AFTER = re.compile(r"^\s*(?:이|가|은|는)?\s*(?:말고|아니고|아니라|대신)")
_NEGATED_BEFORE = re.compile(r"(?:\bnot|\binstead of|\brather than|\bno longer)\s+(?:the\s+)?$", re.I)


def _negated(text: str, start: int, end: int) -> bool:
    """A value the message corrects away: "eth1이 아니라 ens5", "10.21.3.0/24 말고 …", "not linux", "instead of 22"."""
    return bool(_NEGATED_AFTER.match(text[end : end + 12]) or _NEGATED_BEFORE.search(text[max(0, start - 16) : start]))


def _first_kept(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(text) if not _negated(text, m.start(), m.end())), None)


@dataclass(frozen=True, slots=True)
class Address:
    """An address or network as written (a netmask turned into /prefix), where it was, and its role if stated."""

    text: str
    start: int
    has_prefix: bool
    role: Role | None = None
    port: str | None = None


@dataclass(frozen=True, slots=True)
class MessageParameters:
    """Everything a tool could use that the message states; absent values are None or empty."""

    addresses: tuple[Address, ...] = ()
    ports: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    protocol: str | None = None
    os: str | None = None
    zones: tuple[str, ...] = ()
    interface: str | None = None
    any_source: bool = False
    split_prefix: int | None = None
    split_count: int | None = None
    """"split it into four": how many equal subnets (the tool works out the prefix from the network's)."""
    bare_prefix: int | None = None
    """"/27" on its own ("what's the netmask of a /27?"): a network size without an address."""
    numbers: tuple[str, ...] = ()
    """Bare numbers outside addresses: ports when a firewall request is being continued ("also 443")."""

    def with_role(self, role: Role) -> Address | None:
        return next((a for a in self.addresses if a.role == role), None)

    @property
    def endpoints(self) -> tuple[Address, ...]:
        """Addresses that are a source or destination (or not yet assigned), not gateways or ping peers."""
        return tuple(a for a in self.addresses if a.role in (None, "source", "destination"))

    @property
    def is_empty(self) -> bool:
        return not (
            self.addresses
            or self.ports
            or self.services
            or self.os
            or self.any_source
            or self.split_prefix
            or self.split_count
            or self.bare_prefix is not None
        )


def _netmask_prefix(mask: str) -> int | None:
    try:
        value = int.from_bytes(bytes(int(o) for o in mask.split(".")), "big")
    except ValueError:
        return None
    inverted = ~value & 0xFFFFFFFF
    return None if inverted & (inverted + 1) else 32 - inverted.bit_length()


def _role(text: str, start: int, end: int) -> Role | None:
    before, after = text[max(0, start - 24) : start], text[end : end + 16]
    for role, pattern in (("gateway", _GATEWAY_BEFORE), ("peer", _PEER_BEFORE)):
        if pattern.search(text[max(0, start - 40) : start] if role == "gateway" else before):
            return role
    if _PEER_AFTER.match(after):
        return "peer"
    if _SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(after):
        return "source"
    if _DESTINATION_BEFORE.search(before) or _DESTINATION_AFTER.match(after):
        return "destination"
    return None


def _addresses(text: str) -> tuple[list[Address], str]:
    """The addresses in order, and the text with them blanked out (so their digits are not read as ports)."""
    found: list[Address] = []
    blanked = list(text)
    for match in _ADDRESS.finditer(text):
        if _negated(text, match.start(), match.end()):
            blanked[match.start() : match.end()] = " " * (match.end() - match.start())
            continue  # corrected away: "10.21.3.0/24 말고 10.21.4.0/24"
        address, prefix, mask = match.group(1), match.group(2), match.group(3)
        shown = address
        if prefix is not None:
            shown = f"{address}/{prefix}"
        elif mask is not None:
            mask_prefix = _netmask_prefix(mask)
            shown = f"{address}/{mask_prefix}" if mask_prefix is not None else f"{address} {mask}"
        port_match = _PORT_AFTER.match(text[match.end() :])
        end = match.end() + (port_match.end() if port_match else 0)
        found.append(
            Address(
                text=shown,
                start=match.start(),
                has_prefix=prefix is not None or mask is not None,
                role=_role(text, match.start(), end),
                port=port_match.group(1) if port_match else None,
            )
        )
        blanked[match.start() : end] = " " * (end - match.start())
    for match in _IPV6.finditer(text):  # "2001:db8:10::/64"
        try:
            ipaddress.ip_address(match.group(1))
        except ValueError:
            continue
        shown = f"{match.group(1)}/{match.group(2)}" if match.group(2) else match.group(1)
        found.append(Address(shown, match.start(), match.group(2) is not None, _role(text, match.start(), match.end())))
        blanked[match.start() : match.end()] = " " * (match.end() - match.start())
    found.sort(key=lambda a: a.start)
    return found, "".join(blanked)


def _ports(text: str) -> list[str]:
    """Ports, lists and ranges; a number already read as part of an earlier match is not read again."""
    ports: list[str] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PORT_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            for piece in re.split(r"\s*(?:,|/|and|및|과|와|이랑|랑|하고|그리고)\s*", match.group(1)):
                piece = re.sub(r"\s*(?:[-~]|\bto\b|부터)\s*", "-", piece.strip().removesuffix("까지").strip())
                if piece and piece not in ports:
                    ports.append(piece)
    return ports


def _first(patterns: list[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    hits = [(m.start(), name) for name, pattern in patterns if (m := _first_kept(pattern, text))]
    return min(hits)[1] if hits else None


def extract_parameters(text: str) -> MessageParameters:
    """The tool parameters stated in `text` (already normalised and free of secrets)."""
    addresses, rest = _addresses(text)
    ports = _ports(rest)
    services: list[str] = []
    for match in _SERVICE.finditer(rest):
        name = _SERVICE_NAMES[match.group(1).lower()]
        if name in ("icmp", "ping") and not re.search(r"방화벽|firewall|허용|allow|open|오픈", text, re.I):
            continue  # "ping check" in a routing question is a test, not a port to open
        inline = match.group(2) or match.group(3)
        if inline:
            if inline not in ports:
                ports.append(inline)
        elif name not in services:
            services.append(name)
    ports += [a.port for a in addresses if a.port and a.port not in ports]
    protocol = _first_kept(_PROTOCOL, rest)
    interface = _first_kept(_INTERFACE, rest)
    split = _SPLIT.search(text)
    split_prefix = next((int(g) for g in split.groups() if g), None) if split else None
    count = _SPLIT_COUNT.search(rest) if split_prefix is None else None
    split_count = _COUNT_WORDS.get(next(g for g in count.groups() if g).lower()) if count else None
    bare = _BARE_PREFIX.search(rest) if not addresses and split_prefix is None else None
    zone_positions = {name: m.start() for name, pattern in _ZONES if (m := pattern.search(text))}
    zones = tuple(sorted(zone_positions, key=zone_positions.__getitem__))
    return MessageParameters(
        addresses=tuple(addresses),
        ports=tuple(ports),
        services=tuple(services),
        protocol=protocol.group(1).lower() if protocol else None,
        os=_first(_OS, rest),
        zones=zones,
        interface=interface.group(1).lower() if interface else None,
        any_source=bool(_ANY_SOURCE.search(text)),
        split_prefix=split_prefix,
        split_count=split_count,
        bare_prefix=int(bare.group(1)) if bare else None,
        numbers=tuple(dict.fromkeys(re.findall(r"(?<![\d/])(?<!\d\.)\d{1,6}(?!\d|\.\d)", rest))),  # "8080." too
    )
