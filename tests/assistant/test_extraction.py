"""Parameters read from free text: table-driven cases and properties checked against Python's ipaddress."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.extraction import extract_parameters


@pytest.mark.parametrize(
    ("text", "roles", "ports", "services"),
    [
        (
            "Public 서버(10.20.5.2)에서 Private 존 10.21.5.0/24로 가는 라우팅 명령어",
            [("10.20.5.2", "source"), ("10.21.5.0/24", "destination")],
            (),
            (),
        ),
        ("open RDP 3389 from any to 14.63.2.9", [("14.63.2.9", "destination")], ("3389",), ()),
        (
            "고객사 1.2.3.4에서 14.63.2.9 22번 포트 방화벽 오픈",
            [("1.2.3.4", "source"), ("14.63.2.9", None)],
            ("22",),
            (),
        ),
        (
            "ssh, https 포트 80,443 그리고 8000~8080 to 14.63.2.9:8443",
            [("14.63.2.9", "destination")],
            ("80", "443", "8000-8080", "8443"),
            ("ssh", "https"),
        ),
        (
            "route to 10.20.3.0 255.255.255.0 gw 10.21.3.254",
            [("10.20.3.0/24", "destination"), ("10.21.3.254", "gateway")],
            (),
            (),
        ),
        (
            "출발지 203.0.113.0/24 목적지 14.49.1.1 udp 53/udp",
            [("203.0.113.0/24", "source"), ("14.49.1.1", "destination")],
            ("53",),
            (),
        ),
    ],
    ids=[
        "korean routing sentence",
        "english firewall sentence",
        "korean source particle",
        "port lists and services",
        "netmask and gateway",
        "korean field names",
    ],
)
def test_addresses_roles_and_ports_are_read(text, roles, ports, services):
    found = extract_parameters(text)
    assert [(a.text, a.role) for a in found.addresses] == roles
    assert found.ports == ports
    assert found.services == services


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("and for Windows?", "os", "windows"),
        ("우분투 서버에서", "os", "ubuntu"),
        ("CentOS 7 서버", "os", "centos"),
        ("인터페이스는 eth2야", "interface", "eth2"),
        ("10.21.7.0/24를 /26으로 나눠줘", "split_prefix", 26),
        ("split it into /27 subnets", "split_prefix", 27),
        ("from anywhere to 14.63.2.9", "any_source", True),
        ("모든 곳에서 접속 허용", "any_source", True),
        ("any에서 14.63.2.9로", "any_source", True),
    ],
)
def test_os_interface_split_and_any_source_are_read(text, field, value):
    assert getattr(extract_parameters(text), field) == value


def test_a_url_scheme_is_not_a_service():
    found = extract_parameters("any에서 14.63.2.9로 22번 포트 (참고: https://portal.example.com, http://a.b)")
    assert found.services == () and found.ports == ("22",)


def test_an_ip_address_is_never_read_as_ports():
    found = extract_parameters("22번 포트 14.63.22.221 허용")
    assert found.ports == ("22",)


addresses = st.integers(0, 2**32 - 1).map(lambda n: str(ipaddress.IPv4Address(n)))
prefixes = st.integers(0, 32)


@given(address=addresses, prefix=prefixes, prefix_text=st.sampled_from(["", "ko", "en"]))
def test_any_written_network_is_found_exactly_as_ipaddress_reads_it(address, prefix, prefix_text):
    written = f"{address}/{prefix}"
    text = {"": written, "ko": f"서버 {written}로 가는 경로", "en": f"route to {written} please"}[prefix_text]
    found = extract_parameters(text)
    assert [a.text for a in found.addresses] == [written]
    network = ipaddress.ip_network(found.addresses[0].text, strict=False)
    assert network == ipaddress.ip_network(written, strict=False)


@given(prefix=st.integers(8, 32), address=addresses)
def test_a_netmask_becomes_the_prefix_ipaddress_gives_it(prefix, address):
    """Dotted masks are read from 255.0.0.0 (/8) up: shorter masks are not written that way in practice."""
    mask = ipaddress.IPv4Network(f"0.0.0.0/{prefix}").netmask
    found = extract_parameters(f"{address} {mask}")
    assert found.addresses[0].text == f"{address}/{prefix}"


@given(st.text(max_size=300))
def test_extraction_never_fails(text):
    extract_parameters(text)


PORTS = st.lists(st.integers(1, 65535).map(str), min_size=2, max_size=4, unique=True)
SEPARATORS = st.sampled_from([",", ", ", " and ", " 및 ", "/", "이랑 ", "하고 "])
LEADS = st.sampled_from(["open ports {ports}", "tcp {ports}", "포트 {ports} 열어주세요", "{ports} 포트"])


@given(ports=PORTS, separator=SEPARATORS, lead=LEADS)
def test_a_list_of_ports_is_read_whole_however_it_is_separated(ports, separator, lead):
    text = lead.format(ports=separator.join(ports)) + " from 203.0.113.5 to 14.63.1.1"
    assert list(extract_parameters(text).ports) == ports


@pytest.mark.parametrize(
    "text",
    ["어디서든 14.63.5.20 443 포트로", "아무 데서나 접속되게 14.63.5.20:443", "from everywhere to 14.63.5.20:443"],
)
def test_anyone_anywhere_is_the_any_source(text):
    assert extract_parameters(text).any_source


@given(
    low=st.integers(1, 60000),
    width=st.integers(1, 5000),
    form=st.sampled_from(["{a}-{b}", "{a} - {b}", "{a}~{b}", "{a} to {b}", "{a}부터 {b}까지"]),
)
def test_a_port_range_is_read_as_one_range_in_every_spelling(low, width, form):
    high = min(low + width, 65535)
    text = "포트 " + form.format(a=low, b=high) + " 열어주세요 203.0.113.5에서 14.63.1.1로"
    assert extract_parameters(text).ports == (f"{low}-{high}",)


@given(prefix=st.integers(0, 32))
def test_a_bare_prefix_is_a_size_whose_mask_python_agrees_with(prefix):
    from tools.subnet import describe_subnet

    found = extract_parameters(f"what's the netmask of a /{prefix}?")
    assert found.bare_prefix == prefix and not found.addresses
    info = describe_subnet(f"/{prefix}")
    expected = ipaddress.ip_network(f"0.0.0.0/{prefix}")
    assert info.netmask == expected.netmask and info.total_addresses == expected.num_addresses


@given(network=st.ip_addresses(v=6).map(lambda a: ipaddress.ip_network(f"{a}/64", strict=False)))
def test_ipv6_networks_are_read_from_sentences(network):
    for text in (f"{network} 서브넷 정보 알려줘", f"is {network.network_address} inside {network}?"):
        assert str(network) in [a.text for a in extract_parameters(text).addresses]


@given(
    network=st.builds(
        lambda address, prefix: ipaddress.ip_network(f"{address}/{prefix}", strict=False),
        st.ip_addresses(v=4),
        st.integers(8, 30),
    )
)
def test_a_netmask_written_out_is_the_same_network(network):
    for form in ("{a} with mask {m}", "{a}, netmask {m}", "{a} {m}"):
        text = "network is " + form.format(a=network.network_address, m=network.netmask)
        assert [a.text for a in extract_parameters(text).addresses] == [str(network)]


@pytest.mark.parametrize(
    ("text", "role_of"),
    [
        ("gateway on our side is 10.21.44.254, not .1; route 10.21.44.7 to 10.20.2.0/24", {"10.21.44.254": "gateway"}),
        ("게이트웨이가 .1 말고 10.20.8.254 입니다. 10.20.8.5에서 10.21.8.0/24 라우팅", {"10.20.8.254": "gateway"}),
        ("10.20.9.2 → 10.21.9.0/24 라우팅, 끝나면 10.21.9.20 으로 핑", {"10.21.9.20": "peer"}),
        ("route 10.21.3.3 -> 10.20.3.0/24 then ping the db box 10.20.3.30", {"10.20.3.30": "peer"}),
    ],
    ids=["gateway en", "gateway ko", "peer ko", "peer en"],
)
def test_gateways_and_ping_peers_are_told_apart_from_the_endpoints(text, role_of):
    roles = {a.text: a.role for a in extract_parameters(text).addresses}
    for address, role in role_of.items():
        assert roles[address] == role


@pytest.mark.parametrize(
    ("text", "kept", "field"),
    [
        ("아 정정할게요 tcp 말고 udp로 해주세요", "udp", "protocol"),
        ("make it udp instead of tcp", "udp", "protocol"),
        ("인터페이스는 eth1이 아니라 ens4예요", "ens4", "interface"),
        ("the nic is ens160, not eth1", "ens160", "interface"),
        ("그 서버 리눅스 아니고 윈도우예요", "windows", "os"),
        ("sorry, it's windows not linux", "windows", "os"),
    ],
    ids=["protocol ko", "protocol en", "interface ko", "interface en", "os ko", "os en"],
)
def test_a_value_corrected_away_is_not_read(text, kept, field):
    assert getattr(extract_parameters(text), field) == kept
