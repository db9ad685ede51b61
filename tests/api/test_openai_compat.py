"""The OpenAI-compatible endpoint as an OpenAI user meets it: the official `openai` client against the real server."""

from __future__ import annotations

import httpx
import openai
import pytest

CUSTOMER, AGENT = "enterprise-cloud-assistant", "enterprise-cloud-assistant-agent"
ROUTE_QUESTION = "Public 서버 10.20.5.2에서 Private 존 10.21.5.0/24로 가는 라우팅 명령어 알려줘"


@pytest.fixture
def ai(server) -> openai.OpenAI:
    # The endpoint is public like /v1/chat; the client insists on some key.
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60)


def test_models_lists_the_customer_and_agent_assistants(ai) -> None:
    assert {model.id for model in ai.models.list()} == {CUSTOMER, AGENT}


def test_a_guide_question_is_answered_with_absolute_citations(ai, server) -> None:
    completion = ai.chat.completions.create(
        model=CUSTOMER, messages=[{"role": "user", "content": "Who do I contact to request a firewall policy?"}]
    )
    content = completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop" and "mss1@wins21.co.kr" in content
    assert f"]({server.url}/guide#" in content  # links work outside this site
    cited = completion.model_extra["assistant"]["citations"]
    assert cited and cited[0]["section_id"] in content


def test_routing_gives_exact_commands_and_a_stream_that_adds_up_to_the_same_answer(ai) -> None:
    messages = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": ROUTE_QUESTION}]
    whole = ai.chat.completions.create(model=CUSTOMER, messages=messages).choices[0].message.content
    assert "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1" in whole

    chunks = list(ai.chat.completions.create(model=CUSTOMER, messages=messages, stream=True))
    streamed = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert streamed == whole and len(chunks) > 3
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["assistant"]["answer_type"] == "tool"


def test_a_follow_up_uses_the_earlier_messages(ai, server) -> None:
    first = ai.chat.completions.create(model=CUSTOMER, messages=[{"role": "user", "content": ROUTE_QUESTION}])
    conversation = [
        {"role": "user", "content": ROUTE_QUESTION},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": "그럼 반대 방향은?"},
    ]
    reverse = ai.chat.completions.create(model=CUSTOMER, messages=conversation)
    assert "10.20.5.0" in reverse.choices[0].message.content
    assert reverse.model_extra["assistant"]["commands"] != first.model_extra["assistant"]["commands"]
    assert reverse.model_extra["assistant"]["answer_type"] == "tool"
    stored = httpx.get(f"{server.url}/v1/sessions/{reverse.model_extra['assistant']['session_id']}", timeout=30)
    assert [turn["replayed"] for turn in stored.json()["turns"]] == [True, False]  # reports count the question once


def test_agent_model_drafts_a_reply_and_a_pasted_password_is_not_echoed(ai) -> None:
    question = "고객이 root 비밀번호가 Zq7!pass-Word-42 라고 보냈어요. 방화벽 신청은 어디로 하라고 안내하죠?"
    completion = ai.chat.completions.create(model=AGENT, messages=[{"role": "user", "content": question}])
    assert "Zq7!pass-Word-42" not in completion.model_dump_json()
    assert completion.model_extra["assistant"]["mode"] == "agent"
    assert completion.model_extra["assistant"]["internal_note"]


def test_errors_come_in_openais_shape(ai) -> None:
    with pytest.raises(openai.NotFoundError) as unknown:
        ai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert unknown.value.code == "model_not_found" and CUSTOMER in unknown.value.message
    with pytest.raises(openai.BadRequestError) as empty:
        ai.chat.completions.create(model=CUSTOMER, messages=[])
    assert empty.value.body["type"] == "invalid_request_error" and empty.value.body["param"] == "messages"
    with pytest.raises(openai.BadRequestError) as last:
        ai.chat.completions.create(model=CUSTOMER, messages=[{"role": "assistant", "content": "hello"}])
    assert last.value.code == "last_message_not_user"
    with pytest.raises(openai.BadRequestError) as blank:  # not the earlier question answered again
        ai.chat.completions.create(model=CUSTOMER, messages=[{"role": "user", "content": ROUTE_QUESTION},
                                                             {"role": "user", "content": "  "}])  # fmt: skip
    assert blank.value.code == "last_message_not_user"
