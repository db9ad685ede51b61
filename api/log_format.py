"""The server's logging: JSON lines (`assistant.json_logs.JsonFormatter`) for the app and uvicorn alike."""

from __future__ import annotations

__all__ = ["log_config"]


def log_config(level: str = "info") -> dict:
    """A logging dict config for uvicorn: JSON lines on stderr for the app, uvicorn's own logs, no access log
    (the app logs each request itself, with its request id)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "assistant.json_logs.JsonFormatter"}},
        "handlers": {"default": handler},
        "loggers": {
            "": {"handlers": ["default"], "level": level.upper()},
            "uvicorn.access": {"level": "WARNING"},
            "chromadb": {"level": "WARNING"},
            "httpx": {"level": "WARNING"},
        },
    }
