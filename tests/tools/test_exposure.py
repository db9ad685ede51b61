"""Service-exposure planner: the Port Forwarding rule and the firewall request for the same IP and port, the
guide's zones and pools, the checks, and clear errors quoting the bad value."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.errors import AddressError, FormError
from tools.exposure import plan_exposure
from tools.exposure_addresses import ExposureError, is_internal


def test_the_guides_path_public_ip_port_to_the_vm_and_the_same_ip_port_on_the_public_firewall():
    plan = plan_exposure("10.20.5.10", "https", public_ip="14.63.1.20")
    [rule] = plan.rules
    assert (rule.zone, str(rule.public_ip), str(rule.public_ports)) == ("ent-pub", "14.63.1.20", "443")
    assert (str(rule.vm_ip), str(rule.private_ports), rule.protocol) == ("10.20.5.10", "443", "tcp")
    request = plan.firewall_request
    assert (request.firewall, request.source, request.destination, request.port_text) == (
        "Public F/W",
        "any",
        "14.63.1.20",
        "443",
    )
    assert [c.command for c in plan.checks] == [
        "nc -vz 14.63.1.20 443",
        "Test-NetConnection 14.63.1.20 -Port 443",
        "ss -ltn 'sport = :443'",
    ]
    assert "customer system → IPS → Public F/W → VR → Public VM" in " ".join(n.english for n in plan.notes)
    # the firewall form's reminder to set up port forwarding is what this plan gives in full
    assert not [w for w in plan.warnings if w.section_id == "port-forwarding"]


def test_without_a_public_ip_the_rule_waits_for_one_and_the_form_is_not_filled_yet():
    plan = plan_exposure("10.20.5.10", "ssh", source="any")
    assert plan.rules[0].public_ip is None and plan.firewall_request is None
    assert [c.command for c in plan.checks] == ["ss -ltn 'sport = :22'"]
    warnings = " ".join(w.english for w in plan.warnings)
    assert "Remote access (22) open to any source" in warnings
    assert "14.63.0.0/16 or 211.253.0.0/16" in " ".join(n.english for n in plan.notes)


def test_a_different_public_port_and_udp():
    plan = plan_exposure("192.168.3.4", "80", public_ip="211.253.9.9", public_port=8080, source="198.51.100.0/24")
    assert [(str(r.public_ports), str(r.private_ports)) for r in plan.rules] == [("8080", "80")]
    assert plan.firewall_request.port_text == "8080" and plan.firewall_request.source == "198.51.100.0/24"
    dns = plan_exposure("10.20.1.5", "53/udp", public_ip="14.63.3.3")
    assert dns.rules[0].protocol == "udp" and dns.firewall_request.protocol == "udp"
    assert dns.checks[0].command == "nc -vzu 14.63.3.3 53"


def test_over_vpn_the_private_vm_is_reached_on_a_private_ip_of_the_pool_through_the_private_firewall():
    plan = plan_exposure("10.21.3.4", "8080", public_ip="10.220.1.5", access="vpn", source="192.168.10.0/24")
    assert plan.zone == "ent-priv" and plan.rules[0].zone == "ent-priv"
    assert plan.firewall == "Private F/W" and plan.firewall_request.destination == "10.220.1.5"


def test_an_address_outside_the_guides_pools_is_used_with_a_warning():
    plan = plan_exposure("10.20.1.5", "443", public_ip="203.0.113.50")
    assert plan.firewall_request.firewall == "Public F/W"
    assert any("not in the guide's public IP pools" in w.english for w in plan.warnings)


def test_the_public_lb_range_is_flagged_as_ambiguous():
    plan = plan_exposure("10.20.5.10", "443", public_ip="14.49.1.20")
    assert any(n.section_id == "load-balancer" and "14.49.X.X" in n.english for n in plan.notes)


@pytest.mark.parametrize(
    ("arguments", "error", "quoted"),
    [
        ({"vm_ip": "14.63.1.1", "service": "ssh"}, ExposureError, "'14.63.1.1' is not a VM's internal address"),
        ({"vm_ip": "10.220.1.1", "service": "ssh"}, ExposureError, "'10.220.1.1' is not a VM's internal address"),
        ({"vm_ip": "10.20.300.1", "service": "ssh"}, AddressError, "'10.20.300.1' does not appear"),
        ({"vm_ip": "10.20.5.10", "service": "ping"}, ExposureError, "'ping' has none"),
        ({"vm_ip": "10.20.5.10", "service": "70000"}, FormError, "port '70000'"),
        ({"vm_ip": "10.20.5.10", "service": "80,443", "public_port": 8080}, ExposureError, "'80,443'"),
        ({"vm_ip": "10.20.5.10", "service": "ssh", "public_ip": "10.20.1.1"}, ExposureError, "'10.20.1.1' is a"),
        (
            {"vm_ip": "10.21.5.10", "service": "ssh", "public_ip": "14.63.1.1", "access": "vpn"},
            ExposureError,
            "'14.63.1.1' is a public address",
        ),
        ({"vm_ip": "10.20.5.10", "service": "ssh", "source": "office"}, FormError, "source 'office'"),
        ({"vm_ip": "fd00::5", "service": "ssh"}, ExposureError, "'fd00::5' is IPv6"),
    ],
    ids=[
        "public vm", "private pool as vm", "bad octet", "no port", "port out of range", "public port for two",
        "private public ip", "public ip over vpn", "bad source", "ipv6",
    ],
)  # fmt: skip
def test_bad_input_is_one_error_quoting_the_value_in_both_languages(arguments, error, quoted):
    with pytest.raises(error) as raised:
        plan_exposure(**arguments)
    assert quoted in str(raised.value) and raised.value.message("ko") != str(raised.value)


internal_hosts = st.one_of(
    st.integers(0x0A000000, 0x0AFFFFFF), st.integers(0xAC100000, 0xAC1FFFFF), st.integers(0xC0A80000, 0xC0A8FFFF)
).map(ipaddress.IPv4Address)
pool_hosts = st.one_of(st.integers(0x0E3F0000, 0x0E3FFFFF), st.integers(0xD3FD0000, 0xD3FDFFFF)).map(
    ipaddress.IPv4Address
)  # 14.63.0.0/16 and 211.253.0.0/16


@given(vm=internal_hosts, public=pool_hosts, port=st.integers(1, 65535))
def test_the_rule_and_the_form_carry_exactly_the_given_addresses_and_port(vm, public, port):
    if vm in ipaddress.IPv4Network("10.220.0.0/16"):
        return  # the Private IP pool is the VR's side over VPN, never a VM
    plan = plan_exposure(str(vm), str(port), public_ip=str(public))
    [rule] = plan.rules
    assert (rule.vm_ip, rule.public_ip, rule.public_ports.start, rule.private_ports.start) == (vm, public, port, port)
    assert ipaddress.ip_address(plan.firewall_request.destination) == public
    assert plan.firewall_request.firewall == "Public F/W"


@given(address=st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address))
def test_internal_means_rfc_1918(address):
    expected = any(address in ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
    assert is_internal(address) is expected
