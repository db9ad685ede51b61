"""A problem report too vague to answer ("VM 만들었는데 접속이 안돼요"): one clarifying question, with the likely
causes the guide describes as options — the ones nearest the report first — each linked to its section.

The causes are the guide's own preconditions for traffic to flow (Port Forwarding on the VR, the firewall policy,
the CIP NIC, zone routing, the LB's blocked service IP, VPN access to the Private Zone); the wording names them,
the cited sections say them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import wording
from assistant.answer_draft import AnswerDraft, Cite
from assistant.wording import Phrase

__all__ = ["vague_report_draft"]

LIKELY_CAUSES: dict[str, Phrase] = {
    "port-forwarding": Phrase(
        "Port Forwarding: 공인 IP(포트)가 VR에서 VM으로 포워딩되어 있나요?",
        "Port Forwarding: is the public IP and port forwarded to the VM on the VR?",
    ),
    "vm-firewall-policy": Phrase(
        "방화벽: 접속하는 IP와 포트를 Public F/W에서 열어 달라고 신청했나요?",
        "Firewall: has an open policy for your client IP and port been requested on the Public F/W?",
    ),
    "load-balancer": Phrase(
        "LB 방화벽: 새 LB의 서비스 IP는 기본적으로 방화벽에서 차단되어 있어 오픈 요청이 필요합니다.",
        "LB firewall: a new LB's service IP is blocked by the firewall until an open request is made.",
    ),
    "cip-interface": Phrase(
        "CIP NIC: 리눅스 서버라면 CIP 인터페이스를 활성화했나요?",
        "CIP NIC: on a Linux server, is the CIP interface activated?",
    ),
    "zone-routing": Phrase(
        "Zone 간 라우팅: CIP Inter-AZ 작업 후 양쪽 서버에 상대 대역 라우팅을 등록했나요?",
        "Zone routing: after the CIP Inter-AZ work, is the other zone's range routed on both servers?",
    ),
    "vpn": Phrase(
        "Private Zone 접근: Private Zone VM은 VPN이나 전용회선으로 접속해야 합니다.",
        "Private Zone access: Private Zone VMs are reached through a VPN or a dedicated line.",
    ),
}
SHOWN_CAUSES = 4
_WHERE_IT_FAILS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"ping|핑|서버\s*간|간에|between|사이|zone.*zone|존.*존|public.*private|퍼블릭.*프라이빗|cip", re.I),
     ("zone-routing", "cip-interface")),
    (re.compile(r"\blb\b|load\s*balancer|로드\s*밸런서|[a-z]+-lb", re.I), ("load-balancer", "vm-firewall-policy")),
    (re.compile(r"vpn|전용\s*회선|dedicated|private\s*(?:zone|존)|프라이빗", re.I), ("vpn", "port-forwarding")),
)  # fmt: skip
"""Where a report says the failure is, and the causes to offer first; otherwise access from outside: Port
Forwarding and the firewall."""
_FROM_OUTSIDE = ("port-forwarding", "vm-firewall-policy")
ASK_WHAT_HAPPENS = Phrase(
    "어떤 상황인지 조금만 더 알려주시겠어요? 어디에서 어디로 접속하는지(예: 사무실 → Public VM, Public ↔ Private), "
    "어떤 오류가 나는지 알려주시면 정확히 안내해 드릴게요. 가이드 기준으로 흔한 원인은 다음과 같습니다.",
    "Could you tell me a bit more? From where to where are you connecting (e.g. office → public VM, public ↔ "
    "private zone), and what error do you see? These are the usual causes according to the guide:",
)


def vague_report_draft(report: str, nearest_sections: Sequence[str], language: str, cite: Cite) -> AnswerDraft:
    """The clarifying question: the causes where the report says it fails first, then by the report's search
    results (`nearest_sections`, best first)."""
    first = next((causes for pattern, causes in _WHERE_IT_FAILS if pattern.search(report)), _FROM_OUTSIDE)
    ranked = [*first, *(s for s in nearest_sections if s in LIKELY_CAUSES and s not in first)]
    ranked += [s for s in LIKELY_CAUSES if s not in ranked]
    chosen = ranked[:SHOWN_CAUSES]
    return AnswerDraft(
        language,
        ASK_WHAT_HAPPENS(language),
        steps=[LIKELY_CAUSES[s](language) for s in chosen],
        numbered=True,
        citations=cite(chosen),
        internal=[wording.VAGUE_REPORT_NOTE(language)],
    )
