"""The firewall policy request form as a chat tool: the form, the guide's contact, an e-mail draft, CSV and XLSX."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from assistant import wording
from assistant.answer_draft import AnswerDraft, Cite, CodeBlock, Note
from assistant.extraction import Address, MessageParameters
from assistant.responses import Language
from assistant.toolkit.base import ChatTool, CliShape, Export, FollowUps, notice_json
from assistant.toolkit.endpoints import assign_endpoints
from assistant.toolkit.firewall_xlsx import XLSX_MEDIA_TYPE, to_xlsx
from assistant.word_patterns import any_word
from assistant.wording import Phrase
from tools.cloud_ranges import cloud_ranges_of
from tools.firewall import (
    MSS_EMAIL,
    MSS_PHONE,
    SERVICES,
    FirewallRequest,
    fill_firewall_form,
    parse_endpoint,
    parse_ports,
)
from tools.firewall_form import email_draft, form_rows, to_csv, to_markdown

__all__ = ["FirewallForm", "FirewallFormInput", "email_block", "firewall_json", "merged_ports"]

FIREWALL_WORDS = any_word(r"방화벽", r"firewall", r"\bf/w\b", r"\bfw\b")
OPEN_WORDS = any_word(
    r"오픈", r"\bopen", r"열어", r"열고", r"열려", r"허용", r"\ballow", r"차단", r"\bblock", r"\bdeny", r"신청서",
    r"양식", r"\bform\b", r"\bpolicy", r"정책",
)  # fmt: skip
FORM_FILL_WORDS = any_word(
    r"(?:신청서|양식|\bform\b).{0,12}(?:작성|만들|채워|써\s*줘|생성|\bfill|\bgenerate|\bdraft|\bcreate|\bmake)",
    r"(?:\bfill|\bgenerate|\bdraft|\bcreate|\bmake|\bprepare|\bwrite).{0,24}(?:\bform\b|\brequest\b)",
    r"\b(?:need|want|submit|file)\b.{0,12}\bfirewall\s+(?:request|form|rule|opening)",
    r"(?:방화벽|\bfirewall\b).{0,10}(?:신청할게|신청하려|신청하고\s*싶|신청합니다|열어\s*주|오픈해\s*주)",
)
_FIREWALL_NAME = re.compile(r"(public|private|inter)[\s-]*f/?w", re.IGNORECASE)
_FIREWALL_BY_NAME = {"public": "Public F/W", "private": "Private F/W", "inter": "Inter-F/W"}
_DENY = re.compile(r"차단|\bblock|\bdeny", re.IGNORECASE)
_ADDING = re.compile(r"\balso\b|\btoo\b|\badd\b|\bplus\b|도\s|도$|추가|더\b", re.IGNORECASE)
_REPLACING = re.compile(r"말고|대신|instead of|rather than", re.IGNORECASE)
_NOT_PORT = re.compile(r"\bnot\s+(?:port\s+)?(\d{1,5})\b", re.IGNORECASE)


class FirewallFormInput(BaseModel):
    source: str = Field(description="Client IP or network allowed to connect, or 'any'.")
    destination: str = Field(description="The IP to reach: public IP port-forwarded to the VM, or an LB service IP.")
    ports: str = Field(description="Ports, ranges or service names: '22', '80,443', '8000-8080', 'ssh', 'rdp'.")
    protocol: Literal["tcp", "udp", "icmp"] | None = Field(None, description="Protocol; default from the service/tcp.")
    firewall: Literal["Public F/W", "Private F/W", "Inter-F/W"] | None = Field(
        None, description="Firewall; inferred from the destination as the guide says when omitted."
    )
    action: Literal["allow", "deny"] = Field("allow", description="Allow or deny the traffic.")
    direction: Literal["inbound", "outbound"] = Field("inbound", description="Traffic direction through the firewall.")
    reason: str = Field("", max_length=500, description="Why the policy is needed.")
    period: str = Field("", max_length=200, description="How long it applies, e.g. '2026-12-01 ~ 2027-11-30'.")
    requester: str = Field("", max_length=200, description="Company, name and contact of the requester.")
    language: Language = Field("ko", description="Language of the form, the e-mail draft and the warnings.")


_INTRO = Phrase(
    "{firewall} 정책 신청서(첨부#1. 방화벽 정책 신청서 기준) 내용입니다.",
    "The {firewall} policy request (per form attachment #1, the firewall policy request form):",
)
_HOW_TO_APPLY = Phrase(
    "신청 방법: 보안 매니지드 서비스에 이메일 또는 전화로 신청합니다 (Email: {email}, 전화: {phone}).",
    "How to apply: send it to the security managed service by e-mail or phone (Email: {email}, phone: {phone}).",
)
_EMAIL_DRAFT = Phrase("**이메일 초안** (받는 사람: {email})", "**E-mail draft** (to: {email})")


def _csv_file(result: FirewallRequest, params: FirewallFormInput) -> bytes:
    return ("\ufeff" + to_csv(result, params.language)).encode()  # a BOM: spreadsheets then read Korean as UTF-8


def _xlsx_file(result: FirewallRequest, params: FirewallFormInput) -> bytes:
    return to_xlsx(result, params.language)


def _lone_endpoint(found: MessageParameters, known: Mapping[str, Any]) -> tuple[Address, ...]:
    """A single unlabelled address is the value still missing: the source once the destination is known."""
    endpoints = found.endpoints
    if len(endpoints) == 1 and endpoints[0].role is None and not found.any_source:
        role = "source" if known.get("destination") and not known.get("source") else "destination"
        lone = endpoints[0]
        endpoints = (Address(lone.text, lone.start, lone.has_prefix, role, lone.port),)
    return endpoints


def _guarded(address: Address) -> bool:
    try:
        network = ipaddress.ip_interface(address.text).network
    except ValueError:
        return False
    return any(r.firewall for r in cloud_ranges_of(network))


def _guarded_last(endpoints: tuple[Address, ...]) -> tuple[Address, ...]:
    """Unlabelled addresses with the one a firewall guards (a public IP, an LB service IP) last: that is what the
    request opens, whatever order the customer named them in."""
    if any(a.role for a in endpoints) or len(endpoints) != 2:
        return endpoints
    first, second = endpoints
    if _guarded(first) and not _guarded(second):
        return (
            Address(second.text, second.start, second.has_prefix, "source", second.port),
            Address(first.text, first.start, first.has_prefix, "destination", first.port),
        )
    return endpoints


def firewall_json(request: FirewallRequest, language: str) -> dict[str, Any]:
    """A firewall request as the API and tool calls show it (also inside the exposure planner's JSON)."""
    draft = email_draft(request, language)
    return {
        "firewall": request.firewall,
        "firewall_basis": notice_json(request.firewall_basis, language),
        "source": request.source,
        "destination": request.destination,
        "protocol": request.protocol,
        "ports": [str(p) for p in request.ports],
        "services": list(request.services),
        "action": request.action,
        "direction": request.direction,
        "reason": request.reason,
        "period": request.period,
        "requester": request.requester,
        "form": dict(form_rows(request, language)),
        "markdown": to_markdown(request, language),
        "csv": to_csv(request, language),
        "email": {"to": draft.to, "phone": draft.phone, "subject": draft.subject, "body": draft.body},
        "warnings": [notice_json(n, language) for n in request.warnings],
        "section_id": request.section_id,
    }


def email_block(request: FirewallRequest, language: str) -> CodeBlock:
    """The ready e-mail to the security managed service, as a block to copy."""
    email = email_draft(request, language)
    return CodeBlock(
        _EMAIL_DRAFT(language, email=email.to), f"{email.subject}\n\n{email.body}", "text", is_command=False
    )


class FirewallForm(ChatTool[FirewallFormInput, FirewallRequest]):
    kind = "firewall"
    name = "firewall_policy_form"
    command = "firewall-form"
    summary = "The firewall policy request form"
    description = "A filled firewall policy request form, with the e-mail draft to the security managed service."
    input_model = FirewallFormInput
    section_id = "vm-firewall-policy"
    offers = Phrase("방화벽 정책 신청서", "firewall request forms")
    produces = Phrase("방화벽 정책 신청서를", "the firewall request form")
    asks: ClassVar[Mapping[str, Phrase]] = {
        "source": Phrase(
            "출발지 IP: 접속할 Client IP, 또는 모든 곳이면 any", "the source: the client IP that will connect, or any"
        ),
        "destination": Phrase(
            "목적지 IP: VM에 Port Forwarding한 Public IP 또는 LB 서비스 IP",
            "the destination: the public IP port-forwarded to the VM, or the LB service IP",
        ),
        "ports": Phrase("포트 또는 서비스 (예: SSH 22, RDP 3389)", "the ports or services (e.g. SSH 22, RDP 3389)"),
    }
    follow_ups = FollowUps(
        ("443 포트도 추가해줘", "신청은 어디로 보내나요?"), ("Add port 443 too", "Where do I send the request?")
    )
    cli = CliShape(options={"source": "--src", "destination": "--dst", "ports": "--port", "language": "--lang"})
    exports: ClassVar[Mapping[str, Export]] = {
        "csv": Export(
            "text/csv; charset=utf-8", "firewall-policy-request.csv", "the form as CSV (Excel-ready)", _csv_file
        ),
        "xlsx": Export(XLSX_MEDIA_TYPE, "firewall-policy-request.xlsx", "the form as XLSX", _xlsx_file),
    }

    def run(self, params: FirewallFormInput) -> FirewallRequest:
        return fill_firewall_form(**params.model_dump(exclude={"language"}))

    def to_json(self, result: FirewallRequest, params: FirewallFormInput) -> dict[str, Any]:
        return firewall_json(result, params.language)

    def render_text(self, result: FirewallRequest, params: FirewallFormInput) -> str:
        language = params.language
        email = email_draft(result, language)
        return "\n".join(
            [
                to_markdown(result, language),
                f"\n* {result.firewall_basis.message(language)}",
                *(f"! {w.message(language)}" for w in result.warnings),
                f"\nTo: {email.to}  (☎ {email.phone})\nSubject: {email.subject}\n\n{email.body}",
                f"\n(guide: /guide#{result.section_id})",
            ]
        )

    def compose(
        self, result: FirewallRequest, params: FirewallFormInput, language: str, cite: Cite, focus: str | None
    ) -> AnswerDraft:
        notes = [Note(result.firewall_basis.message(language), "info")]
        notes += [Note(w.message(language), "warning") for w in result.warnings]
        sections = [result.section_id, result.firewall_basis.section_id, *(w.section_id for w in result.warnings)]
        blanks = [name for name, value in form_rows(result, language) if value.startswith("(")]
        internal = [result.firewall_basis.message(language)]
        if blanks:
            internal.append(wording.STILL_TO_GET(language, fields=", ".join(blanks)))
        return AnswerDraft(
            language,
            _INTRO(language, firewall=result.firewall),
            table=to_markdown(result, language),
            after=[_HOW_TO_APPLY(language, email=MSS_EMAIL, phone=MSS_PHONE)],
            blocks=[email_block(result, language)],
            notes=notes,
            citations=cite(sections),
            internal=internal,
        )

    def wants(self, text: str, found: MessageParameters) -> bool:
        firewall, opening = FIREWALL_WORDS.search(text), OPEN_WORDS.search(text)
        has_ports = bool(found.ports or found.services)
        return bool(
            (firewall or opening)
            and ((found.endpoints and (has_ports or found.any_source)) or FORM_FILL_WORDS.search(text))
        )

    def read(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        endpoints = _lone_endpoint(found, known)
        params: dict[str, Any] = {}
        if found.any_source:
            destination = next((a for a in endpoints if a.role != "source"), None)
            params["source"] = "any"
        else:
            source, destination = assign_endpoints(_guarded_last(endpoints))
            if source is not None:
                params["source"] = source.text
        if destination is not None:
            params["destination"] = destination.text
        if ports := stated_ports(found.ports, found.services):
            params["ports"] = ",".join(ports)
        if found.protocol:
            params["protocol"] = found.protocol
        if (named := _FIREWALL_NAME.search(text)) is not None:
            params["firewall"] = _FIREWALL_BY_NAME[named.group(1).lower()]
        if _DENY.search(text):
            params["action"] = "deny"
        return params

    def merge(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        """Ports in a follow-up: bare numbers are ports; they add to the form ("also 443") unless one replaces
        another ("22 말고 3389", "3389 instead of 22")."""
        stated = self.read(text, found, known)
        continuing = bool(known.get("ports") or known.get("destination"))
        # "22 말고 3389요", "211.253.7.9로 80이랑 443이요": beside a firewall request's address, bare numbers are ports
        if (continuing or found.endpoints) and found.numbers and not found.ports:
            stated["ports"] = ",".join(stated_ports(found.numbers, found.services))
        if "ports" in stated and known.get("ports"):
            stated["ports"] = merged_ports(text, known["ports"].split(","), stated["ports"].split(","))
        return {**known, **stated}

    def check_given(self, params: Mapping[str, Any]) -> None:
        if params.get("ports"):
            parse_ports(str(params["ports"]))
        for name, korean in (("source", "출발지"), ("destination", "목적지")):
            if params.get(name):
                parse_endpoint(str(params[name]), name, korean)

    def takes(self, found: MessageParameters) -> bool:
        return bool(
            found.ports or found.services or found.numbers or found.any_source or found.endpoints or found.protocol
        )


def stated_ports(ports: Sequence[str], services: Sequence[str]) -> list[str]:
    """Ports as stated, then the services whose own port was not also given as a number ("3389, RDP" is 3389)."""
    numbers = set(ports)
    named = [name for name in services if str(SERVICES.get(name, ("", None))[1]) not in numbers]
    return list(dict.fromkeys([*ports, *named]))


def merged_ports(text: str, old: list[str], new: list[str]) -> str:
    """Ports of a follow-up with the ones known: added ("also 443", "443도"), replacing one ("22 말고 3389",
    "3389 instead of 22"), or instead of all of them."""
    negated = _NOT_PORT.search(text)  # "not 22, 3389": 22 goes, the rest replaces it
    if negated and not _REPLACING.search(text):
        dropped = {negated.group(1)} | {name for name, (_, port) in SERVICES.items() if str(port) == negated.group(1)}
        return ",".join(
            dict.fromkeys(p for p in [*old, *new] if p not in dropped and (p in new or _ADDING.search(text)))
        )
    replaced = _REPLACING.search(text)
    if replaced:
        dropped = (
            set(re.findall(r"\d+|[a-z]+", text[: replaced.start()].lower()))
            if "말고" in replaced.group()
            else set(re.findall(r"\d+|[a-z]+", text[replaced.end() :].lower()))
        )
        dropped |= {name for name, (_, port) in SERVICES.items() if str(port) in dropped}  # "22 말고" drops ssh
        kept = [p for p in old if p not in dropped]
        return ",".join(dict.fromkeys([*kept, *(p for p in new if p not in dropped)]))
    if _ADDING.search(text) or len(re.sub(r"[\d\s,]", "", text)) <= 4:
        return ",".join(dict.fromkeys([*old, *new]))
    return ",".join(new)
