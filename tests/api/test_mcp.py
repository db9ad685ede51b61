"""The MCP server as an AI tool meets it: the SDK's own client against real processes, over stdio
(`python -m assistant mcp`) and over streamable HTTP (`/mcp` on the running server)."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx
import httpx2
from fastapi.testclient import TestClient
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from api.main import create_app
from assistant.settings import Settings
from assistant.toolkit import REGISTRY, tool_by_name
from tests.api.conftest import MCP_KEY, REPO

# One valid input per registered tool: a tool added to the registry without a row here fails the test below.
SAMPLE_INPUTS: dict[str, dict[str, Any]] = {
    "summarize_networks": {"networks": ["10.21.4.0/24", "10.21.5.0/24"]},
    "route_commands": {"source": "10.20.5.2", "destination": "10.21.30.0/24", "os": "linux"},
    "service_exposure_plan": {"vm_ip": "172.27.0.10", "service": "https"},
    "firewall_policy_form": {"source": "any", "destination": "211.253.7.9", "ports": "80,443"},
    "subnet_calculator": {"network": "10.21.7.64/26"},
}
PASSWORD = "Zq7!pass-Word-42"

Session = Callable[[Client], Awaitable[None]]


def _mcp_started(url: str) -> None:
    """The endpoint starts just after /readyz says chat is ready: wait until it stops answering 503."""
    deadline = time.monotonic() + 30
    while httpx.post(f"{url}/mcp", json={}, headers={"X-API-Key": MCP_KEY}).status_code == 503:
        assert time.monotonic() < deadline, "the MCP endpoint did not start"
        time.sleep(0.1)


def _with_http_client(url: str, check: Session, key: str | None = MCP_KEY) -> None:
    _mcp_started(url)

    async def main() -> None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=60) as http,
            Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client,
        ):
            await check(client)

    anyio.run(main)


def _with_stdio_client(data_dir, check: Session) -> None:
    parameters = StdioServerParameters(
        command=sys.executable,
        args=["-m", "assistant", "mcp"],
        env={"ASSISTANT_DATA_DIR": str(data_dir)},
        cwd=str(REPO),
    )

    async def main() -> None:
        async with Client(parameters) as client:
            await check(client)

    anyio.run(main)


def _http_tool_bodies(url: str) -> dict[str, tuple[set[str], set[str]]]:
    """Each tool's request body as the HTTP API documents it: (field names, required field names)."""
    spec = httpx.get(f"{url}/openapi.json", timeout=30).json()
    found = {}
    for tool in REGISTRY:
        body = spec["paths"][f"/v1/tools/{tool.command}"]["post"]["requestBody"]["content"]["application/json"]
        model = spec["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]
        found[tool.name] = (set(model["properties"]), set(model.get("required", [])))
    return found


def _tool_endpoint(url: str, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    tool = tool_by_name(name)
    reply = httpx.post(f"{url}/v1/tools/{tool.command}", json=arguments, timeout=30)
    assert reply.status_code == 200, reply.text
    return reply.json()


async def _same_as_http_api(client: Client, url: str) -> None:
    """What every transport must do: list, call each tool as the HTTP endpoint does, refuse bad values."""
    listed = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert {"search_guide", "ask"} <= listed.keys()
    assert {tool.name for tool in REGISTRY} <= listed.keys() and set(SAMPLE_INPUTS) == {t.name for t in REGISTRY}
    bodies = _http_tool_bodies(url)
    for tool in REGISTRY:
        schema = listed[tool.name].input_schema
        assert schema == tool.input_model.model_json_schema()  # the tool's own model, not one re-derived
        assert (set(schema["properties"]), set(schema.get("required", []))) == bodies[tool.name]  # as over HTTP
        result = await client.call_tool(tool.name, SAMPLE_INPUTS[tool.name])
        assert not result.is_error, result.content
        assert result.structured_content == _tool_endpoint(url, tool.name, SAMPLE_INPUTS[tool.name])

    bad = await client.call_tool("subnet_calculator", {"network": "10.21.300.0/24"})
    assert bad.is_error and "10.21.300.0" in bad.content[0].text
    missing = await client.call_tool("route_commands", {"destination": "10.21.30.0/24"})
    assert missing.is_error and "source" in missing.content[0].text

    resources = (await client.list_resources()).resources
    assert len(resources) >= 10 and all(str(r.uri).startswith("guide://") for r in resources)
    firewall = next(r for r in resources if "firewall" in str(r.uri))
    contents = (await client.read_resource(firewall.uri)).contents
    assert any("방화벽" in c.text for c in contents)

    found = await client.call_tool("search_guide", {"query": "방화벽 정책 신청은 어디로 하나요?", "k": 3})
    assert len(found.structured_content["hits"]) == 3 and "firewall" in found.structured_content["hits"][0]["url"]


async def _asks(client: Client) -> None:
    """The chat through MCP: cited answers, a session that carries over, and a pasted password kept nowhere."""
    first = await client.call_tool(
        "ask", {"message": f"root 비밀번호는 {PASSWORD} 예요. 10.20.5.2에서 10.21.30.0/24로 라우팅 명령어 알려줘"}
    )
    assert not first.is_error
    answer = first.structured_content
    assert PASSWORD not in str(first.model_dump()) and answer["warnings"]
    assert answer["answer_type"] == "tool", answer["answer"]
    assert any("10.21.30.0" in command for command in answer["commands"])
    reverse = await client.call_tool("ask", {"message": "그럼 반대 방향은?", "session_id": answer["session_id"]})
    assert reverse.structured_content["session_id"] == answer["session_id"]
    assert reverse.structured_content["commands"] != answer["commands"]

    guide = await client.call_tool("ask", {"message": "Who do I contact to request a firewall policy?"})
    assert guide.structured_content["citations"] and "mss1@wins21.co.kr" in guide.content[0].text


def test_streamable_http_serves_every_tool_and_resource_behind_the_key(server) -> None:
    async def check(client: Client) -> None:
        await _same_as_http_api(client, server.url)
        await _asks(client)

    _with_http_client(server.url, check)

    without_key = httpx.post(f"{server.url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    wrong_key = httpx.post(f"{server.url}/mcp", json={}, headers={"Authorization": "Bearer nope"})
    assert without_key.status_code == 401 and wrong_key.status_code == 401
    assert without_key.json()["error"]["code"] == "unauthorized"
    assert PASSWORD not in server.log.read_text(errors="replace")


def test_stdio_serves_the_same_results_as_the_http_api(server, tmp_path, guide_index_dir) -> None:
    shutil.copytree(guide_index_dir, tmp_path / "data" / "index")

    async def check(client: Client) -> None:
        await _same_as_http_api(client, server.url)
        unknown = await client.call_tool("no_such_tool", {})
        assert unknown.is_error and "route_commands" in unknown.content[0].text

    _with_stdio_client(tmp_path / "data", check)


LIST_TOOLS = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}


def test_the_admin_key_guards_mcp_unless_an_mcp_key_is_set(engine, tmp_path) -> None:
    admin, own = "admin-key-0123456789", "mcp-key-0123456789ab"
    with TestClient(create_app(Settings(data_dir=tmp_path, _env_file=None), engine=engine)) as http:
        off = http.post("/mcp", json=LIST_TOOLS)
    assert off.status_code == 403 and "ASSISTANT_MCP_API_KEY" in off.json()["error"]["message"]

    admin_only = Settings(data_dir=tmp_path, admin_api_key=admin, _env_file=None)
    with TestClient(create_app(admin_only, engine=engine)) as http:
        assert http.post("/mcp", json=LIST_TOOLS).status_code == 401
        allowed = http.post("/mcp", json=LIST_TOOLS, headers={"Authorization": f"Bearer {admin}"})
    assert allowed.status_code not in (401, 403)  # past the key: the MCP transport answers

    both = Settings(data_dir=tmp_path, admin_api_key=admin, mcp_api_key=own, _env_file=None)
    with TestClient(create_app(both, engine=engine)) as http:
        assert http.post("/mcp", json=LIST_TOOLS, headers={"Authorization": f"Bearer {admin}"}).status_code == 401
        assert http.post("/mcp", json=LIST_TOOLS, headers={"X-API-Key": own}).status_code not in (401, 403)
