"""Suggested next questions: what customers usually ask after each guide section (each tool keeps its own)."""

from __future__ import annotations

__all__ = ["section_follow_ups", "starter_questions"]

_BY_TOPIC: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "overview": (("컨설팅 신청은 어떻게 하나요?",), ("How do I request consulting?",)),
    "consulting-request": (
        ("컨설팅 후에는 어떤 단계가 있나요?", "도메인과 계정은 어떻게 만드나요?"),
        ("What happens after the consulting?", "How are the domain and account created?"),
    ),
    "customer-consulting": (("고객 도메인은 어떻게 생성되나요?",), ("How is our domain created?",)),
    "domain-and-account": (
        ("회원가입 후 상품 신청은 어떻게 하나요?",),
        ("How do I apply for products after sign-up?",),
    ),
    "product-request": (
        ("CIP Inter-AZ 작업은 얼마나 걸리나요?", "VM은 어떻게 생성하나요?"),
        ("How long does the CIP Inter-AZ work take?", "How do I create a VM?"),
    ),
    "vm-creation": (("Port Forwarding은 어떻게 설정하나요?",), ("How do I set up port forwarding?",)),
    "port-forwarding": (
        ("방화벽 오픈 요청은 어디로 하나요?", "any에서 14.63.2.9 22번 포트 방화벽 신청서 만들어줘"),
        ("Where do I request a firewall opening?", "Fill a firewall form: ssh from any to 14.63.2.9"),
    ),
    "vm-firewall-policy": (
        ("any에서 14.63.2.9로 SSH 22번 포트 방화벽 신청서 만들어줘", "LB 서비스 IP도 방화벽 오픈이 필요한가요?"),
        (
            "Fill a firewall form: open ssh 22 from any to 14.63.2.9",
            "Does a load balancer's service IP need a firewall rule?",
        ),
    ),
    "cip-interface": (
        (
            "Public 서버(10.20.5.2)에서 10.21.5.0/24로 가는 라우팅 명령어 알려줘",
            "Private VM은 외부에서 접속이 안 되는데 어떻게 설정하나요?",
        ),
        ("Route commands from 10.20.5.2 to 10.21.5.0/24", "How do I configure a Private VM I cannot reach yet?"),
    ),
    "zone-routing": (
        (
            "Public 서버(10.20.5.2)에서 10.21.5.0/24로 가는 라우팅 명령어 알려줘",
            "userdata로 자동 설정하려면 어떻게 하나요?",
        ),
        ("Route commands from 10.20.5.2 to 10.21.5.0/24", "How do I set it up automatically with userdata?"),
    ),
    "support-center-request": (("userdata로 자동 설정하려면 어떻게 하나요?",), ("How do I use userdata instead?",)),
    "userdata": (("Windows 서버는 어떻게 하나요?",), ("What about Windows servers?",)),
    "load-balancer": (
        ("14.49.1.10 443 포트 방화벽 오픈 신청서 만들어줘", "Inter-LB는 어디에서 만들 수 있나요?"),
        ("Fill a firewall form: https from any to 14.49.1.10", "Where can I create an Inter-LB?"),
    ),
    "vpn": (("VPN 개통 절차는 어디서 확인하나요?",), ("Where is the VPN activation process described?",)),
    "group-account": (("그룹에 계정은 어떻게 추가하나요?",), ("How do I add an account to a group?",)),
}
_START: tuple[tuple[str, ...], tuple[str, ...]] = (
    (
        "방화벽 오픈 요청은 어디로 하나요?",
        "Public 서버(10.20.5.2)에서 10.21.5.0/24로 가는 라우팅 명령어 알려줘",
        "10.21.7.0/24 서브넷 계산해줘",
    ),
    (
        "Where do I request a firewall opening?",
        "Route commands from 10.20.5.2 to 10.21.5.0/24",
        "Subnet details for 10.21.7.0/24",
    ),
)


def section_follow_ups(section_id: str, language: str) -> list[str]:
    """Next questions after an answer from this guide section."""
    korean, english = _BY_TOPIC.get(section_id, ((), ()))
    return list(korean if language == "ko" else english)


def starter_questions(language: str) -> list[str]:
    """What to ask first (after small talk, a refusal or an error)."""
    korean, english = _START
    return list(korean if language == "ko" else english)
