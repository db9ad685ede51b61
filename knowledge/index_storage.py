"""Where an index lives: its data dir, locked against other processes, and its vector store, embedded or a server.

A damaged embedded store is moved aside (kept for inspection) and started afresh, so the next build repairs it;
a Chroma server that does not answer is reported, never replaced.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from knowledge.errors import StorageError, VectorStoreUnavailable
from knowledge.vector_store import VectorStore, open_chroma_client

__all__ = ["embedded_store_state", "locked_data_dir", "open_vector_store", "write_or_fail"]

log = logging.getLogger("knowledge.index")
LOCK_TIMEOUT_S = 900


@contextmanager
def locked_data_dir(directory: Path) -> Iterator[None]:
    """The data dir, created if needed and locked against other processes building or loading it."""
    from filelock import FileLock

    existing = next((p for p in (directory, *directory.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise StorageError(f"data dir '{directory}' cannot be used: '{existing}' is a file")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with FileLock(str(directory / ".lock"), timeout=LOCK_TIMEOUT_S):
            yield
    except OSError as exc:
        raise StorageError(f"data dir '{directory}' cannot be used: {exc.strerror or exc}") from None


def open_vector_store(
    directory: Path, collection_name: str, chroma_url: str | None = None, timeout_s: float = 10.0
) -> VectorStore:
    """The collection on the Chroma server at `chroma_url`, or in the embedded store under `directory/chroma`."""
    if chroma_url:
        return VectorStore(open_chroma_client(url=chroma_url, timeout_s=timeout_s), collection_name, chroma_url)
    chroma_dir = _embedded_dir(directory)
    try:
        store = VectorStore(open_chroma_client(path=chroma_dir), collection_name)
        store.count()
    except (VectorStoreUnavailable, StorageError):
        raise
    except Exception as exc:  # a damaged sqlite or segment file: keep it for inspection, start afresh
        aside = chroma_dir.with_name(f"chroma.corrupt-{int(time.time())}")
        log.warning(
            "vector store in '%s' is unreadable (%s); moved to '%s' and rebuilding",
            chroma_dir,
            type(exc).__name__,
            aside.name,
        )
        shutil.move(str(chroma_dir), aside)
        store = VectorStore(open_chroma_client(path=chroma_dir), collection_name)
    return store


def _embedded_dir(directory: Path) -> Path:
    return directory / "chroma"


def embedded_store_state(directory: Path) -> str:
    """Every file of the embedded store with its size and modification time: changes whenever Chroma writes,
    or the store is deleted or damaged, without importing or opening Chroma."""
    root = _embedded_dir(directory)
    if not root.is_dir():
        return "missing"
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return "|".join(f"{p.relative_to(root)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)


def write_or_fail(directory: Path, write: Callable[[], None]) -> None:
    """Runs a write of the index files; a full disk or a read-only dir is a `StorageError` naming the dir."""
    try:
        write()
    except OSError as exc:
        raise StorageError(f"cannot write the index in '{directory}': {exc.strerror or exc}") from None
