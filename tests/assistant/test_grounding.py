"""The grounding check: invented commands, addresses and contacts are caught; quoted ones pass."""

from __future__ import annotations

import pytest

from assistant.grounding import check_grounding

SECTION = (
    "방화벽 정책은 (Email: mss1@wins21.co.kr, 전화: 031-622-8592~4)로 신청합니다.\n"
    "```console\n[root@Public~]# route add -net 10.21.X.0 netmask 255.255.255.0 gw 10.20.X.1\n```"
)
TOOL_OUTPUT = {"commands": {"route": "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1"}}


@pytest.mark.parametrize(
    "answer",
    [
        "문의: mss1@wins21.co.kr, 031-622-8592~4",
        "```console\nroute add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1\n```",
        "```console\n[root@Public~]# route add -net 10.21.X.0 netmask 255.255.255.0 gw 10.20.X.1\n```",
        "게이트웨이는 10.20.5.1 입니다.",
    ],
    ids=["contacts from the section", "command from the tool", "command from the guide", "address from the tool"],
)
def test_supported_claims_pass(answer):
    assert check_grounding(answer, [SECTION, TOOL_OUTPUT]).ok


@pytest.mark.parametrize(
    ("answer", "claim"),
    [
        (
            "```console\nroute add -net 10.99.0.0 netmask 255.255.0.0 gw 10.20.5.1\n```",
            "route add -net 10.99.0.0 netmask 255.255.0.0 gw 10.20.5.1",
        ),
        ("Private 대역은 10.30.0.0/16 입니다.", "10.30.0.0/16"),
        ("문의: help@example.com", "help@example.com"),
        ("전화: 02-123-4567", "02-123-4567"),
        ("Run `iptables -F` first", "iptables -F"),
        ("See https://evil.example/guide", "https://evil.example/guide"),
    ],
    ids=[
        "invented command",
        "invented range",
        "invented e-mail",
        "invented phone",
        "invented inline command",
        "invented url",
    ],
)
def test_invented_claims_are_caught(answer, claim):
    report = check_grounding(answer, [SECTION, TOOL_OUTPUT])
    assert claim in report.unsupported


def test_an_address_the_user_gave_may_be_repeated_but_not_put_in_a_command():
    assert check_grounding("서버 203.0.113.7 확인했습니다.", [SECTION], user_text="서버는 203.0.113.7").ok
    assert check_grounding("목적지 203.0.113.7", [SECTION], user_text="203.0.113.7로 가는 경로").ok
    report = check_grounding("```console\nping 203.0.113.7\n```", [SECTION], user_text="서버는 203.0.113.7")
    assert not report.ok
