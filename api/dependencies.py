"""Typed dependencies: the ready engine, the settings and the engine's thread lane, from the app's state."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request

from api.errors import ApiError
from assistant.engine import ChatEngine
from assistant.settings import Settings

__all__ = ["AppSettings", "EngineCalls", "EngineLane", "ReadyEngine"]

T = TypeVar("T")


class EngineLane:
    """Runs blocking engine work off the event loop, at most `limit` calls at once in this worker process.

    Why not Starlette's shared pool of 40 threads: a turn is CPU work, and 16 turns at once in 16 threads thrash
    the GIL and keep a malloc arena per thread (measured on 2 cores at 16 concurrent clients: 80 turns/s and a
    worker growing to 1 GB; with as many lanes as cores, 106 turns/s and no growth). Calls beyond the limit wait.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._limiter = anyio.CapacityLimiter(limit)

    async def __call__(self, function: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(partial(function, *args), limiter=self._limiter)


async def _settings(request: Request) -> Settings:  # async: no thread hop for a lookup
    return request.app.state.settings


async def _ready_engine(request: Request) -> ChatEngine:
    engine: ChatEngine | None = request.app.state.engine
    if engine is None or not engine.ready:
        reason = request.app.state.startup_error
        raise ApiError(503, "starting", f"the assistant is not ready yet{': ' + reason if reason else ''}; retry soon")
    return engine


async def _engine_lane(request: Request) -> EngineLane:
    return request.app.state.engine_lane


AppSettings = Annotated[Settings, Depends(_settings)]
EngineCalls = Annotated[EngineLane, Depends(_engine_lane)]
ReadyEngine = Annotated[ChatEngine, Depends(_ready_engine)]
