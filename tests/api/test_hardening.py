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


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory, guide_index_dir):
    data_dir = tmp_path_factory.mktemp("guarded-data")
    shutil.copytree(guide_index_dir, data_dir / "index")
    process, url = start_server(
        data_dir,
        data_dir / "server.log",
        ASSISTANT_RATE_LIMIT="6/minute",
        ASSISTANT_ADMIN_API_KEY="k" * 32,
        ASSISTANT_CORS_ORIGINS='["https://portal.example.com"]',
    )
    yield url, data_dir
    process.terminate()
    process.wait(timeout=30)


def test_a_client_over_the_limit_gets_429_with_retry_after_and_the_rest_stays_open(guarded_server):
    url, _ = guarded_server
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
