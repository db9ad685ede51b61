"""The web chat page in a real browser: Playwright driving Debian's Chromium against the real server.

Chromium is a requirement of the suite (`.ci/run` installs it): when it is missing this test fails, it does
not skip.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.api.page_helpers import StreamedAnswers, ask, serious_accessibility_problems

ROUTE_COMMAND = "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1"
HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script>"


@pytest.fixture
def page(browser, server) -> Page:
    context = browser.new_context(base_url=server.url, permissions=["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    yield opened
    context.close()


def test_a_korean_question_gets_a_streamed_answer_with_working_citations_and_copy(page, server):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Enterprise Cloud 온보딩 도우미")
    with page.expect_response("**/v1/chat/stream") as streamed:
        bubble = ask(page, "Public 서버(10.20.5.2)에서 Private 존 10.21.5.0/24로 가는 라우팅 명령어")
    assert streamed.value.headers["content-type"].startswith("text/event-stream")
    expect(bubble.locator("pre code").first).to_have_text(ROUTE_COMMAND)
    bubble.locator("pre .copy").first.click()
    assert page.evaluate("navigator.clipboard.readText()") == ROUTE_COMMAND
    citation = bubble.locator("a.citation").first
    expect(citation).to_have_text("Public Zone 과 Private Zone간 네트워크 라우팅 설정")
    citation.click()
    page.wait_for_url("**/guide#zone-routing")
    expect(page.locator("section#zone-routing h2")).to_contain_text("네트워크 라우팅 설정")


def test_the_firewall_form_is_a_table_and_downloads(page, tmp_path):
    page.goto("/")
    bubble = ask(page, "any에서 14.63.2.9로 SSH 22번 포트 방화벽 신청서 만들어줘")
    expect(bubble.locator("table td").first).to_have_text("Public F/W")
    with page.expect_download() as download:
        bubble.get_by_role("button", name="CSV 다운로드").click()
    saved = tmp_path / "form.csv"
    download.value.save_as(saved)
    assert "Public F/W,any,14.63.2.9,TCP,22" in saved.read_text(encoding="utf-8-sig")
    with page.expect_download() as workbook:
        bubble.get_by_role("button", name="XLSX 다운로드").click()
    assert workbook.value.suggested_filename == "firewall-policy-request.xlsx"
    # the firewall request inside a port-forwarding plan downloads the same way
    plan = ask(page, "웹서버 10.20.5.10 443 포트를 14.63.1.20으로 외부에 공개하고 싶어요")
    with page.expect_download() as planned:
        plan.get_by_role("button", name="CSV 다운로드").click()
    planned.value.save_as(saved)
    assert "Public F/W,any,14.63.1.20,TCP,443" in saved.read_text(encoding="utf-8-sig")


def test_html_in_answers_and_messages_renders_as_text(page):
    answer = f"**Bold** {HOSTILE}\n\n- [bad link](javascript:alert(3))\n\n```console\n{HOSTILE}\n```"
    done = {
        "answer": answer, "answer_type": "knowledge", "language": "en", "session_id": "s1", "citations": [],
        "tool_calls": [], "commands": [], "warnings": [], "follow_ups": [], "internal_note": None,
    }  # fmt: skip
    body = f"event: token\ndata: {json.dumps({'text': answer})}\n\nevent: done\ndata: {json.dumps(done)}\n\n"
    page.route(
        "**/v1/chat/stream", lambda route: route.fulfill(status=200, content_type="text/event-stream", body=body)
    )
    page.goto("/")
    bubble = ask(page, HOSTILE)
    expect(page.locator(".message.user").last).to_have_text(HOSTILE)
    expect(bubble.locator(".answer p").first).to_contain_text(HOSTILE)
    expect(bubble.locator(".answer strong")).to_have_text("Bold")
    assert bubble.locator("img, script").count() == 0
    assert page.locator("body img, main script").count() == 0
    assert bubble.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []


def test_a_guide_answer_leads_short_and_folds_the_rest_of_the_section(page):
    page.goto("/")
    bubble = ask(page, "LB 서비스 IP 오픈은 누구한테 요청하면 되나요?")
    expect(bubble.locator(".answer")).to_contain_text("mss1@wins21.co.kr")
    more = bubble.locator("details.more")
    expect(more.locator("summary")).to_have_text("가이드 원문")
    assert more.get_attribute("open") is None  # folded until asked for
    expect(more.locator(".details-body")).to_be_hidden()
    more.locator("summary").click()
    expect(more.locator(".details-body")).to_contain_text("Private-LB")


def test_agent_mode_copies_exactly_the_draft_and_regenerates_it_in_english(page, server):
    page.goto("/")
    page.check("#agent-mode")
    answers = StreamedAnswers(page)
    bubble = ask(page, "방화벽 정책 설정은 어디에 신청하나요?")
    draft = answers.responses[-1]["answer"]
    expect(bubble.locator(".answer")).to_contain_text("안녕하세요, 고객님.")
    expect(bubble.locator(".internal-note")).to_contain_text("내부 메모")
    assert "내부 메모" not in bubble.locator(".answer").inner_text()
    assert bubble.locator("nav.citations").count() == 0  # the draft's own guide links are its sources: shown once
    bubble.get_by_role("button", name="답변 초안 복사").click()
    expect(bubble.locator(".agent-actions [role=status]")).to_have_text("초안을 복사했습니다")
    copied = page.evaluate("navigator.clipboard.readText()")
    # exactly the customer-facing reply: its lines in order, Markdown links as "title (absolute address)", no marks
    expected = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", draft).replace("**", "")
    assert copied == expected
    assert f"({server.url}/guide#vm-firewall-policy)" in copied
    assert "내부 메모" not in copied and "Internal" not in copied
    bubble.get_by_role("button", name="영어로 다시 작성").click()
    english = page.locator(".message.bot").last
    expect(english.locator(".answer")).to_contain_text("Hello", timeout=30_000)
    expect(english.locator(".label")).to_have_text("영어로 다시 작성한 초안")
    expect(english.locator(".internal-note")).to_contain_text("Internal note")


def test_a_restored_draft_regenerates_from_the_stored_message_as_an_agent_draft(page):
    secret = "Pw9931!zz"
    page.goto("/?mode=agent")
    ask(page, f"root 비밀번호는 {secret} 입니다. VPN 신청은 어디서 하나요?")
    page.goto("/")  # the switch is off after a reload without ?mode=agent
    expect(page.locator("#agent-mode")).not_to_be_checked()
    restored = page.locator(".message.bot").first
    expect(restored.locator(".internal-note")).to_be_visible()
    with page.expect_request("**/v1/chat/stream") as sent:
        restored.get_by_role("button", name="영어로 다시 작성").click()
    body = json.loads(sent.value.post_data)
    assert body["mode"] == "agent" and body["answer_language"] == "en" and secret not in body["message"]
    english = page.locator(".message.bot").last
    expect(english.locator(".internal-note")).to_contain_text("Internal note", timeout=30_000)
    assert secret not in page.locator("body").inner_text()


def test_plain_text_drafts_make_links_absolute_and_drop_markdown_marks(page, server):
    page.goto("/")
    draft = "Hello.\n\n> **Note**: see [VPN](/guide#vpn)\n\n# Steps\n\n1. Use `ssh`\n\n```console\nroute -n\n```"
    text = page.evaluate("async (draft) => (await import('/static/answer-view.js')).plainText(draft)", draft)
    assert text == f"Hello.\n\nNote: see VPN ({server.url}/guide#vpn)\n\nSteps\n\n1. Use ssh\n\nroute -n"


def test_english_toggle_feedback_and_a_phone_width_screen(page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    page.click("#language-toggle")
    expect(page.locator("h1")).to_have_text("Enterprise Cloud onboarding assistant")
    page.get_by_role("button", name="Where do I request a firewall opening?").click()
    bubble = page.locator(".message.bot").last
    expect(bubble.locator(".answer")).to_contain_text("mss1@wins21.co.kr", timeout=30_000)
    bubble.get_by_role("button", name="Helpful", exact=True).click()
    expect(bubble.locator(".thanks")).to_have_text("Thanks for the feedback")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_page_works_from_the_keyboard(page):
    page.goto("/")
    page.locator("#message").focus()
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    expect(page.locator(".message.bot .answer").last).to_contain_text("onboarding assistant", timeout=30_000)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.tagName") in {"BUTTON", "A", "INPUT", "TEXTAREA"}


def test_after_a_reload_the_whole_conversation_comes_back_and_is_rated_by_its_real_turn(page, tmp_path):
    page.goto("/")
    ask(page, "안녕하세요")
    ask(page, "VPN 신청은 어디서 하나요?")
    ask(page, "any에서 14.63.2.9로 SSH 22번 포트 방화벽 신청서 만들어줘")
    page.locator(".message.bot").nth(1).get_by_role("button", name="아쉬워요").click()
    expect(page.locator(".message.bot").nth(1).locator(".thanks")).to_have_text("의견 감사합니다")
    page.check("#agent-mode")
    ask(page, "방화벽 정책 설정은 어디에 신청하나요?")
    shown = ".message.user, .message.bot .answer, .message.bot .chips, .message.bot .citations, .internal-note"
    before = [part.inner_text() for part in page.locator(shown).all()]
    page.reload()
    bots = page.locator(".message.bot")
    expect(bots).to_have_count(4)
    assert [part.inner_text() for part in page.locator(shown).all()] == before
    vpn = bots.nth(1)
    expect(vpn.locator("a.citation")).to_have_text(["VPN 이용 방법"])
    expect(vpn.locator("details.more summary")).to_have_text("가이드 원문")
    assert vpn.locator(".chips .chip").count() >= 1
    expect(vpn.get_by_role("button", name="아쉬워요")).to_have_attribute("aria-pressed", "true")
    with page.expect_download() as download:
        bots.nth(2).get_by_role("button", name="CSV 다운로드").click()
    download.value.save_as(tmp_path / "form.csv")
    assert "Public F/W,any,14.63.2.9,TCP,22" in (tmp_path / "form.csv").read_text(encoding="utf-8-sig")
    expect(bots.nth(3).locator(".internal-note")).to_contain_text("내부 메모")
    with page.expect_response("**/v1/feedback") as rated:
        vpn.get_by_role("button", name="도움이 됐어요").click()
    assert rated.value.json()["turn"] == 1
    expect(vpn.get_by_role("button", name="도움이 됐어요")).to_have_attribute("aria-pressed", "true")
    expect(vpn.get_by_role("button", name="아쉬워요")).to_have_attribute("aria-pressed", "false")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_chat_page_agent_mode_and_the_guide_pass_the_accessibility_check(page, theme):
    page.emulate_media(color_scheme=theme)
    page.goto("/")
    assert serious_accessibility_problems(page) == [], "the welcome screen and the checklist"
    ask(page, "방화벽 신청은 어디로 하나요?")
    ask(page, "any에서 14.63.2.9로 SSH 22번 포트 방화벽 신청서 만들어줘")
    assert serious_accessibility_problems(page) == [], "answers with sources, chips, a form and its downloads"
    page.goto("/?mode=agent")
    expect(page.locator("#agent-mode")).to_be_checked()
    ask(page, "VPN 신청은 어디서 하나요?")
    expect(page.locator(".internal-note")).to_be_visible()
    assert serious_accessibility_problems(page) == [], "agent mode: a draft and its internal note"
    page.goto("/guide?lang=en")
    assert serious_accessibility_problems(page) == [], "the guide"
