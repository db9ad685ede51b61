"""Route commands: the guide's own example, both directions, every form, and every bad request."""

from __future__ import annotations

import ipaddress
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.errors import AddressError, RouteError
from tools.routes import plan_routes


def test_the_guides_example_with_x_5_in_both_directions():
    plan = plan_routes("10.20.5.2", "10.21.5.0/24")
    forward, reverse = plan.directions
    # the guide: [root@Public~]# route add –net 10.21.X.0 netmask 255.255.255.0 gw 10.20.X.1
    assert forward.route_add == "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1"
    # the guide: [root@Private~]# route add –net 10.20.X.0 netmask 255.255.255.0 gw 10.21.X.1
    assert reverse.route_add == "route add -net 10.20.5.0 netmask 255.255.255.0 gw 10.21.5.1"
    assert (forward.server_zone, reverse.server_zone) == ("public", "private")
    assert plan.section_id == "zone-routing"


def test_every_command_form_for_one_direction():
    forward = plan_routes("10.20.5.2/24", "10.21.5.0/24", peer="10.21.5.2").forward
    assert forward.commands() == {
        "route": "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1",
        "ip_route": "ip route add 10.21.5.0/24 via 10.20.5.1 dev eth1",
        "persistent_rhel": "echo '10.21.5.0/24 via 10.20.5.1 dev eth1' >> /etc/sysconfig/network-scripts/route-eth1",
        "persistent_nmcli": 'nmcli connection modify eth1 +ipv4.routes "10.21.5.0/24 10.20.5.1"\n'
        "nmcli connection up eth1",
        "netplan": "network:\n  version: 2\n  ethernets:\n    eth1:\n      routes:\n"
        "        - to: 10.21.5.0/24\n          via: 10.20.5.1\n",
        "windows": "route -p add 10.21.5.0 mask 255.255.255.0 10.20.5.1",
        "ifcfg": 'DEVICE="eth1"\nBOOTPROTO=dhcp\nONBOOT=yes\n',
        "cloud_init": "#cloud-config\n"
        "write_files:\n"
        "  - path: /etc/sysconfig/network-scripts/ifcfg-eth1\n"
        "    permissions: '0644'\n"
        "    content: |\n"
        '      DEVICE="eth1"\n'
        "      BOOTPROTO=dhcp\n"
        "      ONBOOT=yes\n"
        "  - path: /etc/sysconfig/network-scripts/route-eth1\n"
        "    permissions: '0644'\n"
        "    content: |\n"
        "      10.21.5.0/24 via 10.20.5.1 dev eth1\n"
        "runcmd:\n"
        "  - [ifup, eth1]\n"
        "  - [ip, route, replace, 10.21.5.0/24, via, 10.20.5.1, dev, eth1]\n",
        "verify": "route -n\nip route get 10.21.5.1\nping -c 3 10.21.5.2",
        "verify_windows": "route print -4\nping -n 3 10.21.5.2",
        "rollback": "route del -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1",
        "rollback_ip": "ip route del 10.21.5.0/24 via 10.20.5.1 dev eth1",
        "rollback_windows": "route delete 10.21.5.0 mask 255.255.255.0 10.20.5.1",
    }


def test_the_reverse_direction_pings_the_source_server():
    reverse = plan_routes("10.21.7.10/25", "10.20.3.0/24").reverse
    assert reverse.route_add == "route add -net 10.21.7.0 netmask 255.255.255.128 gw 10.20.3.1"
    assert reverse.verify.endswith("ping -c 3 10.21.7.10")


@given(x=st.integers(0, 255), y=st.integers(0, 255), host=st.integers(2, 254), prefix=st.integers(16, 29))
def test_commands_agree_with_ipaddress(x, y, host, prefix):
    source = ipaddress.IPv4Interface(f"10.20.{x}.{host}/{prefix}")
    destination = ipaddress.IPv4Network(f"10.21.{y}.0/24")
    if source.ip == source.network.network_address + 1 or source.ip == source.network.broadcast_address:
        return
    plan = plan_routes(str(source), str(destination))
    gateway = source.network.network_address + 1
    assert plan.forward.route_add == f"route add -net {destination.network_address} netmask 255.255.255.0 gw {gateway}"
    assert plan.reverse.gateway == destination.network_address + 1 and plan.reverse.destination == source.network
    assert gateway in source.network and plan.reverse.gateway in destination
    assert re.fullmatch(r"route add -net [\d.]+ netmask [\d.]+ gw [\d.]+", plan.reverse.route_add)


@pytest.mark.parametrize(
    ("source", "destination", "kwargs", "error", "quoted"),
    [
        ("10.21.300.0", "10.20.5.0/24", {}, AddressError, "'10.21.300.0'"),
        ("10.20.5.2", "10.21.300.0/24", {}, AddressError, "'10.21.300.0/24'"),
        ("10.20.5.2", "10.20.9.0/24", {}, RouteError, "both '10.20.5.2' and '10.20.9.0/24'"),
        ("10.20.5.2/16", "10.20.9.0/24", {}, RouteError, "overlaps the server's own network '10.20.0.0/16'"),
        ("10.20.5.2", "2001:db8::/64", {}, RouteError, "IPv6 network '2001:db8::/64'"),
        ("2001:db8::2", "10.21.5.0/24", {}, RouteError, "'2001:db8::2' is IPv6"),
        ("10.20.5.2", "10.21.5.0/24", {"interface": "eth 1"}, RouteError, "'eth 1'"),
        ("10.20.5.2", "10.21.5.0/24", {"interface": "a-very-long-interface-name"}, RouteError, "interface name"),
        ("10.20.5.2", "10.21.5.0/24", {"zone": "private"}, RouteError, "'10.20.5.2' is in the Public Zone"),
        ("192.168.0.5", "10.21.5.0/24", {}, RouteError, "'192.168.0.5' is not an Enterprise Cloud CIP"),
        ("10.20.5.1", "10.21.5.0/24", {}, RouteError, "'10.20.5.1' is the gateway address"),
        ("10.20.5.2/31", "10.21.5.0/24", {}, RouteError, "leaves no room for a gateway"),
        ("10.20.5.2", "10.21.5.0/24", {"peer": "10.21.6.2"}, RouteError, "peer '10.21.6.2'"),
        ("10.20.5.2", "10.21.5.0/24", {"os": "solaris"}, RouteError, "'solaris'"),
        ("10.20.5.2", "10.21.5.0/24", {"gateway": "10.20.6.1"}, RouteError, "gateway '10.20.6.1' is not a host"),
        ("10.20.5.2", "10.21.5.0/24", {"gateway": "10.20.5.255"}, RouteError, "gateway '10.20.5.255'"),
        ("10.20.5.2", "10.21.5.0/24", {"gateway": "fe80::1"}, RouteError, "gateway 'fe80::1'"),
    ],
    ids=[
        "bad source octet",
        "bad destination octet",
        "both ends in the public zone",
        "destination inside the source network",
        "ipv6 destination",
        "ipv6 source",
        "interface with a space",
        "interface too long",
        "zone contradicts the address",
        "source outside the cip ranges",
        "source is the gateway",
        "no room for a gateway",
        "peer outside the destination",
        "unknown os",
        "gateway outside the server network",
        "gateway is the broadcast address",
        "ipv6 gateway",
    ],
)
def test_bad_requests_are_errors_quoting_the_input(source, destination, kwargs, error, quoted):
    with pytest.raises(error) as info:
        plan_routes(source, destination, **kwargs)
    assert quoted in str(info.value)
    assert info.value.message("ko") and info.value.message("ko") != str(info.value)


def test_warnings_for_host_bits_external_destinations_and_windows():
    plan = plan_routes("10.20.5.2", "192.168.10.7/24", os="windows", zone="public")
    messages = " ".join(w.english for w in plan.warnings)
    assert plan.reverse is None and str(plan.forward.destination) == "192.168.10.0/24"
    assert "host bits set" in messages and "not an Enterprise Cloud CIP range" in messages
    assert "ask the KT support center" in messages
    assert any(w.section_id == "support-center-request" for w in plan.warnings)


def test_assumptions_are_stated():
    plan = plan_routes("10.21.8.20", "10.20.8.0/24")
    texts = " ".join(a.english for a in plan.assumptions)
    assert "first address of the server's network (10.21.8.1)" in texts and "/24 (10.21.8.0/24)" in texts


def test_an_explicit_gateway_replaces_the_dot_one_convention():
    plan = plan_routes("10.20.5.2", "10.21.5.0/24", gateway="10.20.5.254")
    assert plan.forward.route_add == "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.254"
    assert not any("first address" in a.english for a in plan.assumptions if a.direction == "forward")
    assert plan.reverse.gateway == ipaddress.IPv4Address("10.21.5.1")
    assert [a.direction for a in plan.assumptions if "first address" in a.english] == ["reverse"]  # still a guess


def test_the_other_sides_gateway_is_stated_as_an_assumption_about_that_direction():
    plan = plan_routes("10.20.5.2", "10.21.0.0/16")
    other = next(a for a in plan.assumptions if a.direction == "reverse")
    assert "10.21.0.1" in other.english and "10.21.0.1" in other.korean
    assert plan.reverse.gateway == ipaddress.IPv4Address("10.21.0.1")
