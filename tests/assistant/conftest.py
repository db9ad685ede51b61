"""Conversations with the real engine, and data dirs for commands run as processes."""

from __future__ import annotations

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
