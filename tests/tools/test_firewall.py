"""Firewall policy form: the guide's example, firewall inference, service ports, warnings, renderings."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.errors import FormError
from tools.firewall import MSS_EMAIL, MSS_PHONE, fill_firewall_form
from tools.firewall_form import email_draft, form_rows, to_csv, to_markdown


def test_golden_form_for_any_to_public_ip_port_22():
    """The guide's example: Public F/W, Source IP:any → 14.63.XX.XX:22."""
    request = fill_firewall_form("any", "14.63.10.20", "22")
    assert to_markdown(request) == (
        "| 방화벽 구분 | 출발지 IP | 목적지 IP | 프로토콜 | 포트 | 허용/차단 | 방향 "
        "| 신청 사유 | 적용 기간 | 신청자 |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
        "| Public F/W | any | 14.63.10.20 | TCP | 22 | 허용 | 인바운드 | (기재 필요) | (기재 필요) | (기재 필요) |"
    )
    assert request.firewall_basis.section_id == "product-request"
    warnings = " ".join(w.english for w in request.warnings)
    assert "Remote access (22) open to any source" in warnings
    assert "Port forwarding from this public IP to the VM must also be set on the VR" in warnings


@pytest.mark.parametrize(
    ("destination", "firewall", "section"),
    [
        ("14.63.2.9", "Public F/W", "product-request"),
        ("211.253.7.1", "Public F/W", "product-request"),
        ("14.49.3.4", "Public F/W", "load-balancer"),
        ("10.220.5.6", "Private F/W", "product-request"),
        ("10.21.5.6", "Private F/W", "cip-interface"),
    ],
    ids=[
        "public pool 14.63",
        "public pool 211.253",
        "public-lb",
        "private-lb / private pool",
        "inter-lb / private cip",
    ],
)
def test_the_firewall_is_inferred_from_the_destination_as_the_guide_says(destination, firewall, section):
    request = fill_firewall_form("203.0.113.7", destination, "443")
    assert request.firewall == firewall and request.firewall_basis.section_id == section


def test_lb_service_ip_gets_the_lb_notice():
    request = fill_firewall_form("any", "14.49.3.4", "https")
    assert any(w.section_id == "load-balancer" for w in request.warnings)


def test_a_private_cip_destination_from_the_internet_is_warned_about():
    request = fill_firewall_form("121.134.5.6", "10.21.5.6", "ssh")
    assert any("not reachable from the internet" in w.english for w in request.warnings)


def test_a_destination_the_guide_does_not_place_needs_the_firewall_given():
    with pytest.raises(FormError, match=r"cannot tell which firewall guards '10\.20\.5\.6'"):
        fill_firewall_form("any", "10.20.5.6", "22")
    assert fill_firewall_form("10.21.0.0/16", "10.20.5.6", "22", firewall="Inter-F/W").firewall == "Inter-F/W"


@pytest.mark.parametrize(
    ("ports", "protocol", "rendered", "services"),
    [
        ("ssh", "tcp", "22", ("ssh",)),
        ("RDP", "tcp", "3389", ("rdp",)),
        ("http, https", "tcp", "80, 443", ("http", "https")),
        ("mysql", "tcp", "3306", ("mysql",)),
        ("postgresql", "tcp", "5432", ("postgresql",)),
        ("8000-8080", "tcp", "8000-8080", ()),
        ("dns", "udp", "53", ("dns",)),
        ("ping", "icmp", "-", ("ping",)),
        ("443 tcp", "tcp", "443", ()),
    ],
)
def test_service_names_map_to_ports(ports, protocol, rendered, services):
    request = fill_firewall_form("198.51.100.0/24", "14.63.2.9", ports)
    assert (request.protocol, request.port_text, request.services) == (protocol, rendered, services)


@pytest.mark.parametrize(
    ("kwargs", "quoted"),
    [
        ({"ports": "70000"}, "port '70000'"),
        ({"ports": "0"}, "port '0'"),
        ({"ports": "telnetx"}, "'telnetx'"),
        ({"ports": "9000-8000"}, "'9000-8000'"),
        ({"ports": "dns, ssh"}, "mixes protocols"),
        ({"ports": ""}, "no port or service"),
        ({"source": "10.21.300.0/24"}, "source '10.21.300.0/24'"),
        ({"destination": "any"}, "destination must be a specific IP"),
        ({"destination": "2001:db8::1"}, "different IP versions"),
        ({"firewall": "Super F/W"}, "unknown firewall 'Super F/W'"),
        ({"protocol": "udp", "ports": "ssh"}, "protocol 'udp'"),
    ],
)
def test_bad_fields_are_errors_quoting_the_input(kwargs, quoted):
    arguments = {"source": "203.0.113.7", "destination": "14.63.2.9", "ports": "22", **kwargs}
    with pytest.raises(FormError) as info:
        fill_firewall_form(**arguments)
    assert quoted in str(info.value) and info.value.message("ko")


@given(st.integers(1, 65535))
def test_every_valid_port_is_accepted_as_is(port):
    assert fill_firewall_form("any", "14.63.2.9", str(port)).port_text == str(port)


def test_broad_sources_and_port_ranges_are_warned_about():
    request = fill_firewall_form("10.0.0.0/8", "10.220.1.1", "1000-5000")
    texts = " ".join(w.english for w in request.warnings)
    assert "very broad (/8)" in texts and "1000 ports or more" in texts


def test_csv_has_korean_headers_and_one_row():
    request = fill_firewall_form("203.0.113.7", "14.63.2.9", "https", reason="웹 서비스 오픈", requester="홍길동")
    rows = list(csv.reader(io.StringIO(to_csv(request))))
    assert rows[0][:3] == ["방화벽 구분", "출발지 IP", "목적지 IP"]
    assert rows[1] == [
        "Public F/W",
        "203.0.113.7",
        "14.63.2.9",
        "TCP",
        "443",
        "허용",
        "인바운드",
        "웹 서비스 오픈",
        "(기재 필요)",
        "홍길동",
    ]


def test_email_draft_uses_the_guides_contact_exactly():
    request = fill_firewall_form("any", "14.63.10.20", "22")
    korean, english = email_draft(request, "ko"), email_draft(request, "en")
    assert (korean.to, korean.phone) == (MSS_EMAIL, MSS_PHONE) == ("mss1@wins21.co.kr", "031-622-8592~4")
    assert korean.subject == "[방화벽 정책 신청] Public F/W any → 14.63.10.20:22"
    assert "첨부#1. 방화벽 정책 신청서" in korean.body and "031-622-8592~4" in korean.body
    assert english.subject == "[Firewall policy request] Public F/W any -> 14.63.10.20:22"
    assert dict(form_rows(request, "en"))["Allow/Deny"] == "allow"
