"""Latency of `POST /v1/chat` against a running server, over a question set (loopback only by intent)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

import httpx

from evals.stats import percentile

__all__ = ["measure_chat_latency"]


def measure_chat_latency(url: str, questions: Sequence[str], repeat: int = 1, timeout_s: float = 30.0) -> dict:
    """p50/p95/max in ms over every question (each in a new session), with the count of errors."""
    timings: list[float] = []
    errors = 0
    with httpx.Client(base_url=url, timeout=timeout_s) as client:
        client.post("/v1/chat", json={"message": "warm up"})
        for _ in range(repeat):
            for question in questions:
                started = time.perf_counter()
                try:
                    response = client.post("/v1/chat", json={"message": question})
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                timings.append((time.perf_counter() - started) * 1000)
                errors += not ok
    return {
        "requests": len(timings),
        "errors": errors,
        "p50_ms": round(percentile(timings, 0.50), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "mean_ms": round(statistics.fmean(timings), 1),
    }
