"""Engine calls run off the event loop, at most as many at once as the lane allows, and in full."""

from __future__ import annotations

import asyncio
import threading
import time

from api.dependencies import EngineLane


def test_at_most_the_limit_runs_at_once_and_every_call_completes():
    active = peak = 0
    lock = threading.Lock()

    def work(value: int) -> int:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        return value * 2

    async def main() -> list[int]:
        lane = EngineLane(2)
        return await asyncio.gather(*(lane(work, i) for i in range(8)))

    assert asyncio.run(main()) == [i * 2 for i in range(8)]
    assert peak == 2


def test_an_exception_reaches_the_caller_and_frees_the_slot():
    def fail() -> None:
        raise ValueError("bad value")

    async def main() -> str:
        lane = EngineLane(1)
        try:
            await lane(fail)
        except ValueError as exc:
            message = str(exc)
        return message + await lane(str.upper, "!ok")

    assert asyncio.run(main()) == "bad value!OK"
