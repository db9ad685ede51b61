"""`serve --workers 2`: one listening socket per worker, so new connections reach both; a killed worker is
replaced; SIGTERM stops everything and frees the port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from api.server_workers import START_UP_SECONDS
from evals.benchmark.processes import worker_pids
from tests.api.conftest import launch

pytestmark = pytest.mark.slow


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _age(pid: int) -> float:
    """Seconds since the process started, from /proc (its start time is in clock ticks since boot)."""
    started_ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - started_ticks / os.sysconf("SC_CLK_TCK")


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_workers_share_connections_survive_a_kill_and_stop_cleanly(tmp_path, guide_index_dir):
    data_dir = tmp_path / "data"
    shutil.copytree(guide_index_dir, data_dir / "index")
    log = tmp_path / "server.log"
    process, url = launch(data_dir, log, "--workers", "2")
    try:
        _wait(lambda: log.read_text(errors="replace").count('"message": "ready"') >= 2, 180, "two ready workers")
        workers = _wait(
            lambda: len(worker_pids(process.pid)) == 2 and worker_pids(process.pid), 10, "two worker processes"
        )
        before = {pid: _cpu_ticks(pid) for pid in workers}
        for _ in range(40):  # a new connection each time: the kernel picks a socket per connection
            reply = httpx.post(f"{url}/v1/chat", json={"message": "방화벽 오픈 요청은 어디로 하나요?"}, timeout=30)
            assert reply.status_code == 200
        assert all(_cpu_ticks(pid) > before[pid] for pid in workers), "a worker received no connection"

        first = httpx.post(f"{url}/v1/chat", json={"message": "라우팅 명령어 알려줘"}, timeout=30).json()
        second = httpx.post(
            f"{url}/v1/chat",
            json={
                "message": "서버는 10.20.5.2, 목적지는 10.21.5.0/24",
                "session_id": first["session_id"],
            },
            timeout=30,
        ).json()
        assert first["answer_type"] == "clarification"
        assert second["answer_type"] == "tool", "the conversation lost its context between workers"

        # Past the worker's start-up window (counted from its spawn), so its death is a crash, not a start-up fault.
        time.sleep(max(0.0, START_UP_SECONDS + 0.5 - _age(workers[0])))
        os.kill(workers[0], signal.SIGKILL)
        replacement = _wait(
            lambda: [p for p in worker_pids(process.pid) if p not in workers], 20, "a replacement worker"
        )
        assert replacement
        _wait(lambda: log.read_text(errors="replace").count('"message": "ready"') >= 3, 120, "the replacement ready")
        for _ in range(10):
            assert httpx.post(f"{url}/v1/chat", json={"message": "hello"}, timeout=30).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # the port is free again: no worker left behind
