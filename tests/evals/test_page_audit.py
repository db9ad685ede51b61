"""The Lighthouse page audit's parsing, rendering and verdict, on real Lighthouse 12 reports (trimmed with
`trim_report`) of the chat page in dark mode and of the guide; Lighthouse itself is run by `report lighthouse`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from evals.page_audit import (
    AuditedPage,
    LighthouseError,
    failures,
    lighthouse_command,
    markdown_report,
    parse_report,
    trim_report,
)

DATA = Path(__file__).parent / "lighthouse_reports"  # not "data/": .gitignore ignores every data/ folder


def _report(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def chat_dark() -> AuditedPage:
    return parse_report(_report("lighthouse_chat_dark_desktop.json"), scheme="dark")


@pytest.fixture
def guide() -> AuditedPage:
    return parse_report(_report("lighthouse_guide_mobile.json"), scheme="light")


def test_scores_are_percent_per_category(chat_dark, guide):
    assert chat_dark.url == "http://127.0.0.1:8765/?theme=dark"
    assert (chat_dark.form_factor, chat_dark.scheme, chat_dark.lighthouse_version) == ("desktop", "dark", "12.8.2")
    assert chat_dark.scores == {"accessibility": 86, "best-practices": 100, "performance": 100, "seo": 100}
    assert guide.form_factor == "mobile"
    assert guide.scores == {"accessibility": 100, "best-practices": 96, "performance": 100, "seo": 90}


def test_failed_audits_name_their_elements(chat_dark, guide):
    by_id = {audit.id: audit for audit in chat_dark.failed}
    assert set(by_id) == {"button-name", "color-contrast", "link-name"}  # passing and manual audits are left out
    assert all(audit.category == "accessibility" and audit.score == 0 for audit in chat_dark.failed)
    assert by_id["button-name"].title == "Buttons do not have an accessible name"
    assert by_id["button-name"].weight == 10
    assert "body.chat > header.bar > nav.controls > button#theme-toggle" in by_id["button-name"].elements
    (contrast,) = by_id["color-contrast"].elements
    assert contrast.startswith("header.bar > nav.controls > a#guide-link > span (가이드)")
    assert "contrast 2.23: #9e9eff on #f6f7fa" in contrast
    (console,) = guide.failed
    assert (console.category, console.id) == ("best-practices", "errors-in-console")
    assert console.elements[0].startswith("http://127.0.0.1:8765/favicon.ico:1 (Failed to load resource")


def test_verdict_gates_accessibility_and_best_practices_only(chat_dark, guide):
    assert failures([guide]) == []  # SEO 90 does not count
    assert failures([guide], threshold=97) == ["http://127.0.0.1:8765/guide (light, mobile): best-practices 96 < 97"]
    assert failures([chat_dark, guide]) == ["http://127.0.0.1:8765/?theme=dark (dark, desktop): accessibility 86 < 95"]
    unscored = AuditedPage(url="u", scheme="light", form_factor="desktop", scores={"accessibility": None})
    assert unscored.below() == ["accessibility", "best-practices"]


def test_markdown_table_marks_the_scores_below_the_threshold(chat_dark, guide):
    text = markdown_report([chat_dark, guide])
    assert "| page | scheme | form factor | accessibility | best practices | performance | SEO |" in text
    assert "| /?theme=dark | dark | desktop | **86** ✗ | 100 | 100 | 100 |" in text
    assert "| /guide | light | mobile | 100 | 96 | 100 | 90 |" in text
    assert (
        "- accessibility `link-name` (weight 7): Links do not have a discernible name — `body.chat > a.skip-link`"
        in text
    )
    assert "**FAIL**: 1 score(s) below 95." in text
    assert "**PASS**" in markdown_report([guide])


def test_trimming_keeps_what_the_parser_reads(chat_dark):
    trimmed = trim_report(_report("lighthouse_chat_dark_desktop.json"))
    assert parse_report(trimmed, scheme="dark") == chat_dark


def test_a_runtime_error_is_reported_not_scored():
    report = {
        "requestedUrl": "http://127.0.0.1:1/",
        "runtimeError": {"code": "ERRORED_DOCUMENT_REQUEST", "message": "x"},
    }
    with pytest.raises(LighthouseError, match="ERRORED_DOCUMENT_REQUEST"):
        parse_report(report)


def test_dark_runs_ask_chromium_for_the_dark_scheme(tmp_path):
    dark = lighthouse_command(tmp_path / "lighthouse", "http://h/?theme=dark", "dark", "desktop", tmp_path / "r.json")
    flags = next(arg for arg in dark if arg.startswith("--chrome-flags="))
    assert "--headless=new --no-sandbox --disable-gpu" in flags
    assert "preferredColorScheme=0" in flags and "--force-dark-mode" in flags
    assert "--preset=desktop" in dark and "--output=json" in dark
    mobile = lighthouse_command(tmp_path / "lighthouse", "http://h/", "light", "mobile", tmp_path / "r.json")
    assert "--preset=desktop" not in mobile and "preferredColorScheme=1" in " ".join(mobile)


def test_the_command_says_how_to_start_a_server_when_none_answers():
    result = CliRunner().invoke(app, ["report", "lighthouse", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "python -m assistant serve" in result.output
