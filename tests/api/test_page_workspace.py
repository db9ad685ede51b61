"""What keeps a customer's work together on the page, in real Chromium against the real server: new and recent
conversations, the onboarding checklist, the theme and the language the page sends."""

from __future__ import annotations

import json

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.api.page_helpers import StreamedAnswers, ask, serious_accessibility_problems


@pytest.fixture
def page(browser, server) -> Page:
    context = browser.new_context(base_url=server.url)
    opened = context.new_page()
    yield opened
    context.close()


def test_new_conversation_and_the_recent_list_open_and_delete_conversations(page, server):
    elsewhere: list[str] = []  # nothing may come from another origin (no CDN, no web font)
    page.on("request", lambda request: request.url.startswith(server.url) or elsewhere.append(request.url))
    page.goto("/")
    ask(page, "VPN 신청은 어디서 하나요?")
    first = page.evaluate("sessionStorage.getItem('sessionId')")
    page.get_by_role("button", name="새 대화").click()
    expect(page.locator(".message")).to_have_count(0)
    expect(page.locator("#welcome")).to_be_visible()
    ask(page, "방화벽 오픈 요청은 어디로 하나요?")
    second = page.evaluate("sessionStorage.getItem('sessionId')")
    assert second != first
    # the list keeps ids only; what each conversation says comes from the server
    kept = json.loads(page.evaluate("localStorage.getItem('recentConversations')"))
    assert [item["id"] for item in kept] == [second, first] and set(kept[0]) == {"id", "at"}
    page.get_by_role("button", name="최근 대화").click()
    dialog = page.get_by_role("dialog", name="최근 대화")
    rows = dialog.locator("#recent-list li")
    expect(rows).to_have_count(2)
    assert serious_accessibility_problems(page) == []
    expect(rows.nth(0)).to_contain_text("방화벽 오픈 요청은 어디로 하나요?")
    expect(rows.nth(1)).to_contain_text("VPN 신청은 어디서 하나요?")
    rows.nth(1).locator("button.open").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".message.user")).to_have_text(["VPN 신청은 어디서 하나요?"])
    expect(page.locator(".message.bot a.citation")).to_have_text(["VPN 이용 방법"])
    page.get_by_role("button", name="최근 대화").click()
    opened = rows.filter(has_text="VPN 신청은 어디서 하나요?")
    expect(opened.locator("button.open")).to_have_attribute("aria-current", "true")
    with page.expect_response(lambda response: response.request.method == "DELETE") as deleted:
        opened.get_by_role("button", name="대화 삭제").click()
    assert deleted.value.status == 204
    expect(rows).to_have_count(1)
    expect(rows.first.locator("button.open")).to_be_focused()  # focus stays in the dialog
    assert httpx.get(f"{server.url}/v1/sessions/{first}").status_code == 404
    expect(page.locator(".message")).to_have_count(0)  # the conversation on screen was the one deleted
    assert elsewhere == []


def test_the_checklist_follows_the_guide_keeps_ticks_and_asks_about_a_step(page):
    page.goto("/")
    steps = page.locator("#step-list > li")
    expect(steps).to_have_count(9)
    expect(steps.locator(".step-title")).to_have_text(
        ["컨설팅 신청", "고객 컨설팅", "고객 도메인 생성 (KT 운영센터) 및 고객 계정 생성 (고객사)", "상품 신청",
         "VM 생성", "Public VR에서 VM으로 Port Forwarding 설정", "VM 방화벽 정책 설정 요청",
         "Public/Private VM CIP interface 설정", "Public Zone 과 Private Zone간 네트워크 라우팅 설정"]
    )  # fmt: skip
    routing = page.locator("li[data-section='zone-routing']")
    expect(routing.locator(".step-needs")).to_contain_text("Public/Private VM CIP interface 설정")
    expect(routing.locator(".step-needs q")).to_have_text(
        "고객센터를 통해 CIP Inter-AZ 작업이 완료되면 실질적으로 각 Zone의 서버에서 상대방 CIP 네트워크 대역을 "
        "Routing Table에 등록해주어야 합니다."
    )
    expect(routing.get_by_role("link", name="가이드 보기")).to_have_attribute("href", "/guide#zone-routing")
    expect(page.locator("#optional-step-list > li .step-title")).to_have_text(
        ["Load Balancer 이용 방법", "VPN 이용 방법", "그룹계정 관리"]
    )
    page.get_by_label("1. 컨설팅 신청").check()
    page.get_by_label("2. 고객 컨설팅").check()
    expect(page.locator("#checklist-progress")).to_have_text("2/9 단계 완료")
    page.reload()
    expect(page.get_by_label("1. 컨설팅 신청")).to_be_checked()
    expect(page.get_by_label("2. 고객 컨설팅")).to_be_checked()
    expect(page.get_by_label("4. 상품 신청")).not_to_be_checked()
    expect(page.locator("#checklist-progress")).to_have_text("2/9 단계 완료")
    routing.get_by_role("button", name="이 단계 질문하기").click()
    bubble = page.locator(".message.bot").last
    routing_title = "Public Zone 과 Private Zone간 네트워크 라우팅 설정"
    expect(bubble.locator("a.citation").first).to_have_text(routing_title, timeout=30_000)
    expect(bubble.locator(".answer")).to_contain_text("CIP Inter-AZ")


def test_on_a_phone_the_checklist_is_a_drawer_in_english(page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.add_init_script("localStorage.setItem('language', 'en')")
    page.goto("/")
    drawer = page.locator("#checklist")
    expect(drawer).to_be_hidden()
    page.get_by_role("button", name="Onboarding steps").click()
    expect(drawer).to_be_visible()
    expect(page.locator("#checklist-close")).to_be_focused()
    for _ in range(6):  # the page behind the drawer is inert: Tab stays in the drawer
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#checklist') !== null")
    assert serious_accessibility_problems(page) == []
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(page.get_by_role("button", name="Onboarding steps")).to_be_focused()
    page.get_by_role("button", name="Onboarding steps").click()
    vm = page.locator("li[data-section='vm-creation']")
    expect(vm.locator(".step-title")).to_have_text("Creating VMs")
    vm.get_by_role("button", name="Ask about this step: Creating VMs").click()
    expect(drawer).to_be_hidden()
    bubble = page.locator(".message.bot").last
    expect(bubble.locator("a.citation").first).to_have_text("VM 생성", timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_theme_follows_the_system_and_the_toggle_is_kept(page, server):
    page.emulate_media(color_scheme="dark")
    page.goto("/")
    background = "getComputedStyle(document.body).backgroundColor"
    dark = page.evaluate(background)
    toggle = page.locator("#theme-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    light = page.evaluate(background)
    assert dark != light and light == "rgb(244, 246, 249)"
    page.reload()
    assert page.evaluate(background) == light  # the reader's choice wins over the system's
    page.goto("/guide")
    assert page.evaluate(background) == light
    page.goto("/guide?theme=dark")
    assert page.evaluate(background) == dark
    favicon = httpx.get(f"{server.url}/favicon.ico")
    assert favicon.status_code == 200 and favicon.headers["content-type"].startswith("image/svg+xml")


def test_the_page_sends_its_language_so_an_address_alone_is_answered_in_it(page):
    page.goto("/")
    with page.expect_request("**/v1/chat/stream") as sent:
        bubble = ask(page, "10.21.7.0/26")
    assert json.loads(sent.value.post_data)["language"] == "ko"
    expect(bubble.locator(".answer")).to_contain_text("넷마스크")
    page.get_by_role("button", name="새 대화").click()
    page.click("#language-toggle")
    with page.expect_request("**/v1/chat/stream") as sent:
        bubble = ask(page, "10.21.7.0/26")
    assert json.loads(sent.value.post_data)["language"] == "en"
    expect(bubble.locator(".answer")).to_contain_text("netmask")


def test_an_answer_arriving_after_a_new_conversation_stays_in_the_old_one(page, server):
    page.goto("/")
    answers = StreamedAnswers(page)
    page.fill("#message", "VPN 신청은 어디서 하나요?")
    send_then_start_anew = (
        "document.querySelector('#composer').requestSubmit(); document.getElementById('new-conversation').click()"
    )
    page.evaluate(send_then_start_anew)
    for _ in range(300):  # until the old answer has reached the page
        if answers.responses:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)  # and been handled: it must not show
    old = answers.responses[0]["session_id"]
    expect(page.locator(".message")).to_have_count(0)
    assert page.evaluate("sessionStorage.getItem('sessionId')") is None
    bubble = ask(page, "방화벽 오픈 요청은 어디로 하나요?")
    with page.expect_response("**/v1/feedback") as rated:
        bubble.get_by_role("button", name="도움이 됐어요").click()
    assert rated.value.json()["session_id"] != old and rated.value.json()["turn"] == 0
    assert len(httpx.get(f"{server.url}/v1/sessions/{old}").json()["turns"]) == 1
