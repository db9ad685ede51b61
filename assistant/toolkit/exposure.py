"""The service-exposure planner as a chat tool: a VM's service reachable from outside needs a Port Forwarding rule
on the VR and a firewall request for the same public IP and port; this answers with both, and how to check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from assistant import wording
from assistant.answer_draft import AnswerDraft, Cite, CodeBlock, Note
from assistant.extraction import MessageParameters
from assistant.responses import Language
from assistant.toolkit.base import ChatTool, CliShape, FollowUps, notice_json
from assistant.toolkit.exposure_reading import asks_for_exposure, merge_exposure, read_exposure
from assistant.toolkit.firewall import email_block, firewall_json
from assistant.wording import Phrase
from tools.exposure import ExposurePlan, PortForwardingRule, plan_exposure
from tools.firewall import MSS_EMAIL, MSS_PHONE
from tools.firewall_form import form_rows, to_markdown

__all__ = ["ExposureInput", "ServiceExposure"]


class ExposureInput(BaseModel):
    vm_ip: str = Field(
        description="The VM's internal (private) address that the VR forwards to: its guest network address (eth0), "
        "e.g. '172.27.10.5'."
    )
    service: str = Field(
        description="The service or its ports, with the protocol if not TCP: 'https', 'ssh', '443', '80,443', '53/udp'."
    )
    public_ip: str | None = Field(
        None,
        description="The IP the VR receives on: a public IP of the account's pool (a Private IP of 10.220.0.0/16 "
        "for VPN access); leave it out while it is still to be chosen.",
    )
    public_port: int | None = Field(
        None, ge=1, le=65535, description="The port on the public IP, when it differs from the VM's."
    )
    source: str = Field("any", description="Who may connect: a client IP or network, or 'any'.")
    access: Literal["internet", "vpn"] = Field(
        "internet", description="From the internet (Public VR, ent-pub) or over VPN or a leased line (ent-priv)."
    )
    language: Language = Field("ko", description="Language of the form, the e-mail draft and the notes.")


_INTRO = {
    "internet": Phrase(
        "{vm}의 {service} 포트를 외부에서 접속하게 하려면 두 가지가 필요합니다: VR의 Port Forwarding 규칙과, "
        "같은 IP·포트를 여는 방화벽 정책 신청입니다.",
        "To reach {service} on {vm} from outside you need two things: a Port Forwarding rule on the VR and a "
        "firewall policy request that opens the same IP and port.",
    ),
    "vpn": Phrase(
        "{vm}의 {service} 포트를 VPN·전용회선으로 접속하게 하려면 두 가지가 필요합니다: ent-priv VR의 Port Forwarding "
        "규칙과, 같은 IP·포트를 여는 방화벽 정책 신청입니다.",
        "To reach {service} on {vm} over VPN or a leased line you need two things: a Port Forwarding rule on the "
        "ent-priv VR and a firewall policy request that opens the same IP and port.",
    ),
}
_STEP_FORWARD = Phrase(
    "**Port Forwarding**: 포탈에서 VR(Availability Zone {zone})에 아래 규칙을 추가합니다.",
    "**Port Forwarding**: in the portal, add the rule below on the VR (Availability Zone {zone}).",
)
_STEP_FIREWALL = Phrase(
    "**방화벽 정책 신청** ({firewall}): 아래 신청서를 보안 매니지드 서비스에 이메일 또는 전화로 보냅니다 "
    "(Email: {email}, 전화: {phone}).",
    "**Firewall policy request** ({firewall}): send the form below to the security managed service by e-mail or "
    "phone (Email: {email}, phone: {phone}).",
)
_STEP_FIREWALL_LATER = Phrase(
    "**방화벽 정책 신청** ({firewall}): 출발지 {source} → 선택한 IP의 {ports} 포트를 여는 신청입니다. IP를 정해서 "
    "알려주시면 신청서를 만들어 드립니다.",
    "**Firewall policy request** ({firewall}): source {source} → port {ports} of the chosen IP. Tell me the IP "
    "once it is chosen and I will fill the form.",
)
_STEP_CHECK = Phrase(
    "**확인**: 두 작업이 끝나면 아래 명령으로 접속을 확인합니다.",
    "**Check**: once both are done, confirm the service answers with the commands below.",
)
_RULE_LABEL = Phrase("**Port Forwarding 규칙** (VR, {zone})", "**Port Forwarding rule** (VR, {zone})")
_TO_CHOOSE = Phrase("(Pool에서 선택)", "(to choose from the pool)")
_FORWARDING_NOTE = Phrase("Port Forwarding: {rule}", "Port Forwarding: {rule}")
_PENDING_FORM = Phrase(
    "{firewall}: 출발지 {source} → 선택한 IP의 {ports} 포트 (IP를 정하면 신청서를 만들 수 있습니다)",
    "{firewall}: source {source} → port {ports} of the chosen IP (the form can be filled once the IP is chosen)",
)


def _portal_text(rule: PortForwardingRule, language: str) -> str:
    return "\n".join(f"{name:<18}: {value}" for name, value in rule.portal_fields(_TO_CHOOSE(language)))


def _service_label(plan: ExposurePlan) -> str:
    return f"{plan.rules[0].protocol.upper()} {', '.join(str(r.private_ports) for r in plan.rules)}"


def _ports(plan: ExposurePlan) -> str:
    return ", ".join(str(r.public_ports) for r in plan.rules)


def _rule_line(rule: PortForwardingRule, language: str) -> str:
    public = str(rule.public_ip) if rule.public_ip else _TO_CHOOSE(language)
    return f"{public}:{rule.public_ports} → {rule.vm_ip}:{rule.private_ports} ({rule.protocol.upper()})"


class ServiceExposure(ChatTool[ExposureInput, ExposurePlan]):
    kind = "exposure"
    name = "service_exposure_plan"
    command = "expose"
    summary = "Expose a VM's service: the Port Forwarding rule and the firewall request"
    description = (
        "What exposing a VM's service takes, as the guide describes it: the Port Forwarding rule on the VR (public "
        "IP:port to the VM's port) and the firewall policy request for the same IP and port, with checks."
    )
    input_model = ExposureInput
    section_id = "port-forwarding"
    offers = Phrase(
        "서비스 외부 공개 계획(Port Forwarding 규칙과 방화벽 신청)",
        "plans for exposing a service (Port Forwarding rule and firewall request)",
    )
    produces = Phrase(
        "VR의 Port Forwarding 규칙과 방화벽 정책 신청서를", "the VR's Port Forwarding rule and the firewall request"
    )
    asks: ClassVar[Mapping[str, Phrase]] = {
        "vm_ip": Phrase(
            "VM의 내부(사설) 주소: VR이 포워딩할 guest network 주소(eth0)",
            "the VM's internal (private) address: its guest network address (eth0), where the VR forwards to",
        ),
        "service": Phrase(
            "공개할 서비스 또는 포트 (예: HTTPS 443, SSH 22)", "the service or port to open (e.g. HTTPS 443, SSH 22)"
        ),
    }
    follow_ups = FollowUps(
        ("방화벽 신청은 어디로 보내나요?", "Port Forwarding은 어떻게 설정하나요?"),
        ("Where do I send the firewall request?", "How do I set up port forwarding?"),
    )
    cli = CliShape(options={"language": "--lang"})

    def run(self, params: ExposureInput) -> ExposurePlan:
        return plan_exposure(
            params.vm_ip,
            params.service,
            public_ip=params.public_ip,
            public_port=params.public_port,
            source=params.source,
            access=params.access,
        )

    def to_json(self, result: ExposurePlan, params: ExposureInput) -> dict[str, Any]:
        language = params.language
        return {
            "access": result.access,
            "zone": result.zone,
            "vm_ip": str(result.vm_ip),
            "public_ip": None if result.public_ip is None else str(result.public_ip),
            "source": result.source,
            "firewall": result.firewall,
            "port_forwarding": [
                {
                    "zone": r.zone,
                    "public_ip": None if r.public_ip is None else str(r.public_ip),
                    "public_port": str(r.public_ports),
                    "private_ip": str(r.vm_ip),
                    "private_port": str(r.private_ports),
                    "protocol": r.protocol,
                    "portal_fields": _portal_text(r, language),
                }
                for r in result.rules
            ],
            "firewall_request": firewall_json(result.firewall_request, language) if result.firewall_request else None,
            "checks": [{"where": c.where.message(language), "command": c.command} for c in result.checks],
            "warnings": [notice_json(n, language) for n in result.warnings],
            "notes": [notice_json(n, language) for n in result.notes],
            "section_id": result.section_id,
        }

    def render_text(self, result: ExposurePlan, params: ExposureInput) -> str:
        language = params.language
        lines = [f"## Port Forwarding (VR, {result.zone})", *(_portal_text(r, language) for r in result.rules)]
        request = result.firewall_request
        lines.append(f"\n## {result.firewall}")
        if request is not None:
            lines += [to_markdown(request, language), "", email_block(request, language).code]
        else:
            lines.append(_PENDING_FORM(language, firewall=result.firewall, source=result.source, ports=_ports(result)))
        lines.append("\n## checks")
        lines += [f"# {c.where.message(language)}\n{c.command}" for c in result.checks]
        lines += [f"! {w.message(language)}" for w in result.warnings]
        lines += [f"* {n.message(language)}" for n in result.notes]
        lines.append(f"(guide: /guide#{result.section_id}, /guide#vm-firewall-policy)")
        return "\n".join(lines)

    def compose(
        self, result: ExposurePlan, params: ExposureInput, language: str, cite: Cite, focus: str | None
    ) -> AnswerDraft:
        request = result.firewall_request
        intro = _INTRO[result.access](language, vm=result.vm_ip, service=_service_label(result))
        steps = [_STEP_FORWARD(language, zone=result.zone)]
        if request is not None:
            steps.append(_STEP_FIREWALL(language, firewall=result.firewall, email=MSS_EMAIL, phone=MSS_PHONE))
        else:
            steps.append(
                _STEP_FIREWALL_LATER(language, firewall=result.firewall, source=result.source, ports=_ports(result))
            )
        steps.append(_STEP_CHECK(language))
        blocks = [CodeBlock(_RULE_LABEL(language, zone=r.zone), _portal_text(r, language), "text", is_command=False)
                  for r in result.rules]  # fmt: skip
        blocks += [CodeBlock(f"*{c.where.message(language)}*", c.command) for c in result.checks]
        notes = [Note(w.message(language), "warning") for w in result.warnings]
        notes += [Note(n.message(language), "info") for n in result.notes]
        internal = [_FORWARDING_NOTE(language, rule=_rule_line(r, language)) for r in result.rules]
        sections = [result.section_id, "vm-firewall-policy", *(n.section_id for n in (*result.warnings, *result.notes))]
        if request is not None:
            blocks.append(email_block(request, language))
            if blanks := [name for name, value in form_rows(request, language) if value.startswith("(")]:
                internal.append(wording.STILL_TO_GET(language, fields=", ".join(blanks)))
        return AnswerDraft(
            language,
            intro,
            steps=steps,
            blocks=blocks,
            table=to_markdown(request, language) if request is not None else None,
            notes=notes,
            citations=cite(sections),
            internal=internal,
            numbered=True,
        )

    def wants(self, text: str, found: MessageParameters) -> bool:
        return asks_for_exposure(text, found)

    def read(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        return read_exposure(text, found, known)

    def merge(self, text: str, found: MessageParameters, known: Mapping[str, Any]) -> dict[str, Any]:
        return merge_exposure(text, found, known)

    def takes(self, found: MessageParameters) -> bool:
        return bool(found.addresses or found.ports or found.services or found.numbers or found.any_source)
