"""Throughput at a fixed concurrency: async clients post chat turns for a bounded time, then stop by themselves."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence

import httpx

from evals.stats import percentile

__all__ = ["measure_throughput"]


async def _run(url: str, questions: Sequence[str], concurrency: int, duration_s: float, max_requests: int) -> dict:
    latencies: list[float] = []
    errors = 0
    statuses: dict[str, int] = {}
    next_question = itertools.cycle(questions)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=30.0, limits=limits) as client:
        await asyncio.gather(*(client.post("/v1/chat", json={"message": q}) for q in questions[:concurrency]))
        started = time.perf_counter()
        deadline = started + duration_s
        sent = 0

        async def client_loop() -> None:
            nonlocal errors, sent
            while time.perf_counter() < deadline and sent < max_requests:
                sent += 1
                t0 = time.perf_counter()
                try:
                    response = await client.post("/v1/chat", json={"message": next(next_question)})
                    ok = response.status_code == 200
                    key = str(response.status_code)
                except httpx.HTTPError as exc:
                    ok, key = False, type(exc).__name__
                latencies.append((time.perf_counter() - t0) * 1000)
                if not ok:
                    errors += 1
                    statuses[key] = statuses.get(key, 0) + 1

        await asyncio.gather(*(client_loop() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "turns_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "errors": errors,
        "error_kinds": statuses,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


def measure_throughput(
    url: str, questions: Sequence[str], concurrency: int, *, duration_s: float = 10.0, max_requests: int = 5000
) -> dict:
    """Turns/s, latency percentiles and errors with `concurrency` clients, each sending its next turn on a reply.

    Every turn is a new conversation (no session id), so each one runs retrieval and stores a session.
    Bounded by `duration_s` and `max_requests`, whichever comes first; a warm-up round is not counted.
    """
    if not questions:
        raise ValueError("no questions to send")
    return asyncio.run(_run(url, list(questions), concurrency, duration_s, max_requests))
