"""Answers a new user accepts, each behaviour in both languages and in wordings of our own (not the issue's):
the answer first and short, yes or no when asked, the contact when the question is about requesting, nothing
that points at a screenshot, the rest of the section folded into `details`."""

from __future__ import annotations

import ipaddress
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.question_kind import QuestionKind, question_kind
from evals.fact_checks import lead_sentence


@pytest.fixture
def guide_library(engine):
    return engine.library


FIGURE_WORDS = re.compile(r"위 화면|아래 화면|위 그림|아래 그림|아래 페이지|screen above|figure above|page below", re.I)


@pytest.mark.parametrize(
    ("question", "language", "leads_with"),
    [
        ("사내 전산실에서 전용회선으로 들어오는 트래픽 분산은 어떤 LB가 담당해요?", "ko", "Private-LB"),
        (
            "Our on-prem DC reaches the private zone over a leased line; which balancer spreads that traffic?",
            "en",
            "Private-LB",
        ),
        ("엔터프라이즈 클라우드 도입하려면 제일 먼저 뭘 해야 돼요?", "ko", "컨설팅"),
        ("brand new to Enterprise Cloud here - what is step one?", "en", "consulting"),
        ("CIP Inter-AZ 처리 기간이 보통 어느 정도인가요?", "ko", "약 3일"),
        ("roughly how many days does the CIP Inter-AZ job need?", "en", "about 3 days"),
        ("그룹계정으로 묶은 계정들끼리 NAS도 나눠 쓸 수 있나요?", "ko", "NAS"),
        ("If we set up a group account, can the accounts share images?", "en", "images"),
    ],
    ids=[
        *("which lb ko", "which lb en", "first step ko", "first step en", "how long ko", "how long en"),
        *("the word asked ko", "the word asked en"),
    ],
)
def test_the_answer_leads_with_what_was_asked(engine, question, language, leads_with):
    response = engine.chat(question)
    assert response.answer_type == "knowledge" and response.language == language
    assert leads_with.casefold() in lead_sentence(response.answer).casefold()
    assert not response.answer.startswith(("가이드의 「", "According to the guide"))


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("새로 만든 LB 서비스 IP는 생성하자마자 바로 외부에서 접속되나요?", "아니요"),
        ("Is a freshly created load balancer's service IP reachable straight away?", "No"),
        ("여러 계정의 요금 청구를 하나로 합칠 수 있나요?", "네"),
        ("Can several accounts of one domain be billed together?", "Yes"),
        ("Inter-LB 서비스 IP가 처음엔 방화벽에 막혀 있는 상태인가요?", "네"),
        ("Is the Inter-LB service IP blocked by a firewall at first?", "Yes"),
        ("포트포워딩 설정을 반드시 해 줘야 하나요? 퍼블릭 IP는 이미 받았어요", "네"),
        ("Do I really have to set up port forwarding for outside access? The VM already has a public IP", "Yes"),
        ("포트포워딩 안 해도 외부에서 VM 접속 되나요?", "아니요"),
        ("Is the VM reachable from outside without port forwarding?", "No"),
        ("아직 VPN도 전용회선도 없는데요, 할당받은 Private IP를 지금 쓰게 되나요?", "아니요"),
        ("No VPN or leased line on our side yet. Will the Private IP pool get used at all?", "No"),
        ("전용회선으로 붙일 private zone VM도 포트포워딩 할 수 있는지 궁금해요", "네"),
        ("I wonder: can port forwarding also be set for a private zone VM we reach over VPN?", "Yes"),
        ("Inter-LB도 퍼블릭존에 생성 가능한가요?", "아니요"),
        ("Is a new Inter-LB's service IP blocked by the Public F/W?", "No"),
    ],
    ids=[
        *("lb open ko", "lb open en", "billing ko", "billing en", "blocked ko", "blocked en"),
        *("needed ko", "needed en", "without ko", "without en"),
        *("background no ko", "background no en", "indirect ko", "indirect en"),
        *("another member ko", "another member en"),
    ],
)
def test_a_yes_no_question_is_answered_yes_or_no_first(engine, question, opening):
    response = engine.chat(question)
    assert response.answer_type == "knowledge"
    assert response.answer.startswith(opening)


@pytest.mark.parametrize(
    "question",
    [
        "LB 서비스 IP 오픈은 누구한테 요청하면 되나요?",
        "who handles opening the firewall for our public VM and how do I reach them?",
        "Public-LB 서비스 IP 443번을 열려면 어느 방화벽에, 어디로 신청해요?",
        "for the public LB's service address on port 443: which firewall, and where does the request go?",
    ],
    ids=["lb open ko", "firewall en", "which firewall ko", "which firewall en"],
)
def test_a_question_about_requesting_gets_the_contact(engine, question):
    response = engine.chat(question)
    assert response.answer_type == "knowledge"
    assert "mss1@wins21.co.kr" in response.answer and "031-622-8592~4" in response.answer


def test_answers_are_short_point_at_no_screenshot_and_fold_the_rest(engine, guide_library):
    """Every section, asked by its own heading in both languages: no figure references, no dangling "as follows",
    the first answer part within the length targets, the rest in `details`."""
    lengths = {"ko": [], "en": []}
    for section_id in guide_library.section_ids():
        for language in ("ko", "en"):
            section = guide_library.get(section_id, language)
            response = engine.chat(f"{section.heading}?")
            if response.answer_type != "knowledge":
                continue
            assert not FIGURE_WORDS.search(response.answer), response.answer
            for match in re.finditer(r"다음과 같습니다|as follows", response.answer):
                assert "```" in response.answer[match.end() : match.end() + 40], response.answer
            lengths[language].append(len(response.answer))
    for language, limit in (("ko", 350), ("en", 550)):
        ordered = sorted(lengths[language])
        assert ordered and ordered[len(ordered) // 2] <= limit, (language, ordered)


def test_the_rest_of_the_section_is_in_details_for_customers_and_in_the_note_for_agents(engine):
    customer = engine.chat("How do I request VPN in the portal?")
    assert customer.details.startswith("More from the guide")
    assert customer.details not in customer.answer
    agent = engine.chat("VPN은 포탈에서 어디서 신청하나요? 고객 문의입니다.", mode="agent")
    assert not agent.details and "가이드의 관련 내용" in (agent.internal_note or "")
    assert "가이드의 관련 내용" not in agent.answer


@pytest.mark.parametrize(
    ("message", "public_url", "link"),
    [
        (
            "고객 문의 답변 초안 부탁해요: 새로 만든 Public-LB로 접속이 안 된다고 합니다. 어디에 요청해야 하나요?",
            "https://help.example.com",
            "https://help.example.com/guide#load-balancer",
        ),
        (
            "Please draft a reply: the customer's new Public-LB is unreachable. Who do they ask to open it?",
            "https://help.example.com/",
            "https://help.example.com/guide#load-balancer",
        ),
    ],
    ids=["ko", "en"],
)
def test_an_agent_draft_answers_the_problem_with_contacts_and_absolute_links(engine, message, public_url, link):
    response = engine.chat(message, mode="agent", public_url=public_url)
    assert response.answer_type == "knowledge"
    assert "Public F/W" in response.answer
    assert "mss1@wins21.co.kr" in response.answer
    assert link in response.answer and "](/guide" not in response.answer
    assert len(response.answer) < 900


@pytest.mark.parametrize(
    ("message", "language", "kind"),
    [
        ("맨 처음엔 뭘 하나요? 포탈에 가입부터 하면 되나요?", "ko", QuestionKind.FIRST_STEP),
        ("Where should we begin? Is signing up on the portal enough?", "en", QuestionKind.FIRST_STEP),
        ("LB 방화벽 오픈은 어떻게 요청하는지 알려주세요. LB는 어제 만들어뒀어요", "ko", QuestionKind.HOW_TO),
        ("Tell me how to get the LB firewall opened. We made the LB yesterday", "en", QuestionKind.HOW_TO),
        ("컨설팅 없이 바로 VM을 만들 수 있나요", "ko", QuestionKind.YES_NO),
        ("can we create VMs without the consulting", "en", QuestionKind.YES_NO),
        ("리눅스가 아니라면요? 그때도 userdata로 되나요?", "ko", QuestionKind.YES_NO),
        ("And what about Windows? Does userdata still work then", "en", QuestionKind.YES_NO),
        ("For the LB firewall request, is there a fixed form to use?", "en", QuestionKind.YES_NO),
    ],
    ids=[
        *("first asked ko", "first asked en", "told last ko", "told last en", "no mark ko", "no mark en"),
        *("condition first ko", "condition first en", "leading phrase en"),
    ],
)
def test_the_question_asked_decides_its_kind_not_a_later_one_or_a_closing_remark(message, language, kind):
    assert question_kind(message, language) is kind


@pytest.mark.parametrize(
    ("message", "facts"),
    [
        ("컨설팅은 어디서 신청해요? 그리고 IP는 나중에 더 받을 수 있나요?", ["컨설팅 신청 버튼", "추가로 신청"]),
        (
            "Which zone is an Inter-LB created in? And which firewall blocks its service IP?",
            ["Private Zone", "Private F/W"],
        ),
    ],
    ids=["ko", "en"],
)
def test_a_message_asking_two_things_gets_both_answered(engine, message, facts):
    response = engine.chat(message)
    assert response.answer_type == "knowledge"
    assert all(fact in response.answer for fact in facts), response.answer


FIGURE_QUESTIONS = {
    "broadcast": ("{net} 브로드캐스트 주소 알려주세요", "what's the broadcast address of {net}?"),
    "netmask": ("{net} 넷마스크가 뭐예요?", "netmask for {net} please"),
    "first": ("{net} 첫 사용 가능 IP는?", "first usable address in {net}?"),
    "last": ("{net}에서 마지막 사용 가능한 주소는?", "which is the last usable host of {net}?"),
}


def _expected_figure(network: ipaddress.IPv4Network, figure: str) -> str:
    hosts = list(network.hosts())
    return str(
        {
            "broadcast": network.broadcast_address,
            "netmask": network.netmask,
            "first": hosts[0],
            "last": hosts[-1],
        }[figure]
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    third=st.integers(0, 255),
    prefix=st.integers(16, 30),
    zone=st.sampled_from(["10.20", "10.21"]),
    figure=st.sampled_from(sorted(FIGURE_QUESTIONS)),
    english=st.booleans(),
)
def test_a_subnet_question_about_one_figure_leads_with_that_figure(engine, third, prefix, zone, figure, english):
    network = ipaddress.ip_network(f"{zone}.{third}.0/{prefix}", strict=False)
    question = FIGURE_QUESTIONS[figure][english].format(net=network)
    response = engine.chat(question)
    assert response.answer_type == "tool"
    assert _expected_figure(network, figure) in response.answer.splitlines()[0], (question, response.answer[:200])
