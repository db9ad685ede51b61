"""Conversations with the real engine, and data dirs for commands run as processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


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
