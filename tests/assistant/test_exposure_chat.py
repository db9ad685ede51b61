"""The service-exposure planner through the real engine and the real command line: both artefacts (the Port
Forwarding rule and the firewall request), the value asked for when it is missing, and the tools' errors."""

from __future__ import annotations

import json

import pytest

from tests.assistant.test_cli import run

FORM_ROW = "| Public F/W | any | 14.49.1.20 | TCP | 443 |"


def test_a_korean_request_gets_the_rule_and_the_firewall_form_for_the_same_ip_and_port(engine):
    response = engine.chat("웹서버 10.20.5.10 443 포트를 14.49.1.20으로 외부에 공개하고 싶어요")
    assert (response.answer_type, response.language) == ("tool", "ko")
    [call] = response.tool_calls
    assert call.tool == "service_exposure_plan"
    assert call.input == {"vm_ip": "10.20.5.10", "public_ip": "14.49.1.20", "service": "443"}
    rule = call.output["port_forwarding"][0]
    assert (rule["zone"], rule["public_ip"], rule["public_port"], rule["private_ip"], rule["private_port"]) == (
        "ent-pub",
        "14.49.1.20",
        "443",
        "10.20.5.10",
        "443",
    )
    assert rule["portal_fields"] in response.answer  # the fields as the portal asks for them
    assert FORM_ROW in response.answer and "mss1@wins21.co.kr" in response.answer
    assert "nc -vz 14.49.1.20 443" in response.commands
    assert [c.section_id for c in response.citations][:2] == ["port-forwarding", "vm-firewall-policy"]


def test_an_english_question_asks_for_the_vm_and_then_plans_with_the_office_as_the_source(converse):
    asked, planned = converse("How do I make my VM's SSH reachable from the office 203.0.113.7?", "10.20.5.10")
    assert (asked.answer_type, asked.missing, asked.language) == ("clarification", ["vm_ip"], "en")
    assert "Port Forwarding" in asked.answer and asked.citations[0].section_id == "port-forwarding"
    assert planned.answer_type == "tool" and planned.language == "en"
    assert planned.tool_calls[0].input == {"source": "203.0.113.7", "service": "ssh", "vm_ip": "10.20.5.10"}
    assert "source 203.0.113.7 → port 22" in planned.answer
    assert "14.63.0.0/16 or 211.253.0.0/16" in planned.answer  # the public IP is still to be chosen
    assert planned.tool_calls[0].output["firewall_request"] is None


def test_the_public_ip_given_next_completes_the_firewall_form(converse):
    *_, done = converse("expose ssh on 10.20.5.10 from 203.0.113.7", "use 14.63.7.7")
    request = done.tool_calls[0].output["firewall_request"]
    assert (request["source"], request["destination"], request["ports"]) == ("203.0.113.7", "14.63.7.7", ["22"])


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("웹서버 10.20.5.10 70000 포트를 14.63.1.20으로 외부에 공개해줘", "'70000'"),
        ("expose port 443 of 10.20.5.10 to the internet via 10.21.9.9", "'10.21.9.9'"),
    ],
    ids=["port out of range", "a private address as the public ip"],
)
def test_a_bad_value_is_the_tools_error_quoting_it(engine, message, expected):
    response = engine.chat(message)
    assert response.answer_type == "error" and expected in response.answer


def test_a_question_about_port_forwarding_without_an_address_stays_a_guide_answer(engine):
    response = engine.chat("Port Forwarding은 어떻게 설정하나요?")
    assert response.answer_type == "knowledge" and response.citations[0].section_id == "port-forwarding"


def test_the_agent_draft_keeps_the_rule_in_the_internal_note(engine):
    response = engine.chat("expose https on 10.20.5.10 via 14.63.1.20", mode="agent")
    assert response.answer_type == "tool"
    assert "Port Forwarding: 14.63.1.20:443 → 10.20.5.10:443 (TCP)" in response.internal_note


def test_the_command_line_gives_both_artefacts_and_one_line_errors(data_dir):
    result = run("tool", "expose", "--vm-ip", "10.20.5.10", "--service", "https", "--public-ip", "14.63.1.20",
                 "--json", data_dir=data_dir)  # fmt: skip
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["port_forwarding"][0]["public_port"] == "443"
    assert plan["firewall_request"]["form"]["목적지 IP"] == "14.63.1.20"
    bad = run("tool", "expose", "--vm-ip", "14.63.1.1", "--service", "ssh", data_dir=data_dir)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().startswith("error: '14.63.1.1'은(는) VM의 내부 주소가 아닙니다.")
