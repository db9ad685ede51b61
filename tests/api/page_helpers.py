"""What the browser tests of the page share: asking a question as a user does, and the accessibility check."""

from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, Route, expect


def ask(page: Page, text: str) -> Locator:
    """Types `text`, sends it with Enter and waits for the answer; returns the answer's bubble."""
    page.fill("#message", text)
    page.keyboard.press("Enter")
    bubble = page.locator(".message.bot").last
    expect(bubble.locator(".answer")).to_be_visible(timeout=30_000)
    return bubble


def serious_accessibility_problems(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands (the check every page must pass)."""
    return [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


class StreamedAnswers:
    """The chat stream's final responses, read in transit (a streamed body is not kept by the browser for tests)."""

    def __init__(self, page: Page) -> None:
        self.responses: list[dict] = []
        page.route("**/v1/chat/stream", self._relay)

    def _relay(self, route: Route) -> None:
        fetched = route.fetch()
        body = fetched.text()
        if "event: done\ndata: " in body:
            self.responses.append(json.loads(body.rsplit("event: done\ndata: ", 1)[1]))
        route.fulfill(response=fetched, body=body)
