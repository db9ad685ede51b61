"""A session's id written in logs as a short keyed hash.

Why: a session id is the key to its conversation (`GET /v1/sessions/{id}` returns the turns), so whoever reads the
logs must not be able to open the conversations they mention; a keyed hash still lets the lines of one
conversation be followed. The key is `ASSISTANT_LOG_KEY` (set the same on every replica to follow a conversation
across them), or one made once per data dir and kept there, readable by its owner only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from assistant.settings import Settings

__all__ = ["SessionRefs"]

KEY_FILE = "log-key"


def _data_dir_key(data_dir: Path) -> bytes:
    path = data_dir / KEY_FILE
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:  # O_EXCL: of two processes starting together, one writes the key and both read it
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(key)
    except FileExistsError:
        return bytes.fromhex(path.read_text().strip())
    return bytes.fromhex(key)


class SessionRefs:
    """`refs(session_id)` → 16 hex characters, the same for the same id and key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def for_settings(cls, settings: Settings) -> SessionRefs:
        if settings.log_key is not None:
            return cls(settings.log_key.get_secret_value().encode())
        return cls(_data_dir_key(settings.data_dir))

    def __call__(self, session_id: str) -> str:
        return hmac.new(self._key, session_id.encode(), hashlib.sha256).hexdigest()[:16]
