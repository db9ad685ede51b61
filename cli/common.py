"""What every command shares: settings read once with a one-line error, failures as one line on stderr (exit 2 for
a problem with what the user gave, 1 for anything unexpected, never a traceback), logging and common options."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import ValidationError

from assistant.settings import Settings, load_settings
from knowledge.errors import KnowledgeError

__all__ = [
    "DataDirOption",
    "JsonOption",
    "configure_logging",
    "fail",
    "guarded",
    "read_argument",
    "settings_or_exit",
]

T = TypeVar("T")
DataDirOption = Annotated[
    Path | None, typer.Option("--data-dir", help="Where the index is kept (default: $ASSISTANT_DATA_DIR or ./data).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of text.")]
_NOISY_LOGGERS = ("chromadb", "httpx", "sentence_transformers", "bm25s", "filelock", "assistant.engine")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Prints `error: message` on stderr; raise the returned exit."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=code)


def settings_or_exit(**overrides: object) -> Settings:
    """The settings (environment, .env, `overrides`), or one line naming the bad setting."""
    try:
        return load_settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise fail(f"invalid setting ASSISTANT_{field.upper()}: {first['msg']}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"settings cannot be read (check the .env file): {exc}") from None


def guarded(action: Callable[[], T]) -> T:
    """Runs `action`, turning every failure into a one-line message."""
    try:
        return action()
    except KnowledgeError as exc:
        raise fail(str(exc)) from None
    except Exception as exc:
        logging.getLogger(__name__).debug("unexpected failure", exc_info=True)
        raise fail(f"unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", 1) from None


def configure_logging() -> None:
    """Progress and problems on stderr, without the per-turn and library chatter."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for noisy in _NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)


def read_argument(value: str) -> str:
    """A text argument, '-' meaning stdin; bytes that are not UTF-8 become U+FFFD, as everywhere else."""
    if value == "-":
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
