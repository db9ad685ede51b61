"""The content-gap report as the guide's owner meets it: a database seeded with known turns and ratings, the real
server with an admin key, the JSON/CSV export, the page in Chromium (with the axe accessibility check) and the
terminal command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from assistant.sessions import Session, Turn
from assistant.sql_store import SqlStore, sqlite_url
from tests.api.conftest import REPO, start_server
from tests.api.test_page import serious_accessibility_problems

KEY = "gap-report-admin-key-0123"
PASSWORD = "Zq7!pass-Word-42"


def _turn(message: str, kind: str, hours_ago: float, language: str = "ko", **fields) -> Turn:
    at = datetime.now(UTC) - timedelta(hours=hours_ago)
    return Turn(message=message, answer=f"(answer) {message}", answer_type=kind, language=language, at=at, **fields)


def _seed(data_dir) -> None:
    store = SqlStore(sqlite_url(data_dir))
    store.save(Session(id="a", turns=[
        _turn("VM 백업은 어떻게 하나요?", "out_of_scope", 30),
        _turn("방화벽 신청은 어디로 하나요?", "knowledge", 29, section_ids=["vm-firewall-policy"]),
    ]))  # fmt: skip
    store.save(Session(id="b", turns=[
        _turn("How do I back up my VM?", "out_of_scope", 5, "en"),
        _turn("10.21.7.0/33", "error", 4, tool="subnet_calculator", tool_failed=True),
    ]))  # fmt: skip
    store.save(Session(id="c", turns=[_turn("요금은 얼마인가요?", "out_of_scope", 24 * 20)]))
    store.add_feedback("a", 1, "down", f"연락처가 없어요. 제 비번은 {PASSWORD} 입니다")
    store.add_feedback("b", 0, "up")
    store.close()


@pytest.fixture(scope="module")
def report_server(tmp_path_factory, guide_index_dir):
    data_dir = tmp_path_factory.mktemp("gap-data")
    shutil.copytree(guide_index_dir, data_dir / "index")
    _seed(data_dir)
    process, url = start_server(data_dir, data_dir / "server.log", ASSISTANT_ADMIN_API_KEY=KEY)
    # One more unanswered question, through the real chat, with a password the report must never show.
    reply = httpx.post(f"{url}/v1/chat", json={"message": f"root 비밀번호는 {PASSWORD} 예요. VM 백업 방법 알려주세요"})
    assert reply.json()["answer_type"] == "out_of_scope"
    yield url, data_dir
    process.terminate()
    process.wait(timeout=30)


def test_the_export_groups_counts_and_lists_down_votes_behind_the_admin_key(report_server) -> None:
    url, _ = report_server
    assert httpx.get(f"{url}/v1/admin/gaps").status_code == 401
    auth = {"Authorization": f"Bearer {KEY}"}
    week = httpx.get(f"{url}/v1/admin/gaps", params={"since": "7d"}, headers=auth, timeout=60)
    assert week.status_code == 200 and PASSWORD not in week.text
    report = week.json()
    assert report["questions"] == 5 and report["conversations"] == 3
    backup = report["gaps"][0]
    assert backup["count"] == 3 and backup["languages"] == {"ko": 2, "en": 1}
    assert [gap["example"] for gap in report["gaps"]] == [backup["example"]]  # the 20-day-old pricing one is out
    assert [(v["question"], v["comment"].startswith("연락처가 없어요")) for v in report["down_votes"]] == [
        ("방화벽 신청은 어디로 하나요?", True)
    ]  # fmt: skip
    assert report["tools"] == [{"tool": "subnet_calculator", "uses": 1, "failures": 1}]

    month = httpx.get(f"{url}/v1/admin/gaps", params={"since": "30d", "language": "ko"}, headers=auth).json()
    assert {gap["example"] for gap in month["gaps"]} == {backup["example"], "요금은 얼마인가요?"}
    sheet = httpx.get(f"{url}/v1/admin/gaps", params={"format": "csv", "table": "down_votes"}, headers=auth)
    assert sheet.headers["content-type"].startswith("text/csv") and "방화벽 신청은" in sheet.text
    bad = httpx.get(f"{url}/v1/admin/gaps", params={"since": "a week"}, headers=auth)
    assert bad.status_code == 422 and "7d" in bad.json()["error"]["message"]


def test_the_page_shows_tables_and_charts_and_passes_axe(browser, report_server) -> None:
    url, _ = report_server
    context = browser.new_context(base_url=url, accept_downloads=True)
    page = context.new_page()
    page.goto("/admin/gaps")
    page.fill("#key", "wrong-key")
    page.click("#show")
    expect(page.locator("#status")).to_contain_text("admin API key")
    expect(page.locator("#report")).to_be_hidden()

    page.fill("#key", KEY)
    page.click("#show")
    expect(page.locator("#gaps tbody tr").first).to_contain_text("3")
    expect(page.locator("#down-votes")).to_contain_text("연락처가 없어요")
    assert page.locator("#chart-days svg rect").count() >= 2
    assert "subnet_calculator" in page.locator("#chart-tools svg").get_attribute("aria-label")
    assert PASSWORD not in page.content()
    with page.expect_download() as download:
        page.click("button[data-table='gaps']")
    assert "VM 백업" in Path(download.value.path()).read_text(encoding="utf-8-sig")

    assert serious_accessibility_problems(page) == []
    context.close()


def test_the_terminal_report_reads_the_same_database(report_server) -> None:
    _, data_dir = report_server
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    environment["ASSISTANT_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "assistant", "report", "gaps", "--since", "7d"]
    shown = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=300)
    assert shown.returncode == 0, shown.stderr
    assert "3×  [not_covered]" in shown.stdout and "subnet_calculator" in shown.stdout
    assert PASSWORD not in shown.stdout
    wrong = subprocess.run([*command[:-1], "7 days"], cwd=REPO, env=environment, capture_output=True, text=True)
    assert wrong.returncode == 2 and wrong.stderr.startswith("error: --since")
