"""Typed dependencies: the ready engine and the settings, from the app's state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.errors import ApiError
from assistant.engine import ChatEngine
from assistant.settings import Settings

__all__ = ["AppSettings", "ReadyEngine"]


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _ready_engine(request: Request) -> ChatEngine:
    engine: ChatEngine | None = request.app.state.engine
    if engine is None or not engine.ready:
        reason = request.app.state.startup_error
        raise ApiError(503, "starting", f"the assistant is not ready yet{': ' + reason if reason else ''}; retry soon")
    return engine


AppSettings = Annotated[Settings, Depends(_settings)]
ReadyEngine = Annotated[ChatEngine, Depends(_ready_engine)]
