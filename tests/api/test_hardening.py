"""Request limits per client (429 with Retry-After), admin endpoints behind an API key, CORS from an allow-list;
all against a real server process."""

from __future__ import annotations

import shutil
import subprocess
import sys

import httpx
import pytest

from tests.api.conftest import REPO, start_server

pytestmark = pytest.mark.slow


def _serve(tmp_path_factory, guide_index_dir, **env: str):
    data_dir = tmp_path_factory.mktemp("guarded-data")
    shutil.copytree(guide_index_dir, data_dir / "index")
    process, url = start_server(data_dir, data_dir / "server.log", **env)
    yield url, data_dir
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory, guide_index_dir):
    yield from _serve(tmp_path_factory, guide_index_dir, ASSISTANT_RATE_LIMIT="6/minute")


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory, guide_index_dir):
    yield from _serve(
        tmp_path_factory,
        guide_index_dir,
        ASSISTANT_ADMIN_API_KEY="k" * 32,
        ASSISTANT_CORS_ORIGINS='["https://portal.example.com"]',
    )


def test_a_client_over_the_limit_gets_429_with_retry_after_and_the_rest_stays_open(limited_server):
    url, _ = limited_server
    with httpx.Client(base_url=url, timeout=30) as client:
        codes = [client.get("/v1/search", params={"q": "VPN"}).status_code for _ in range(6)]
        assert codes == [200] * 6
        limited = client.post("/v1/chat", json={"message": "방화벽 오픈 요청은 어디로 하나요?"})
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        body = limited.json()
        assert body["error"]["code"] == "rate_limited" and "retry in" in body["error"]["message"]
        assert body["request_id"] == limited.headers["x-request-id"]
        assert client.get("/healthz").status_code == 200  # health checks, the page and static files are not limited
        assert client.get("/").status_code == 200


def test_an_unreadable_limit_is_one_clear_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "serve", "--port", "1"],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "ASSISTANT_RATE_LIMIT": "lots", "ASSISTANT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "ASSISTANT_RATE_LIMIT" in result.stderr and "120/minute" in result.stderr
    assert "Traceback" not in result.stderr


ADMIN = {"Authorization": "Bearer " + "k" * 32}


def test_admin_endpoints_need_the_key(guarded_server):
    url, _ = guarded_server
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "k" * 31}, {"Authorization": "k" * 32}):
        reply = httpx.post(f"{url}/v1/admin/reindex", headers=headers, timeout=30)
        assert reply.status_code == 401, headers
        assert reply.json()["error"]["code"] == "unauthorized"
        assert "k" * 32 not in reply.text
    assert httpx.get(f"{url}/v1/admin/feedback", timeout=30).status_code == 401


def test_reindex_and_feedback_export_with_the_key(guarded_server):
    url, _ = guarded_server
    reply = httpx.post(f"{url}/v1/admin/reindex", headers=ADMIN, timeout=120)
    assert reply.status_code == 200
    assert reply.json()["chunks"] == 30 and reply.json()["unchanged"] == 30
    session = httpx.post(f"{url}/v1/chat", json={"message": "VPN 신청은 어떻게 하나요?"}, timeout=30).json()
    comment = "답이 좋아요. 제 root 비밀번호는 Zx9!mQ2#vL 입니다"
    given = httpx.post(
        f"{url}/v1/feedback",
        json={"session_id": session["session_id"], "rating": "up", "comment": comment},
        timeout=30,
    )
    assert given.status_code == 201
    as_json = httpx.get(f"{url}/v1/admin/feedback", headers={"X-API-Key": "k" * 32}, timeout=30).json()["feedback"]
    mine = [row for row in as_json if row["session_id"] == session["session_id"]]
    assert mine and mine[0]["rating"] == "up" and "Zx9!mQ2#vL" not in mine[0]["comment"]
    as_csv = httpx.get(f"{url}/v1/admin/feedback", params={"format": "csv"}, headers=ADMIN, timeout=30)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert session["session_id"] in as_csv.text and "Zx9!mQ2#vL" not in as_csv.text


def test_admin_is_off_without_a_key(server):
    reply = httpx.post(f"{server.url}/v1/admin/reindex", headers=ADMIN, timeout=30)
    assert reply.status_code == 403 and "ASSISTANT_ADMIN_API_KEY" in reply.json()["error"]["message"]


def test_cors_allows_only_the_listed_origins(guarded_server):
    url, _ = guarded_server
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = httpx.options(f"{url}/v1/chat", headers={"Origin": "https://portal.example.com", **preflight})
    assert allowed.headers.get("access-control-allow-origin") == "https://portal.example.com"
    refused = httpx.options(f"{url}/v1/chat", headers={"Origin": "https://evil.example.net", **preflight})
    assert "access-control-allow-origin" not in refused.headers
    simple = httpx.get(f"{url}/healthz", headers={"Origin": "https://evil.example.net"})
    assert "access-control-allow-origin" not in simple.headers
