"""`/docs` (Swagger UI) and `/redoc` (ReDoc) work offline: real Chromium against the real server with every request
that is not to the server aborted, no CSP violation, no inline script, and a CSP that names no other host."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

TITLE = "KT Cloud Enterprise Cloud onboarding assistant"
# The only sources a CSP of these pages may allow: nothing from another host.
LOCAL_SOURCES = {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}
# Where the pages' JS reports CSP violations (init scripts run outside the page's CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture
def offline_page(browser, server):
    """A page whose requests off the loopback server are aborted and recorded, with its console errors."""
    context = browser.new_context(base_url=server.url)
    external: list[str] = []

    def only_the_server(route):
        if route.request.url.startswith(f"{server.url}/"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_server)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.external, page.errors = external, errors
    yield page
    context.close()


def _directives(csp: str) -> dict[str, list[str]]:
    parts = (part.split() for part in csp.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def _open(page: Page, path: str) -> dict[str, list[str]]:
    """Open a docs page; check its HTML has no inline script and its CSP allows no other host. Returns the CSP."""
    response = page.goto(path)
    assert response is not None and response.status == 200
    csp = _directives(response.headers["content-security-policy"])
    for directive, sources in csp.items():
        assert set(sources) <= LOCAL_SOURCES, f"{path}: {directive} allows {sources}"
    assert csp["default-src"] == ["'self'"] and csp["script-src"] == ["'self'"]
    assert "unsafe-eval" not in response.headers["content-security-policy"]
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", response.text(), re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    return csp


def _nothing_went_wrong(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    assert page.external == [], "requests off the server"
    assert page.evaluate("window.__cspViolations") == []
    assert page.errors == [], "console errors"


def test_swagger_ui_renders_offline_and_tries_an_operation(offline_page, server):
    page = offline_page
    csp = _open(page, "/docs")
    assert csp["style-src"] == ["'self'"]  # Swagger UI needs no inline styles
    expect(page).to_have_title(f"{TITLE} - Swagger UI")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.locator('.opblock-summary-path[data-path="/v1/chat"]')).to_be_visible()
    # "Try it out" calls this server (connect-src 'self')
    operation = page.locator("#operations-health-version_v1_version_get")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    with page.expect_response("**/v1/version") as answered:
        operation.get_by_role("button", name="Execute").click()
    assert answered.value.status == 200
    expect(operation.locator(".live-responses-table tr.response .response-col_status")).to_have_text("200")
    _nothing_went_wrong(page)
    redirect = page.request.get(f"{server.url}/docs/oauth2-redirect")
    assert redirect.status == 200 and "default-src 'self'" in redirect.headers["content-security-policy"]
    assert '<script src="/static/vendor/oauth2-redirect.js"></script>' in redirect.text()


def test_redoc_renders_offline_and_searches(offline_page):
    page = offline_page
    _open(page, "/redoc")
    expect(page).to_have_title(f"{TITLE} - ReDoc")
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.get_by_role("menuitem").filter(has_text="Answer one message").first).to_be_visible()
    # the search index runs in ReDoc's blob: worker
    page.get_by_placeholder("Search...").fill("firewall")
    expect(page.locator("[role=search]")).to_contain_text("The firewall policy request form")
    _nothing_went_wrong(page)
