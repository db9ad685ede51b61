"""A real chat engine over the session's real index (real Kiwi, real Chroma, the real USE v3 model)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.engine import ChatEngine
from assistant.settings import Settings


@pytest.fixture(scope="session")
def engine(guide_index, tmp_path_factory) -> ChatEngine:
    settings = Settings(data_dir=tmp_path_factory.mktemp("engine-data"), _env_file=None)
    engine = ChatEngine(settings, index=guide_index)
    engine.ensure_ready()
    return engine


@pytest.fixture
def converse(engine):
    """Send messages in one session; returns the responses."""

    def run(*messages: str, mode: str = "customer"):
        session_id, responses = None, []
        for message in messages:
            response = engine.chat(message, session_id, mode)
            session_id = response.session_id
            responses.append(response)
        return responses

    return run


@pytest.fixture
def data_dir(tmp_path, guide_index_dir) -> Path:
    """A data dir holding a copy of the built index, for commands run as separate processes."""
    shutil.copytree(guide_index_dir, tmp_path / "data" / "index")
    return tmp_path / "data"
