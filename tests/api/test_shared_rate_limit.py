"""Two app processes sharing a real Redis (Debian's `redis-server`) enforce one request limit together; with Redis
gone they serve without a limit (one warning), and the limit resumes when it is back."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from api.rate_limit import RETRY_STORE_AFTER_S
from evals.benchmark.processes import free_port
from tests.api.conftest import start_server, stop_servers

pytestmark = pytest.mark.slow
LIMIT = 6


class RedisServer:
    """`redis-server` on a loopback port, nothing persisted."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "Debian's redis-server package must be installed (.ci/run installs it)"
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not answer within 20 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _statuses(urls: list[str], count: int) -> list[int]:
    return [httpx.get(f"{urls[i % len(urls)]}/v1/version", timeout=30).status_code for i in range(count)]


def test_two_replicas_share_one_limit_and_serve_while_redis_is_down(tmp_path: Path, guide_index_dir: Path) -> None:
    redis = RedisServer(free_port())
    redis.start()
    shared = {
        "ASSISTANT_RATE_LIMIT": f"{LIMIT}/minute",
        "ASSISTANT_RATE_LIMIT_STORAGE": f"redis://127.0.0.1:{redis.port}",
    }
    replicas = []
    try:
        for name in ("a", "b"):
            shutil.copytree(guide_index_dir, tmp_path / name / "index")
            replicas.append(start_server(tmp_path / name, tmp_path / f"{name}.log", **shared))
        urls = [url for _, url in replicas]

        assert _statuses(urls, LIMIT + 2) == [200] * LIMIT + [429, 429]  # counted together, not 6 each

        redis.stop()
        started = time.monotonic()
        assert _statuses(urls, LIMIT + 4) == [200] * (LIMIT + 4)  # fails open: more than the limit, all served
        assert time.monotonic() - started < 5  # and without waiting on the dead store each time
        log_a = (tmp_path / "a.log").read_text(errors="replace")
        assert log_a.count("the rate-limit store does not answer") == 1

        redis.start()  # an empty Redis: the window starts again once the replicas try the store again
        time.sleep(RETRY_STORE_AFTER_S + 0.5)
        assert _statuses(urls, LIMIT + 1) == [200] * LIMIT + [429]
        assert "the rate-limit store answers again" in (tmp_path / "a.log").read_text(errors="replace")
    finally:
        stop_servers(replicas)
        redis.stop()
