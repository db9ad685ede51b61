"""The network tools through their front-ends: LangChain StructuredTools, the CLI, the XLSX export."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from langchain_core.tools import StructuredTool
from openpyxl import load_workbook

from assistant.toolkit.firewall_xlsx import to_xlsx
from assistant.toolkit.langchain_tools import langchain_tools
from tools.firewall import fill_firewall_form

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tools_by_name() -> dict[str, StructuredTool]:
    return {tool.name: tool for tool in langchain_tools()}


def test_structured_tools_with_argument_schemas(tools_by_name):
    assert set(tools_by_name) == {
        "subnet_calculator",
        "route_commands",
        "firewall_policy_form",
        "summarize_networks",
        "service_exposure_plan",
    }
    schema = tools_by_name["route_commands"].args
    assert {"source", "destination", "interface", "os", "zone", "peer"} <= set(schema)


def test_structured_tools_return_exact_tool_output(tools_by_name):
    routes = tools_by_name["route_commands"].invoke({"source": "10.20.5.2", "destination": "10.21.5.0/24"})
    assert [d["commands"]["route"] for d in routes["directions"]] == [
        "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1",
        "route add -net 10.20.5.0 netmask 255.255.255.0 gw 10.21.5.1",
    ]
    form = tools_by_name["firewall_policy_form"].invoke({"source": "any", "destination": "14.63.10.20", "ports": "ssh"})
    assert form["firewall"] == "Public F/W" and form["email"]["to"] == "mss1@wins21.co.kr"
    subnet = tools_by_name["subnet_calculator"].invoke({"network": "10.21.7.0 255.255.255.192"})
    assert subnet["network"] == "10.21.7.0/26" and subnet["usable_hosts"] == 62


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("subnet_calculator", {"network": "10.21.300.0/24"}, "'10.21.300.0/24' does not appear to be"),
        (
            "firewall_policy_form",
            {"source": "any", "destination": "14.63.1.1", "ports": "70000", "language": "ko"},
            "포트 '70000'",
        ),
        ("route_commands", {"source": "10.20.5.2", "destination": "10.20.6.0/24"}, "both '10.20.5.2'"),
    ],
)
def test_tool_input_errors_reach_the_agent_as_messages(tools_by_name, tool, arguments, message):
    assert message in tools_by_name[tool].invoke(arguments)


def test_xlsx_form_has_korean_headers_and_the_request():
    request = fill_firewall_form("203.0.113.7", "14.49.3.4", "https", reason="LB 오픈")
    sheet = load_workbook(io.BytesIO(to_xlsx(request))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["방화벽 구분", "출발지 IP", "목적지 IP", "프로토콜", "포트"]
    assert rows[1][:5] == ["Public F/W", "203.0.113.7", "14.49.3.4", "TCP", "443"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "tool", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def test_cli_subnet_json():
    result = run("subnet", "10.21.7.5/26", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["network"] == "10.21.7.0/26" and payload["host_bits_set"] is True
    assert [r["section_id"] for r in payload["enterprise_cloud_ranges"]] == ["cip-interface", "load-balancer"]


def test_cli_subnet_operations_and_summarize():
    result = run(
        "subnet", "10.21.4.0/23", "--contains", "10.21.5.9", "--overlaps", "10.20.0.0/16", "--split", "24", "--json"
    )
    payload = json.loads(result.stdout)
    assert payload["contains"]["result"] is True and payload["overlaps"]["result"] is False
    assert payload["split"] == ["10.21.4.0/24", "10.21.5.0/24"]
    summary = run("summarize", "10.21.4.0/24", "10.21.5.0/24", "10.21.6.0/24")
    assert summary.returncode == 0 and summary.stdout.split() == ["10.21.4.0/23", "10.21.6.0/24"]


def test_cli_routes_text_shows_both_directions():
    result = run("routes", "--from", "10.20.5.2", "--to", "10.21.5.0/24", "--os", "windows")
    assert result.returncode == 0, result.stderr
    assert "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1" in result.stdout
    assert "route -p add 10.20.5.0 mask 255.255.255.0 10.21.5.1" in result.stdout
    assert "ask the KT support center" in result.stdout


def test_cli_firewall_form_writes_csv_and_xlsx(tmp_path):
    result = run(
        "firewall-form",
        "--src",
        "any",
        "--dst",
        "14.63.10.20",
        "--port",
        "22",
        "--csv",
        str(tmp_path / "form.csv"),
        "--xlsx",
        str(tmp_path / "form.xlsx"),
    )
    assert result.returncode == 0, result.stderr
    assert "| Public F/W | any | 14.63.10.20 | TCP | 22 | 허용 |" in result.stdout
    assert "To: mss1@wins21.co.kr  (☎ 031-622-8592~4)" in result.stdout
    assert (tmp_path / "form.csv").read_bytes().startswith("\ufeff방화벽 구분".encode())
    assert load_workbook(tmp_path / "form.xlsx").active["A2"].value == "Public F/W"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("subnet", "10.21.300.0/24"), "error: '10.21.300.0/24' does not appear to be an IPv4 or IPv6 network"),
        (("routes", "--from", "10.20.5.2", "--to", "10.21.5.0/24", "--interface", "eth 1"), "error: 'eth 1' is not"),
        (
            ("firewall-form", "--src", "any", "--dst", "14.63.1.1", "--port", "70000", "--lang", "en"),
            "error: port '70000' in '70000' is out of range (1-65535)",
        ),
        (
            ("firewall-form", "--src", "any", "--dst", "14.63.1.1", "--port", "70000", "--lang", "ko"),
            "error: '70000'의 포트 '70000'은(는) 범위(1-65535)를 벗어났습니다",
        ),
        (
            ("routes", "--from", "10.20.5.2", "--to", "10.21.5.0/24", "--zone", "dmz"),
            "error: --zone 'dmz': Input should be",
        ),
        (
            ("firewall-form", "--src", "any", "--dst", "14.63.1.1", "--port", "22", "--action", "maybe"),
            "error: --action",
        ),
    ],
    ids=["bad network", "bad interface", "port out of range", "port out of range in korean", "bad zone", "bad action"],
)
def test_cli_bad_input_is_one_line_with_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(message)
