"""The route-command generator as a chat tool: Public Zone ↔ Private Zone routes, both directions, every form."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from assistant.answer_draft import AnswerDraft, Cite, CodeBlock, Note
from assistant.extraction import Address, MessageParameters
from assistant.responses import Language
from assistant.toolkit.base import ChatTool, CliShape, FollowUps, notice_json
from assistant.toolkit.endpoints import assign_endpoints, is_cip, with_lone_role, zone_of
from assistant.word_patterns import any_word
from assistant.wording import Phrase
from tools.notices import Notice
from tools.route_direction import RouteDirection
from tools.routes import RoutePlan, plan_routes

__all__ = ["RouteCommands", "RoutesInput"]

ROUTE_WORDS = any_word(r"라우팅", r"라우트", r"\broute\b", r"\broutes\b", r"\brouting\b", r"경로\s*(?:추가|등록)")
ASKS_FOR_COMMANDS = any_word(r"명령", r"커맨드", r"\bcommands?\b", r"\bcmd\b")
REACH_WORDS = any_word(
    r"\breach",
    r"\btalk to\b",
    r"\bcommunicat",
    r"\bconnect to\b",
    r"통신",
    r"접근",
    r"붙(?:어야|으려면|게)",
    r"가려면",
    r"가야",
    r"닿",
)


_ON_THE_SERVER = re.compile(r"^\s*(?:서버|server|vm)?\s*에(?!서|게)", re.IGNORECASE)


def _server_it_goes_on(address: Address, text: str) -> Address:
    """ "서버 10.21.4.7에 라우팅 추가": a host followed by 에 is where the route is added, not where it leads."""
    after = text[address.start + len(address.text) :]
    if address.role == "destination" and not address.has_prefix and _ON_THE_SERVER.match(after):
        return replace(address, role="source")
    return address


class RoutesInput(BaseModel):
    source: str = Field(description="The server's CIP, optionally with its prefix, e.g. '10.20.5.2' or '10.20.5.2/24'.")
    destination: str = Field(description="The other zone's CIP network, e.g. '10.21.5.0/24'.")
    interface: str = Field("eth1", description="The CIP interface on the server (Linux name).")
    os: Literal["linux", "rhel", "centos", "ubuntu", "windows"] = Field("linux", description="The server's OS.")
    zone: Literal["public", "private"] | None = Field(
        None, description="The server's zone when it cannot be read from the address (10.20 = public, 10.21 = private)."
    )
    peer: str | None = Field(None, description="A server address on the other side, for the ping check.")
    gateway: str | None = Field(None, description="The server side's gateway, when not the guide's .1 convention.")
    language: Language = Field("en", description="Language of warnings and assumptions.")


_ZONE_NAME = {"public": "Public", "private": "Private"}
_INTRO = Phrase(
    "{zone} 서버({server})에서 {destination} 대역으로 가는 라우팅 명령어입니다 ({via}).",
    "Route commands on the {zone} server ({server}) to reach {destination} ({via}).",
)
_VIA_GATEWAY = Phrase("게이트웨이 {gateway}", "gateway {gateway}")
_VIA_GATEWAY_AND_INTERFACE = Phrase(
    "게이트웨이 {gateway}, 인터페이스 {interface}", "gateway {gateway}, interface {interface}"
)
_REVERSE = Phrase(
    "**반대 방향**: 상대편 {zone} 서버({network})에도 {destination} 대역을 등록해야 양방향 통신이 됩니다.",
    "**Reverse route**: the {zone} server ({network}) must also register {destination} for traffic to flow both ways.",
)
_PING_AFTERWARDS = Phrase(
    "등록 후에는 상대방 IP를 대상으로 ping 확인을 해서 정상 통신 여부를 확인하세요 (가이드).",
    "After registering the routes, ping the other side's IP to confirm the connection (as the guide says).",
)
_VERIFY_BEFORE_SENDING = Phrase(
    "CIP Inter-AZ 작업이 완료됐는지, 고객이 알려준 CIP와 대역이 맞는지 확인하세요.",
    "Verify the CIP Inter-AZ work is done and the customer's CIPs and ranges are right.",
)
# Which command forms an answer shows, by OS, and under which label.
_BLOCKS: dict[str, tuple[tuple[str, Phrase], ...]] = {
    "windows": (
        ("windows", Phrase("등록 (재부팅 후에도 유지)", "Add (persistent across reboots)")),
        ("verify_windows", Phrase("확인", "Check")),
        ("rollback_windows", Phrase("되돌리기", "Undo")),
    ),
    "ubuntu": (
        ("ip_route", Phrase("즉시 등록", "Add now")),
        ("netplan", Phrase("재부팅 후에도 유지 (netplan)", "Keep after reboot (netplan)")),
        ("verify", Phrase("확인", "Check")),
        ("rollback_ip", Phrase("되돌리기", "Undo")),
    ),
    "linux": (
        ("route", Phrase("즉시 등록 (가이드의 route 명령)", "Add now (the guide's route command)")),
        ("ip_route", Phrase("또는 ip 명령", "Or with ip")),
        ("persistent_rhel", Phrase("재부팅 후에도 유지", "Keep after reboot")),
        ("verify", Phrase("확인", "Check")),
        ("rollback", Phrase("되돌리기", "Undo")),
    ),
}


def _route_blocks(direction: RouteDirection, os: str, language: str, primary: bool) -> list[CodeBlock]:
    plan = _BLOCKS.get(os, _BLOCKS["linux"])
    if not primary:  # the other side: how to add and check, not every form again
        plan = tuple(p for p in plan if p[0] in ("route", "windows", "ip_route", "verify", "verify_windows"))
        if os not in ("windows", "ubuntu"):
            plan = tuple(p for p in plan if p[0] != "ip_route")
    commands = direction.commands()
    return [
        CodeBlock(
            f"**{label(language)}**", commands[key], "yaml" if key == "netplan" else "console", group=direction.name
        )
        for key, label in plan
    ]


def _server(direction: RouteDirection) -> str:
    return str(direction.server_address or direction.server_network)


def _about_first(notices: Sequence[Notice], direction: str) -> list[Notice]:
    """The notices about `direction` first, then those about both, then the other direction's."""
    rank = {direction: 0, None: 1}
    return sorted(notices, key=lambda n: rank.get(n.direction, 2))


class RouteCommands(ChatTool[RoutesInput, RoutePlan]):
    kind = "routes"
    name = "route_commands"
    command = "routes"
    summary = "Route commands between the Public and Private Zone, both directions"
    description = "Route commands between the Public and Private Zone, both directions, every form."
    input_model = RoutesInput
    section_id = "zone-routing"
    offers = Phrase("라우팅 명령어", "route commands")
    produces = Phrase("라우팅 명령어를", "the route commands")
    asks: ClassVar[Mapping[str, Phrase]] = {
        "source": Phrase(
            "라우팅을 등록할 서버의 CIP 주소 (예: Public 서버 10.20.X.2)",
            "the CIP of the server to configure (e.g. the Public server 10.20.X.2)",
        ),
        "destination": Phrase(
            "상대 존의 네트워크 대역 (예: 10.21.X.0/24)", "the other zone's network range (e.g. 10.21.X.0/24)"
        ),
    }
    follow_ups = FollowUps(
        ("그럼 반대 방향은?", "Windows 서버라면요?"), ("And the other direction?", "And for Windows?")
    )
    cli = CliShape(options={"source": "--from", "destination": "--to", "language": "--lang"})

    def run(self, params: RoutesInput) -> RoutePlan:
        return plan_routes(
            params.source,
            params.destination,
            interface=params.interface,
            os=params.os,
            zone=params.zone,
            peer=params.peer,
            gateway=params.gateway,
        )

    def to_json(self, result: RoutePlan, params: RoutesInput) -> dict[str, Any]:
        language = params.language
        return {
            "os": result.os,
            "section_id": result.section_id,
            "directions": [
                {
                    "name": d.name,
                    "server_zone": d.server_zone,
                    "server_network": str(d.server_network),
                    "server_address": None if d.server_address is None else str(d.server_address),
                    "gateway": str(d.gateway),
                    "destination": str(d.destination),
                    "interface": d.interface,
                    "peer": None if d.peer is None else str(d.peer),
                    "commands": d.commands(),
                }
                for d in result.directions
            ],
            "warnings": [notice_json(n, language) for n in result.warnings],
            "assumptions": [notice_json(n, language) for n in result.assumptions],
        }

    def render_text(self, result: RoutePlan, params: RoutesInput) -> str:
        lines = []
        for d in result.directions:
            lines.append(f"## {d.name}: on the {d.server_zone} server ({d.server_network})")
            lines += [f"# {name}\n{command.rstrip()}\n" for name, command in d.commands().items()]
        lines += [f"! {n.message(params.language)}" for n in result.warnings]
        lines += [f"* {n.message(params.language)}" for n in result.assumptions]
        lines.append(f"(guide: /guide#{result.section_id})")
        return "\n".join(lines)

    def compose(
        self, result: RoutePlan, params: RoutesInput, language: str, cite: Cite, focus: str | None
    ) -> AnswerDraft:
        directions = list(result.directions)
        if focus == "reverse":
            directions.reverse()
        primary, os = directions[0], result.os
        via = (_VIA_GATEWAY if os == "windows" else _VIA_GATEWAY_AND_INTERFACE)(
            language, gateway=primary.gateway, interface=primary.interface
        )
        intro = _INTRO(
            language,
            zone=_ZONE_NAME[primary.server_zone],
            server=_server(primary),
            destination=primary.destination,
            via=via,
        )
        blocks = _route_blocks(primary, os, language, primary=True)
        if len(directions) > 1:  # both ends are Enterprise Cloud CIPs: remind the route back
            other = directions[1]
            reverse_label = _REVERSE(
                language,
                zone=_ZONE_NAME[other.server_zone],
                network=other.server_network,
                destination=other.destination,
            )
            reverse_blocks = _route_blocks(other, os, language, primary=False)
            first = reverse_blocks[0]
            reverse_blocks[0] = CodeBlock(
                reverse_label + "\n\n" + first.label, first.code, first.language, group=first.group
            )
            blocks += reverse_blocks
        notes = [Note(w.message(language), "warning") for w in result.warnings]
        shown = "reverse" if focus == "reverse" else "forward"  # the direction the answer leads with, first
        notes += [Note(a.message(language), "info") for a in _about_first(result.assumptions, shown)]
        notes.append(Note(_PING_AFTERWARDS(language)))
        sections = [result.section_id, *(n.section_id for n in (*result.warnings, *result.assumptions))]
        internal = [a.message(language) for a in result.assumptions]
        internal.append(_VERIFY_BEFORE_SENDING(language))
        return AnswerDraft(language, intro, blocks=blocks, notes=notes, citations=cite(sections), internal=internal)

    def wants(self, text: str, found: MessageParameters) -> bool:
        if ROUTE_WORDS.search(text) and (ASKS_FOR_COMMANDS.search(text) or found.addresses):
            return True
        # "our web server CIP is 10.20.14.5 and it needs to reach 10.21.30.0/24: what do I type?": a server in one
        # zone that must reach a network in the other is what a route is for, named or not
        hosts = {zone_of(a.text) for a in found.endpoints if not a.has_prefix}
        networks = {zone_of(a.text) for a in found.endpoints if a.has_prefix}
        across = any(h and n and h != n for h in hosts for n in networks)
        return across and bool(REACH_WORDS.search(text))

    def read(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        endpoints = tuple(_server_it_goes_on(a, text) for a in with_lone_role(found, known))
        hosts = [a for a in endpoints if not a.has_prefix]
        networks = [a for a in endpoints if a.has_prefix]
        if len(endpoints) == 2 and len(hosts) == 1 and not any(a.role == "source" for a in endpoints):
            source, destination = hosts[0], networks[0]  # "a route on 10.21.15.6 towards 10.20.15.0/24": the host
        else:  # is the server, the network where it goes
            source, destination = assign_endpoints(endpoints)
        params: dict[str, Any] = {}
        if source:
            params["source"] = source.text
        if destination:
            params["destination"] = destination.text
        for name, value in (("os", found.os), ("interface", found.interface)):
            if value:
                params[name] = value
        for role in ("gateway", "peer"):
            if (address := found.with_role(role)) is not None:
                params[role] = address.text
        if found.zones and source is not None and not is_cip(source.text):
            params["zone"] = found.zones[0]
        return params

    def takes(self, found: MessageParameters) -> bool:
        return bool(found.os or found.interface or found.addresses)
