"""The page as people see it: screenshots at desktop and phone width, light and dark, Korean and English, agent
mode, taken in Chromium with a Korean font installed (`.ci/run` installs one; without it every Hangul character is
a box). They are written to `docs/screenshots/` only when ASSISTANT_SCREENSHOTS names that folder; the test itself
checks what each picture must show."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.api.page_helpers import ask

ROUTE_COMMAND = "route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1"
WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 760}
ROUTES_KO = "Public 서버(10.20.5.2)에서 Private 존 10.21.5.0/24로 가는 라우팅 명령어"


def test_a_korean_font_is_installed_for_the_browser():
    """Without one, Chromium draws every Hangul character as a box (and screenshots show boxes)."""
    assert shutil.which("fc-list"), "fontconfig is missing: install Debian's fonts-nanum (bash .ci/run does)"
    families = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True, check=True).stdout
    assert families.strip(), "no Korean font: install Debian's fonts-nanum or fonts-noto-cjk (bash .ci/run does)"


SHOTS = [
    pytest.param(
        "chat-ko-light-1280", WIDE, "light", "ko", "customer", ROUTES_KO, ROUTE_COMMAND, id="routes, ko, light, wide"
    ),
    pytest.param(
        "chat-en-dark-1280", WIDE, "dark", "en", "customer", "Who do I ask to open the LB service IP?",
        "mss1@wins21.co.kr", id="guide answer, en, dark, wide",
    ),
    pytest.param(
        "agent-ko-light-1280", WIDE, "light", "ko", "agent", "방화벽 정책 설정은 어디에 신청하나요?",
        "안녕하세요, 고객님.",
        id="agent draft and note, ko, light, wide",
    ),
    pytest.param("chat-ko-dark-375", PHONE, "dark", "ko", "customer", "10.21.7.0/24를 /26으로 나눠줘", "10.21.7.64/26",
                 id="subnets, ko, dark, phone"),
    pytest.param("welcome-en-light-375", PHONE, "light", "en", "customer", None, None, id="welcome, en, light, phone"),
    pytest.param("welcome-ko-dark-1280", WIDE, "dark", "ko", "customer", None, None, id="welcome, ko, dark, wide"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "viewport", "theme", "language", "mode", "question", "shows"), SHOTS)
def test_screenshots_of_the_page(browser, server, name, viewport, theme, language, mode, question, shows):
    context = browser.new_context(base_url=server.url, viewport=viewport, color_scheme=theme)
    page = context.new_page()
    page.add_init_script(f"localStorage.setItem('language', '{language}')")
    page.goto("/?mode=agent" if mode == "agent" else "/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    if question is None:
        expect(page.locator("#path-list li")).to_have_count(9)
    else:
        bubble = ask(page, question)
        expect(bubble).to_contain_text(shows)
        if mode == "agent":
            expect(bubble.locator(".internal-note")).to_be_visible()
        bubble.scroll_into_view_if_needed()
        page.locator(".message.user").last.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    image = page.screenshot()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("ASSISTANT_SCREENSHOTS"):
        folder = Path(os.environ["ASSISTANT_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.png").write_bytes(image)
    context.close()
