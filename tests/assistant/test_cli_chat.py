"""`ask` and `chat` as a user runs them: real processes over a real index."""

from __future__ import annotations

import json

from tests.assistant.test_cli import run

ROUTE_COMMAND = "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1"


def test_ask_answers_with_commands_and_sources(data_dir):
    result = run("ask", "Public 서버(10.20.5.2)에서 Private 존 10.21.5.0/24로 가는 라우팅 명령어", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert ROUTE_COMMAND in result.stdout
    assert "/guide#zone-routing" in result.stdout


def test_ask_json_is_the_chat_response(data_dir):
    result = run("ask", "How long does the CIP Inter-AZ work take?", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["answer_type"] == "knowledge"
    assert payload["language"] == "en"
    assert payload["citations"][0]["section_id"] == "product-request"
    assert {"answer", "tool_calls", "commands", "warnings", "follow_ups", "session_id"} <= payload.keys()


def test_ask_agent_prints_the_draft_and_the_internal_note(data_dir):
    result = run("ask", "방화벽 정책 설정은 어디에 신청하나요?", "--agent", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("안녕하세요, 고객님.")
    assert "내부 메모" in result.stdout


def test_chat_keeps_the_conversation(data_dir):
    result = run(
        "chat", data_dir=data_dir, stdin="라우팅 명령어 알려줘\n서버는 10.20.5.2, 목적지는 10.21.5.0/24\nexit\n"
    )
    assert result.returncode == 0, result.stderr
    assert "더 필요합니다" in result.stdout
    assert ROUTE_COMMAND in result.stdout


def test_ask_never_prints_a_password(data_dir):
    result = run("ask", "my root password is Hunter2-Secret, please set up routing", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Hunter2-Secret" not in result.stdout + result.stderr
