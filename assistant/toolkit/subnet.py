"""The subnet calculator as a chat tool: figures, the Enterprise Cloud range, membership, overlap and splitting."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from assistant.answer_draft import AnswerDraft, Cite
from assistant.extraction import MessageParameters
from assistant.responses import Language
from assistant.toolkit.base import ChatTool, CliShape, FollowUps
from assistant.word_patterns import any_word
from assistant.wording import Phrase
from tools.subnet import SubnetInfo, SubnetReport, report_subnet

__all__ = ["SubnetCalculator", "SubnetInput"]

CALCULATOR_WORDS = any_word(
    r"서브넷\s*계산", r"\bsubnet\s+calc", r"\bcalc(?:ulate)?\s+(?:a\s+|the\s+|my\s+)?subnet", r"\bip\s+calc"
)
SUBNET_WORDS = any_word(
    r"서브넷", r"subnet", r"\bcidr\b", r"넷마스크", r"netmask", r"브로드캐스트", r"broadcast", r"호스트\s*(?:수|개수)",
    r"사용\s*가능한\s*(?:ip|주소|호스트)", r"\busable\b", r"\bhosts?\b", r"나[누눠눈]", r"쪼개", r"\bsplit",
    r"\bdivide", r"포함", r"속하", r"\bcontain", r"\bin the network\b", r"겹치", r"겹쳐", r"겹치나", r"\boverlap",
    r"계산", r"\bcalculat", r"wildcard", r"와일드카드", r"첫\s*(?:번째)?\s*(?:ip|주소)", r"마지막\s*(?:ip|주소)",
    r"\bfirst\b.{0,10}\baddress", r"\blast\b.{0,10}\baddress", r"몇\s*개", r"\bhow many\b", r"어느\s*(?:존|zone|대역)",
    r"\bwhich\s+(?:zone|range)\b", r"\bis\s+\d{1,3}(?:\.\d{1,3}){3}\s+(?:in|inside|within|part of)\b",
    r"무슨\s*대역", r"어떤\s*대역", r"안에\s*(?:들어|있|포함|속)", r"들어가", r"범위\s*(?:안|내)", r"\bpart of\b",
    r"\binside\b", r"\bwithin\b",
)  # fmt: skip
_CONTAINS = re.compile(r"포함|속하|속해|들어가|안에|\bcontain|\bin\b|\bwithin\b|\binside\b|part of", re.IGNORECASE)
_OVERLAP = re.compile(r"겹|overlap|충돌|conflict", re.IGNORECASE)


class SubnetInput(BaseModel):
    network: str = Field(
        description="A network or address: '10.21.7.0/26', '10.21.7.5/26', '10.21.7.0 255.255.255.192', '14.63.2.9', "
        "or IPv6."
    )
    contains: str | None = Field(None, description="An address to test for membership in the network.")
    overlaps: str | None = Field(None, description="Another network to test for overlap.")
    split_prefix: int | None = Field(None, ge=0, le=128, description="Cut the network into subnets of this prefix.")
    language: Language = Field("en", description="Language of names and notes: 'ko' or 'en'.")


_INTRO = Phrase("{given} 계산 결과입니다.", "Subnet figures for {given}:")
_ROWS = (
    Phrase("네트워크", "Network"),
    Phrase("넷마스크", "Netmask"),
    Phrase("와일드카드", "Wildcard"),
    Phrase("브로드캐스트", "Broadcast"),
    Phrase("사용 가능 호스트", "Usable hosts"),
    Phrase("전체 주소 수", "Total addresses"),
    Phrase("게이트웨이 (가이드의 .1 규칙)", "Gateway (the guide's .1 convention)"),
)
_IN_RANGE = Phrase(
    "Enterprise Cloud 대역: {name} ({range}, {firewall}) — 가이드: “{guide_text}”",
    "Enterprise Cloud range: {name} ({range}, {firewall})",
)
_NO_FIREWALL = Phrase("방화벽 구분 없음", "no firewall")
_NOT_A_CLOUD_RANGE = Phrase(
    "가이드에 나오는 Enterprise Cloud 대역이 아닙니다.", "Not one of the Enterprise Cloud ranges in the guide."
)
_HOST_ADDRESS = Phrase(
    "입력한 {given}은(는) 호스트 주소이며, 네트워크는 {network}입니다.",
    "{given} is a host address; its network is {network}.",
)
_INSIDE = Phrase("{address}은(는) {network}에 포함됩니다.", "{address} is inside {network}.")
_NOT_INSIDE = Phrase("{address}은(는) {network}에 포함되지 않습니다.", "{address} is not inside {network}.")
_OVERLAPS = Phrase("{other}와(과) 겹칩니다.", "It overlaps {other}.")
_DOES_NOT_OVERLAP = Phrase("{other}와(과) 겹치지 않습니다.", "It does not overlap {other}.")
_SPLIT_INTO = Phrase("{count}개로 나눈 결과:", "Split into {count} subnets:")
_IS_INSIDE = Phrase("네, {address}은(는) {network}에 포함됩니다.", "Yes, {address} is inside {network}.")
_IS_NOT_INSIDE = Phrase(
    "아니요, {address}은(는) {network}에 포함되지 않습니다.", "No, {address} is not inside {network}."
)
_DO_OVERLAP = Phrase("네, {network}와(과) {other}는 겹칩니다.", "Yes, {network} and {other} overlap.")
_DO_NOT_OVERLAP = Phrase(
    "아니요, {network}와(과) {other}는 겹치지 않습니다.", "No, {network} and {other} do not overlap."
)
_SPLIT_LEAD = Phrase(
    "{network}을(를) /{prefix}로 나누면 {count}개입니다:", "{network} split into /{prefix} gives {count} subnets:"
)
_SIZE_LEAD = Phrase(
    "{given}의 넷마스크는 {netmask}이고, 사용 가능한 호스트는 {usable}개(전체 주소 {total}개)입니다.",
    "A {given} has netmask {netmask} and {usable} usable hosts ({total} addresses in all).",
)
_FIGURES_LEAD = Phrase(
    "{network}: 넷마스크 {netmask}, 사용 가능 호스트 {hosts}.", "{network}: netmask {netmask}, usable hosts {hosts}."
)
_COMPUTED_WITH = Phrase("계산은 Python ipaddress 기준입니다.", "Figures computed with Python's ipaddress.")
_TEXT_FIELDS = (
    "network", "prefix", "netmask", "wildcard", "broadcast", "first_host", "last_host", "usable_hosts",
    "total_addresses", "gateway", "scope",
)  # fmt: skip


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _range_name(cloud_range, language: str) -> str:
    return cloud_range.name if language == "en" else cloud_range.name_ko


def _host_range(info: SubnetInfo) -> str:
    if info.first_host is None:
        return str(info.usable_hosts)
    return f"{info.first_host} – {info.last_host} ({info.usable_hosts})"


def _figures(info: SubnetInfo, language: str) -> dict[str, Any]:
    return {
        "input": info.given,
        "network": info.given if info.prefix_only else str(info.network),
        "prefix_only": info.prefix_only,
        "version": info.version,
        "prefix": info.prefix,
        "netmask": str(info.netmask),
        "wildcard": str(info.wildcard),
        "broadcast": _text(info.broadcast),
        "first_host": _text(info.first_host),
        "last_host": _text(info.last_host),
        "usable_hosts": info.usable_hosts,
        "total_addresses": info.total_addresses,
        "host_bits_set": info.host_bits_set,
        "given_address": _text(info.given_address),
        "gateway": _text(info.gateway),
        "gateway_assumption": info.gateway_assumption if info.gateway else None,
        "scope": None if info.prefix_only else info.scope,
        "enterprise_cloud_ranges": [
            {
                "name": _range_name(r, language),
                "range": str(r.network),
                "zone": r.zone,
                "firewall": r.firewall,
                "section_id": r.section_id,
                "guide_text": r.guide_text,
            }
            for r in info.cloud_ranges
        ],
    }


def _prefix_of(network: str | None) -> int | None:
    match = re.search(r"/(\d{1,3})$", network or "")
    return int(match.group(1)) if match else None


_USABLE = r"(?:사용\s*가능한?\s*)?(?:ip|주소|호스트)"
_FIGURE_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("broadcast", re.compile(r"브로드캐스트|broadcast", re.I)),
    ("wildcard", re.compile(r"와일드카드|wildcard", re.I)),
    ("gateway", re.compile(r"게이트웨이|gateway|\bgw\b", re.I)),
    ("first_host", re.compile(rf"첫\s*(?:번째)?\s*{_USABLE}|\bfirst\b.{{0,12}}\b(?:ip|address|host)", re.I)),
    ("last_host", re.compile(rf"마지막\s*{_USABLE}|\blast\b.{{0,12}}\b(?:ip|address|host)", re.I)),
    ("netmask", re.compile(r"넷마스크|서브넷\s*마스크|netmask|subnet mask|\bmask\b", re.I)),
)
_FIGURE_LEAD = Phrase("{network}의 {figure}: {value}.", "The {figure} of {network} is {value}.")
_FIGURE_NAMES = {
    "broadcast": Phrase("브로드캐스트 주소", "broadcast address"),
    "wildcard": Phrase("와일드카드 마스크", "wildcard mask"),
    "gateway": Phrase("게이트웨이(가이드의 .1 관례)", "gateway (the guide's .1 convention)"),
    "first_host": Phrase("첫 사용 가능 주소", "first usable address"),
    "last_host": Phrase("마지막 사용 가능 주소", "last usable address"),
    "netmask": Phrase("넷마스크", "netmask"),
}


def _figure_lead(info: SubnetInfo, figure: str, language: str) -> str | None:
    value = getattr(info, figure, None)
    if value is None or info.prefix_only:
        return None
    return _FIGURE_LEAD(language, network=info.network, figure=_FIGURE_NAMES[figure](language), value=value)


def _lead(result: SubnetReport, language: str, focus: str | None = None) -> str:
    """What the question asked, answered first: yes or no for membership and overlap, the pieces of a split,
    the one figure asked for, the mask and host count of a size or a network."""
    info = result.info
    if result.contains is not None:
        phrase = _IS_INSIDE if result.contains.inside else _IS_NOT_INSIDE
        return phrase(language, address=result.contains.address, network=info.network)
    if result.overlaps is not None:
        phrase = _DO_OVERLAP if result.overlaps.overlapping else _DO_NOT_OVERLAP
        return phrase(language, network=info.network, other=result.overlaps.network)
    if result.split is not None:
        pieces = ", ".join(str(n) for n in result.split[:4]) + (", …" if len(result.split) > 4 else "")
        lead = _SPLIT_LEAD(language, network=info.network, prefix=result.split[0].prefixlen, count=len(result.split))
        return f"{lead} {pieces}"
    if focus is not None and (figure := _figure_lead(info, focus, language)) is not None:
        return figure
    if info.prefix_only:
        return _SIZE_LEAD(
            language, given=info.given, netmask=info.netmask, usable=info.usable_hosts, total=info.total_addresses
        )
    return _FIGURES_LEAD(language, network=info.network, netmask=info.netmask, hosts=_host_range(info))


class SubnetCalculator(ChatTool[SubnetInput, SubnetReport]):
    kind = "subnet"
    name = "subnet_calculator"
    command = "subnet"
    summary = "Subnet figures, membership, overlap, split"
    description = (
        "Subnet figures for a network or address and its Enterprise Cloud range; optionally membership of an address, "
        "overlap with another network, or the network cut into subnets."
    )
    input_model = SubnetInput
    section_id = "cip-interface"
    answers_bare_address = True
    offers = Phrase("서브넷 계산", "subnet figures")
    produces = Phrase("서브넷 계산을", "the subnet figures")
    asks: ClassVar[Mapping[str, Phrase]] = {
        "network": Phrase("계산할 네트워크 (CIDR 표기)", "the network to calculate (CIDR notation)")
    }
    follow_ups = FollowUps(
        ("/26으로 나누면?", "이 대역에서 라우팅 명령어는?"), ("Split it into /26", "Which firewall covers this range?")
    )
    cli = CliShape(arguments=("network",), options={"split_prefix": "--split", "language": "--lang"})

    def run(self, params: SubnetInput) -> SubnetReport:
        return report_subnet(params.network, params.contains, params.overlaps, params.split_prefix)

    def to_json(self, result: SubnetReport, params: SubnetInput) -> dict[str, Any]:
        output = _figures(result.info, params.language)
        if result.contains is not None:
            output["contains"] = {"address": result.contains.address, "result": result.contains.inside}
        if result.overlaps is not None:
            output["overlaps"] = {"network": result.overlaps.network, "result": result.overlaps.overlapping}
        if result.split is not None:
            output["split"] = [str(n) for n in result.split]
        return output

    def render_text(self, result: SubnetReport, params: SubnetInput) -> str:
        info, lines = result.info, []
        if info.host_bits_set:
            lines.append(f"! {info.given_address} has host bits set: the network is {info.network}")
        figures = _figures(info, params.language)
        lines += [f"{key:<16}{figures[key]}" for key in _TEXT_FIELDS if figures[key] is not None]
        if info.gateway:
            lines.append(f"* {info.gateway_assumption}")
        lines += [
            f"range           {_range_name(r, params.language)} {r.network}  (guide: /guide#{r.section_id})"
            for r in info.cloud_ranges
        ]
        if result.contains is not None:
            lines.append(f"contains        {result.contains.address}: {'yes' if result.contains.inside else 'no'}")
        if result.overlaps is not None:
            lines.append(f"overlaps        {result.overlaps.network}: {'yes' if result.overlaps.overlapping else 'no'}")
        lines += [f"split           {piece}" for piece in result.split or ()]
        return "\n".join(lines)

    def compose(
        self, result: SubnetReport, params: SubnetInput, language: str, cite: Cite, focus: str | None
    ) -> AnswerDraft:
        info = result.info
        shown = info.given if info.prefix_only else info.network
        values = (shown, info.netmask, info.wildcard, info.broadcast, _host_range(info), info.total_addresses)
        rows = [(label(language), _text(value)) for label, value in zip(_ROWS, (*values, info.gateway), strict=True)]
        table = "| | |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows if v not in (None, ""))
        steps = [
            _IN_RANGE(
                language,
                name=_range_name(r, language),
                range=r.network,
                firewall=r.firewall or _NO_FIREWALL(language),
                guide_text=r.guide_text,
            )
            for r in info.cloud_ranges
        ]
        if not steps:
            steps.append(_NOT_A_CLOUD_RANGE(language))
        if info.host_bits_set:
            steps.append(_HOST_ADDRESS(language, given=info.given_address, network=info.network))
        if info.prefix_only:
            steps = []
        after = []
        if result.split is not None:
            heading = _SPLIT_INTO(language, count=len(result.split))
            after.append(heading + "\n" + "\n".join(f"- {n}" for n in result.split))
        return AnswerDraft(
            language,
            _lead(result, language, focus),
            steps=steps,
            table=table,
            after=after,
            citations=cite([r.section_id for r in info.cloud_ranges]),
            internal=[_COMPUTED_WITH(language)],
        )

    def focus_in(self, text: str) -> str | None:
        return next((figure for figure, pattern in _FIGURE_ASKED if pattern.search(text)), None)

    def wants(self, text: str, found: MessageParameters) -> bool:
        if found.endpoints and (SUBNET_WORDS.search(text) or found.split_prefix is not None or found.split_count):
            return True
        if found.bare_prefix is not None and not found.endpoints and SUBNET_WORDS.search(text):
            return True  # "what's the netmask of a /27?"
        return bool(CALCULATOR_WORDS.search(text))  # "서브넷 계산기 돌려주세요": asks which network

    def read(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        endpoints = found.endpoints
        params: dict[str, Any] = {}
        if endpoints:
            network = next((a for a in endpoints if a.has_prefix), endpoints[0])
            params["network"] = network.text
            others = [a for a in endpoints if a is not network]
            if others and _OVERLAP.search(text):
                params["overlaps"] = others[0].text
            elif others and _CONTAINS.search(text):
                params["contains"] = others[0].text
        elif found.bare_prefix is not None:
            params["network"] = f"/{found.bare_prefix}"
        if found.split_prefix is not None:
            params["split_prefix"] = found.split_prefix
        elif found.split_count and (prefix := _prefix_of(params.get("network") or known.get("network"))) is not None:
            extra = found.split_count.bit_length() - 1
            if 1 << extra == found.split_count:  # equal pieces only come in powers of two
                params["split_prefix"] = prefix + extra
        return params

    def merge(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        stated = self.read(text, found, known)
        if known.get("network") and len(found.endpoints) == 1 and (_CONTAINS.search(text) or _OVERLAP.search(text)):
            key = "overlaps" if _OVERLAP.search(text) else "contains"
            stated = {key: found.endpoints[0].text}  # "10.21.7.70 포함돼?" asks about the network already given
        if "network" in stated and stated["network"] != known.get("network"):
            return stated  # a new network starts over: earlier membership or split questions were about the old one
        return {**known, **stated}

    def takes(self, found: MessageParameters) -> bool:
        return found.split_prefix is not None or bool(found.split_count) or bool(found.endpoints)
