"""Sustained load on loopback (bounded): no server error, and memory that levels off instead of growing."""

from __future__ import annotations

import pytest

from evals.benchmark.load import measure_throughput
from evals.benchmark.processes import memory_mb

pytestmark = pytest.mark.slow
QUESTIONS = [
    "VPN 신청은 어떻게 하나요?",
    "How do I request a firewall opening?",
    "10.20.5.0/24를 /26으로 나눠줘",
    "라우팅 명령어 알려줘",
    "Where do I send the firewall request form?",
    "",  # refused (422): bad input under load is still answered, never a 5xx
    "x" * 5000,  # refused (413)
]


def test_sustained_load_has_no_server_errors_and_stable_memory(server):
    pid = server.pid
    warm = measure_throughput(server.url, QUESTIONS, 8, duration_s=6)
    after_warm_up = memory_mb(pid, "VmRSS")
    runs = [measure_throughput(server.url, QUESTIONS, 8, duration_s=8) for _ in range(2)]
    after = memory_mb(pid, "VmRSS")
    for run in [warm, *runs]:
        server_errors = {k: v for k, v in run["error_kinds"].items() if k.startswith("5") or not k.isdigit()}
        assert not server_errors, run
        assert set(run["error_kinds"]) <= {"413", "422"}, run
    sent = sum(run["requests"] for run in runs)
    print(f"load: {sent} requests after warm-up, RSS {after_warm_up:.0f} -> {after:.0f} MB, runs {runs}")
    assert sent > 500
    assert after - after_warm_up < 25, f"RSS grew {after - after_warm_up:.0f} MB over {sent} more requests"
