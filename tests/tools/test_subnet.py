"""The subnet calculator against Python's `ipaddress`, for IPv4 and IPv6, plus the pinned conventions."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.errors import AddressError, SplitError
from tools.subnet import MAX_SPLIT_PIECES, contains, describe_subnet, overlap, parse_network, split
from tools.summary import summarize

ipv4 = st.builds(ipaddress.IPv4Address, st.integers(0, 2**32 - 1))
ipv6 = st.builds(ipaddress.IPv6Address, st.integers(0, 2**128 - 1))
ipv4_interfaces = st.builds(lambda a, p: ipaddress.IPv4Interface((a, p)), ipv4, st.integers(0, 32))
ipv6_interfaces = st.builds(lambda a, p: ipaddress.IPv6Interface((a, p)), ipv6, st.integers(0, 128))
interfaces = st.one_of(ipv4_interfaces, ipv6_interfaces)


@given(interfaces)
def test_every_field_matches_ipaddress(interface):
    info = describe_subnet(str(interface))
    network = interface.network
    assert info.network == network and info.prefix == network.prefixlen and info.version == network.version
    assert info.netmask == network.netmask and info.wildcard == network.hostmask
    assert info.total_addresses == network.num_addresses
    assert info.host_bits_set == (interface.ip != network.network_address)
    assert info.broadcast == (network.broadcast_address if network.version == 4 else None)
    hosts = network.hosts()
    if network.num_addresses <= 4096:  # walk the hosts only where that is cheap
        expected = list(hosts)
        assert info.usable_hosts == len(expected)
        assert (info.first_host, info.last_host) == (expected[0], expected[-1])
    elif network.version == 4:
        assert info.usable_hosts == network.num_addresses - 2
    else:
        assert info.usable_hosts == network.num_addresses - 1


@given(ipv4_interfaces)
def test_netmask_notation_equals_prefix_notation(interface):
    with_mask = describe_subnet(f"{interface.ip} {interface.network.netmask}")
    assert with_mask.network == interface.network


@given(st.one_of(ipv4, ipv6))
def test_a_bare_address_is_a_single_host(address):
    info = describe_subnet(str(address))
    assert info.prefix == address.max_prefixlen and info.usable_hosts == 1 and info.first_host == address


@given(st.one_of(ipv4, ipv6), interfaces)
def test_contains_matches_ipaddress(address, interface):
    assert contains(str(address), str(interface.network)) == (address in interface.network)


@given(interfaces, interfaces)
def test_overlap_matches_ipaddress(a, b):
    expected = a.version == b.version and a.network.overlaps(b.network)
    assert overlap(str(a.network), str(b.network)) == expected


@given(ipv4_interfaces, st.integers(0, 8))
def test_split_matches_ipaddress(interface, extra_bits):
    network = interface.network
    new_prefix = min(32, network.prefixlen + extra_bits)
    assert split(str(network), new_prefix) == list(network.subnets(new_prefix=new_prefix))


@given(ipv6_interfaces, st.integers(0, 8))
def test_split_matches_ipaddress_for_ipv6(interface, extra_bits):
    network = interface.network
    new_prefix = min(128, network.prefixlen + extra_bits)
    assert split(str(network), new_prefix) == list(network.subnets(new_prefix=new_prefix))


@given(st.one_of(st.lists(ipv4_interfaces, min_size=1, max_size=8), st.lists(ipv6_interfaces, min_size=1, max_size=8)))
def test_summarize_matches_collapse_addresses(interfaces_):
    networks = [i.network for i in interfaces_]
    assert summarize([str(n) for n in networks]) == list(ipaddress.collapse_addresses(networks))


@pytest.mark.parametrize(
    ("text", "usable", "first", "last", "gateway"),
    [
        ("10.21.7.0/26", 62, "10.21.7.1", "10.21.7.62", "10.21.7.1"),
        ("10.21.5.0/30", 2, "10.21.5.1", "10.21.5.2", "10.21.5.1"),
        ("10.21.5.0/31", 2, "10.21.5.0", "10.21.5.1", None),
        ("10.21.5.9/32", 1, "10.21.5.9", "10.21.5.9", None),
        ("0.0.0.0/0", 2**32 - 2, "0.0.0.1", "255.255.255.254", "0.0.0.1"),
        ("2001:db8::/127", 2, "2001:db8::", "2001:db8::1", None),
        ("2001:db8::1/128", 1, "2001:db8::1", "2001:db8::1", None),
        ("2001:db8::/126", 3, "2001:db8::1", "2001:db8::3", "2001:db8::1"),
    ],
    ids=["/26", "/30", "/31 RFC 3021", "/32", "/0", "IPv6 /127 RFC 6164", "IPv6 /128", "IPv6 /126"],
)
def test_pinned_host_counts_and_gateway(text, usable, first, last, gateway):
    info = describe_subnet(text)
    assert info.usable_hosts == usable
    assert (str(info.first_host), str(info.last_host)) == (first, last)
    assert (str(info.gateway) if info.gateway else None) == gateway


def test_host_bits_set_computes_the_network_and_says_so():
    info = describe_subnet("10.21.7.5/26")
    assert str(info.network) == "10.21.7.0/26" and info.host_bits_set and str(info.given_address) == "10.21.7.5"


@pytest.mark.parametrize(
    ("text", "ranges", "sections", "scope"),
    [
        ("10.20.5.0/24", ["Public Zone CIP"], ["cip-interface"], "private"),
        ("10.21.5.2", ["Private Zone CIP", "Inter-LB service IP"], ["cip-interface", "load-balancer"], "private"),
        (
            "10.220.1.0/24",
            ["Private IP pool", "Private-LB service IP"],
            ["product-request", "load-balancer"],
            "private",
        ),
        ("14.63.2.9", ["Public IP pool (Cheonan)"], ["product-request"], "public"),
        ("211.253.10.0/24", ["Public IP pool (Cheonan)"], ["product-request"], "public"),
        ("14.49.1.1", ["Public-LB service IP"], ["load-balancer"], "public"),
        ("10.20.0.0/15", [], [], "private"),
        ("8.8.8.8", [], [], "public"),
        ("127.0.0.1", [], [], "loopback"),
        ("100.64.0.1", [], [], "shared"),
    ],
)
def test_enterprise_cloud_range_and_guide_section(text, ranges, sections, scope):
    info = describe_subnet(text)
    assert [r.name for r in info.cloud_ranges] == ranges
    assert [r.section_id for r in info.cloud_ranges] == sections
    assert info.scope == scope


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("10.21.300.0/24", "'10.21.300.0/24'"),
        ("10.21.7.0/33", "'10.21.7.0/33'"),
        ("10.21.7.0 255.0.255.0", "'10.21.7.0 255.0.255.0'"),
        ("", "''"),
        ("10.21.7.0/24/8", "'10.21.7.0/24/8'"),
        ("route add", "'route add'"),
    ],
)
def test_bad_networks_are_errors_quoting_the_input_in_both_languages(text, quoted):
    with pytest.raises(AddressError) as info:
        parse_network(text)
    assert quoted in str(info.value) and quoted in info.value.message("ko")
    assert info.value.__suppress_context__ or info.value.__cause__ is None


def test_split_limits():
    assert len(split("10.21.0.0/16", 24)) == MAX_SPLIT_PIECES
    with pytest.raises(SplitError, match="65,536 pieces"):
        split("10.21.0.0/16", 32)
    with pytest.raises(SplitError, match="between 24 and 32"):
        split("10.21.5.0/24", 20)


def test_summarize_refuses_mixed_versions():
    with pytest.raises(AddressError, match="IPv4 and IPv6"):
        summarize(["10.21.5.0/24", "2001:db8::/64"])
