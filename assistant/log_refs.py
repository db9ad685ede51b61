"""A session's id written in logs as a short keyed hash.

Why: a session id is the key to its conversation (`GET /v1/sessions/{id}` returns the turns), so whoever reads the
logs must not be able to open the conversations they mention; a keyed hash still lets the lines of one
conversation be followed. The key is `ASSISTANT_LOG_KEY` (set the same on every replica to follow a conversation
across them), or one made once per data dir and kept there, readable by its owner only.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from assistant.settings import Settings

__all__ = ["SessionRefs"]

KEY_FILE = "log-key"
KEY_BYTES = 32


def _read_key(path: Path) -> bytes | None:
    try:
        key = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


def _data_dir_key(data_dir: Path) -> bytes:
    """The data dir's key, made on first use: written whole to a private temporary file and linked into place, so
    of two processes starting together one makes it and both read the same complete key."""
    path = data_dir / KEY_FILE
    if (key := _read_key(path)) is not None:
        return key
    data_dir.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=data_dir, prefix=".log-key.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(KEY_BYTES))
        with contextlib.suppress(FileExistsError):  # the other process linked its key first: read that one
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    if (key := _read_key(path)) is None:
        raise RuntimeError(f"'{path}' does not hold a log key: delete it and start again (a new one is made)")
    return key


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
