"""The HTTP API against a real server process on loopback: every endpoint and every error path."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import time
import uuid

import httpx
import pytest
from openpyxl import load_workbook

from tests.api.conftest import launch

ROUTE_COMMAND = "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1"
SECTION_IDS = [
    "overview", "consulting-request", "customer-consulting", "domain-and-account", "product-request", "vm-creation",
    "port-forwarding", "vm-firewall-policy", "cip-interface", "zone-routing", "support-center-request", "userdata",
    "load-balancer", "vpn", "group-account",
]  # fmt: skip


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    assert body["request_id"] and body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text
    return body


def _events(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    assert "/v1/chat" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200


def test_chat_answers_with_citations_and_keeps_the_session(client):
    first = client.post("/v1/chat", json={"message": "라우팅 명령어 알려줘"}).json()
    assert first["answer_type"] == "clarification"
    second = client.post(
        "/v1/chat", json={"message": "10.20.5.2에서 10.21.5.0/24로", "session_id": first["session_id"]}
    )
    body = second.json()
    assert body["answer_type"] == "tool"
    assert ROUTE_COMMAND in body["commands"]
    assert body["citations"][0] == {**body["citations"][0], "section_id": "zone-routing", "url": "/guide#zone-routing"}
    assert body["tool_calls"][0]["tool"] == "route_commands"
    assert {"warnings", "follow_ups", "language"} <= body.keys()


def test_agent_mode_returns_the_internal_note(client):
    body = client.post("/v1/chat", json={"message": "방화벽 정책 설정은 어디에 신청하나요?", "mode": "agent"}).json()
    assert body["answer"].startswith("안녕하세요, 고객님.")
    assert "내부 메모" in body["internal_note"]


def test_the_stream_sends_the_answer_in_pieces_then_the_metadata_then_the_response(client):
    response = client.post("/v1/chat/stream", json={"message": "How long does the CIP Inter-AZ work take?"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    names = [name for name, _ in events]
    assert names[-2:] == ["meta", "done"] and set(names[:-2]) == {"token"} and len(names) > 3
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "token") == done["answer"]
    assert events[-2][1]["citations"] == done["citations"]
    assert done["citations"][0]["section_id"] == "product-request"


def test_sessions_can_be_read_and_deleted(client):
    session_id = client.post("/v1/chat", json={"message": "VPN 신청은 어디서 하나요?"}).json()["session_id"]
    history = client.get(f"/v1/sessions/{session_id}").json()
    assert history["session_id"] == session_id
    assert [t["message"] for t in history["turns"]] == ["VPN 신청은 어디서 하나요?"]
    assert client.delete(f"/v1/sessions/{session_id}").status_code == 204
    _error(client.get(f"/v1/sessions/{session_id}"), 404, "session_not_found")
    _error(client.delete(f"/v1/sessions/{session_id}"), 404, "session_not_found")
    _error(client.get("/v1/sessions/bad%20id"), 422, "invalid_session_id")


def test_a_session_comes_back_as_it_was_shown_with_its_ratings(client):
    """What a reloaded page needs: each turn's folded details, citations, tool runs (a form downloads again from
    them), follow-ups and internal note, and the rating given to it."""
    first = client.post("/v1/chat", json={"message": "방화벽 오픈 요청은 어디로 하나요?"}).json()
    session_id = first["session_id"]
    form_message = "any에서 14.63.2.9로 SSH 22번 포트 방화벽 신청서 만들어줘"
    form = client.post("/v1/chat", json={"message": form_message, "session_id": session_id}).json()
    draft = client.post(
        "/v1/chat", json={"message": "VPN 신청은 어디서 하나요?", "session_id": session_id, "mode": "agent"}
    ).json()
    client.post("/v1/feedback", json={"session_id": session_id, "turn": 0, "rating": "down"})
    client.post("/v1/feedback", json={"session_id": session_id, "turn": 0, "rating": "up"})  # changed their mind
    turns = client.get(f"/v1/sessions/{session_id}").json()["turns"]
    assert [turn["rating"] for turn in turns] == ["up", None, None]
    assert [first["turn"], form["turn"], draft["turn"]] == [0, 1, 2]  # what feedback names
    for turn, shown in zip(turns, [first, form, draft], strict=True):
        for field in ("answer", "details", "citations", "tool_calls", "follow_ups", "internal_note"):
            assert turn[field] == shown[field], field
    assert turns[0]["details"] and turns[0]["citations"][0]["quote"]
    assert turns[1]["tool_calls"][0]["output"]["csv"]
    assert "내부 메모" in turns[2]["internal_note"] and turns[2]["mode"] == "agent"


def test_recent_conversations_are_looked_up_in_one_call(client):
    first = client.post("/v1/chat", json={"message": "VPN 신청은 어디서 하나요?"}).json()["session_id"]
    second = client.post("/v1/chat", json={"message": "root 비밀번호는 Abc123!x 입니다. 라우팅 문의"}).json()[
        "session_id"
    ]
    found = client.post("/v1/session-summaries", json={"session_ids": [second, "unknown-id", first]}).json()
    assert [s["session_id"] for s in found] == [second, first]
    assert found[1]["first_message"] == "VPN 신청은 어디서 하나요?" and found[1]["turns"] == 1
    assert "Abc123!x" not in json.dumps(found)  # as stored: redacted
    _error(client.post("/v1/session-summaries", json={"session_ids": ["bad id"]}), 422, "invalid_request")
    assert client.post("/v1/session-summaries", json={"session_ids": ["a"] * 51}).status_code == 422


@pytest.mark.parametrize(
    ("message", "language", "answered_in"),
    [
        pytest.param("10.21.7.0/26", "ko", "ko", id="an address alone is answered in the page's Korean"),
        pytest.param("10.21.7.0/26", "en", "en", id="an address alone is answered in the page's English"),
        pytest.param("VPN 신청은 어디서 하나요?", "en", "ko", id="a Korean message wins over an English page"),
        pytest.param("Where do I apply for a VPN?", "ko", "en", id="an English message wins over a Korean page"),
    ],
)
def test_the_page_language_answers_a_message_without_one(client, message, language, answered_in):
    body = client.post("/v1/chat", json={"message": message, "language": language}).json()
    assert body["language"] == answered_in


def test_an_agent_can_have_the_draft_in_the_other_language(client):
    body = client.post(
        "/v1/chat",
        json={"message": "VPN 신청은 어디서 하나요?", "mode": "agent", "answer_language": "en"},
    ).json()
    assert body["language"] == "en" and body["answer"].startswith("Hello")
    assert "Internal note" in body["internal_note"]
    bad = client.post("/v1/chat", json={"message": "VPN", "answer_language": "jp"})
    assert bad.status_code == 422


def test_the_version_says_which_build_and_index_answer(client, server):
    info = client.get("/v1/version").json()
    assert {"version", "commit", "index_manifest_sha256", "embedding"} <= info.keys()
    assert info["embedding"] == "use-v3" and len(info["index_manifest_sha256"]) == 16


def test_tools_over_http(client):
    subnet = client.post("/v1/tools/subnet", json={"network": "10.21.7.0/24", "split_prefix": 26}).json()
    assert subnet["split"] == ["10.21.7.0/26", "10.21.7.64/26", "10.21.7.128/26", "10.21.7.192/26"]
    routes = client.post("/v1/tools/routes", json={"source": "10.20.5.2", "destination": "10.21.5.0/24"}).json()
    assert routes["directions"][0]["commands"]["route"] == ROUTE_COMMAND
    form = {"source": "any", "destination": "14.63.2.9", "ports": "ssh"}
    assert client.post("/v1/tools/firewall-form", json=form).json()["firewall"] == "Public F/W"
    csv = client.post("/v1/tools/firewall-form", params={"format": "csv"}, json=form)
    assert csv.headers["content-disposition"] == 'attachment; filename="firewall-policy-request.csv"'
    assert "Public F/W,any,14.63.2.9,TCP,22" in csv.text
    xlsx = client.post("/v1/tools/firewall-form", params={"format": "xlsx"}, json=form)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][:5] == ["Public F/W", "any", "14.63.2.9", "TCP", "22"]
    exposure = {"vm_ip": "10.20.5.10", "service": "https", "public_ip": "14.63.1.20"}
    plan = client.post("/v1/tools/expose", json=exposure).json()
    assert plan["port_forwarding"][0]["public_port"] == "443" and plan["firewall_request"]["firewall"] == "Public F/W"
    assert client.post("/v1/tools/summarize", json={"networks": ["10.21.0.0/24", "10.21.1.0/24"]}).json()[
        "summary"
    ] == ["10.21.0.0/23"]


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("/v1/tools/subnet", {"network": "10.21.300.0/24", "language": "ko"}, "올바른"),
        (
            "/v1/tools/routes",
            {"source": "10.20.5.2", "destination": "10.21.5.0/24", "gateway": "10.20.6.1"},
            "10.20.6.1",
        ),
        ("/v1/tools/firewall-form", {"source": "any", "destination": "14.63.2.9", "ports": "70000"}, "70000"),
        ("/v1/tools/expose", {"vm_ip": "14.63.1.1", "service": "ssh", "language": "en"}, "'14.63.1.1' is not a VM"),
    ],
    ids=["invalid cidr in korean", "gateway outside the network", "port out of range", "a public address as the vm"],
)
def test_bad_tool_input_is_a_clear_422(client, path, body, expected):
    assert expected in _error(client.post(path, json=body), 422, "invalid_tool_input")["error"]["message"]


def test_search_and_feedback(client):
    hits = client.get("/v1/search", params={"q": "방화벽 신청 연락처", "k": 2}).json()["hits"]
    assert hits[0]["section_id"] in {"vm-firewall-policy", "load-balancer"} and len(hits) == 2
    _error(client.get("/v1/search", params={"q": "   "}), 422, "invalid_query")
    session_id = client.post("/v1/chat", json={"message": "안녕하세요"}).json()["session_id"]
    stored = client.post("/v1/feedback", json={"session_id": session_id, "rating": "up", "comment": "좋아요"})
    assert stored.status_code == 201 and stored.json()["turn"] == 0
    _error(client.post("/v1/feedback", json={"session_id": "nope", "rating": "up"}), 404, "session_not_found")
    _error(client.post("/v1/feedback", json={"session_id": session_id, "rating": "meh"}), 422, "invalid_request")
    _error(client.post("/v1/feedback", json={"session_id": session_id, "rating": "up", "turn": 5}), 422, "invalid_turn")


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b'{"message": ', 400, "malformed_json"),
        (b"not json at all", 400, "malformed_json"),
        (json.dumps({"message": 5}).encode(), 422, "invalid_request"),
        (json.dumps({"mode": "customer"}).encode(), 422, "invalid_request"),
        (json.dumps({"message": "hi", "mode": "boss"}).encode(), 422, "invalid_request"),
        (json.dumps({"message": "hi", "session_id": "../x"}).encode(), 422, "invalid_request"),
        (json.dumps({"message": "   "}).encode(), 422, "empty_message"),
        (json.dumps({"message": "가" * 4001}).encode(), 413, "message_too_long"),
        (json.dumps({"message": "a" * 70_000}).encode(), 413, "too_large"),
    ],
    ids=[
        "truncated json",
        "not json",
        "wrong type",
        "missing message",
        "unknown mode",
        "bad session id",
        "empty message",
        "message over 4000 characters",
        "body over the limit",
    ],
)
def test_bad_requests_get_clear_json_errors(client, content, status, code):
    response = client.post("/v1/chat", content=content, headers={"content-type": "application/json"})
    _error(response, status, code)


def test_unknown_paths_and_methods_are_json_errors(client):
    _error(client.get("/v1/nothing"), 404, "not_found")
    assert "POST" in _error_headers(client.get("/v1/chat"), 405)["allow"]
    assert client.head("/healthz").status_code == 200


def _error_headers(response, status: int):
    assert response.status_code == status
    return response.headers


def test_a_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(20):
            yield b"x" * 5000

    response = client.post("/v1/chat", content=chunks(), headers={"content-type": "application/json"})
    _error(response, 413, "too_large")


@pytest.mark.parametrize(
    ("message", "status", "code"),
    [
        ("\ufdfa" * 4000, 413, "message_too_long"),
        ("\u200b\u200b", 422, "empty_message"),
        ("\x00", 422, "empty_message"),
    ],
    ids=["grows past the limit when normalised", "only zero-width spaces", "only a NUL"],
)
def test_messages_are_checked_as_the_engine_sees_them(client, message, status, code):
    _error(client.post("/v1/chat", json={"message": message}), status, code)


def test_form_downloads_are_safe_in_spreadsheets(client):
    form = {"source": "any", "destination": "14.63.2.9", "ports": "ssh", "reason": '=HYPERLINK("http://x","y")\x00a'}
    csv = client.post("/v1/tools/firewall-form", params={"format": "csv"}, json=form).text
    assert "'=HYPERLINK" in csv and ',"=HYPERLINK' not in csv and ",=HYPERLINK" not in csv
    xlsx = client.post("/v1/tools/firewall-form", params={"format": "xlsx"}, json=form)
    assert xlsx.status_code == 200
    cell = load_workbook(io.BytesIO(xlsx.content)).active["H2"]
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")


def test_deleting_a_session_deletes_its_feedback(client, server):
    session_id = client.post("/v1/chat", json={"message": "안녕하세요"}).json()["session_id"]
    comment = f"연락처 {uuid.uuid4().hex[:12]}"
    client.post("/v1/feedback", json={"session_id": session_id, "rating": "down", "comment": comment})
    with sqlite3.connect(server.data_dir / "assistant.db") as db:
        assert db.execute("select count(*) from feedback where session_id = ?", (session_id,)).fetchone() == (1,)
    assert client.delete(f"/v1/sessions/{session_id}").status_code == 204
    with sqlite3.connect(server.data_dir / "assistant.db") as db:
        assert db.execute("select count(*) from feedback where session_id = ?", (session_id,)).fetchone() == (0,)
        assert db.execute("select count(*) from chat_sessions where id = ?", (session_id,)).fetchone() == (0,)


def test_a_given_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"x-request-id": "trace-123"})
    assert response.headers["x-request-id"] == "trace-123"


def test_the_guide_page_has_an_anchor_for_every_section(client):
    page = client.get("/guide").text
    for section_id in SECTION_IDS:
        assert f'<section id="{section_id}">' in page
    assert "mss1@wins21.co.kr" in page and "Public Zone 과 Private Zone간 네트워크 라우팅 설정" in page
    english = client.get("/guide", params={"lang": "en"}).text
    assert '<section id="zone-routing">' in english and "Configuring network routing" in english


def test_the_chat_page_is_served_with_no_inline_script(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert '<script src="/static/app.js"' in page.text and "<script>" not in page.text
    for asset in ("/static/app.js", "/static/markdown.js", "/static/app.css"):
        assert client.get(asset).status_code == 200


def test_secrets_reach_neither_the_response_nor_the_database_nor_the_log(client, server):
    secret = f"Pw{uuid.uuid4().hex[:10]}!x"
    response = client.post("/v1/chat", json={"message": f"root 비밀번호는 {secret} 입니다. CIP 설정 요청하려고요"})
    assert secret not in response.text
    session_id = response.json()["session_id"]
    client.post("/v1/feedback", json={"session_id": session_id, "rating": "down", "comment": f"password: {secret}"})
    assert secret not in client.get(f"/v1/sessions/{session_id}").text
    stored = b"".join(p.read_bytes() for p in server.data_dir.glob("assistant.db*"))
    assert stored and secret.encode() not in stored
    assert secret not in server.log.read_text(errors="replace")


def test_logs_carry_no_message_bodies(client, server):
    marker = f"고유한문장{uuid.uuid4().hex[:8]}"
    client.post("/v1/chat", json={"message": f"{marker} VPN은 어떻게 신청하나요?"})
    log = server.log.read_text(errors="replace")
    assert marker not in log
    assert '"path": "/v1/chat"' in log and '"answer_type"' in log


def test_a_first_start_builds_the_index_and_is_ready_only_then(tmp_path):
    log = tmp_path / "server.log"
    process, url = launch(tmp_path / "data", log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        early = httpx.get(f"{url}/readyz")
        _error(early, 503, "starting")
        _error(httpx.post(f"{url}/v1/chat", json={"message": "안녕하세요"}), 503, "starting")
        while httpx.get(f"{url}/readyz").status_code != 200:
            assert time.monotonic() < deadline + 120, log.read_text(errors="replace")
            time.sleep(0.3)
        assert httpx.post(f"{url}/v1/chat", json={"message": "안녕하세요"}).json()["answer_type"] == "smalltalk"
        assert (tmp_path / "data" / "index").is_dir() and (tmp_path / "data" / "assistant.db").exists()
        assert "loading the guide index" in log.read_text(errors="replace")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
