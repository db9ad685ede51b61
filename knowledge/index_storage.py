"""Where an index lives: its data dir, locked against other processes, and its vector store, embedded or a server.

A damaged embedded store is moved aside (kept for inspection) and started afresh, so the next build repairs it;
a Chroma server that does not answer is reported, never replaced.
"""

from __future__ import annotations

import logging
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from knowledge.errors import StorageError, VectorStoreUnavailable
from knowledge.vector_store import VectorStore, open_chroma_client

__all__ = ["data_dir_busy", "embedded_store_state", "locked_data_dir", "open_vector_store", "write_or_fail"]

log = logging.getLogger("knowledge.index")
LOCK_TIMEOUT_S = 900
LOCK_FILE = ".lock"


@contextmanager
def locked_data_dir(directory: Path) -> Iterator[None]:
    """The data dir, created if needed and locked against other processes building or loading it."""
    from filelock import FileLock

    existing = next((p for p in (directory, *directory.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise StorageError(f"data dir '{directory}' cannot be used: '{existing}' is a file")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with FileLock(str(directory / LOCK_FILE), timeout=LOCK_TIMEOUT_S):
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


def embedded_store_state(directory: Path) -> str | None:
    """Every file of the embedded store with its size and modification time: changes whenever Chroma writes,
    or the store is deleted or damaged, without importing or opening Chroma. None when it cannot be listed
    (e.g. a file vanished while another process writes the store): then nothing saved matches it."""
    root = _embedded_dir(directory)
    if not root.is_dir():
        return "missing"
    try:
        entries = []
        for path in sorted(root.rglob("*")):
            info = path.stat()
            if stat.S_ISREG(info.st_mode):
                entries.append(f"{path.relative_to(root)}:{info.st_size}:{info.st_mtime_ns}")
    except OSError:
        return None
    return "|".join(entries)


def data_dir_busy(directory: Path) -> bool:
    """True while another process holds the data dir's lock (building the index, or checking its store)."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(directory / LOCK_FILE), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:  # an unusable data dir: the locked path reports it
        return True
    lock.release()
    return False


def write_or_fail(directory: Path, write: Callable[[], None]) -> None:
    """Runs a write of the index files; a full disk or a read-only dir is a `StorageError` naming the dir."""
    try:
        write()
    except OSError as exc:
        raise StorageError(f"cannot write the index in '{directory}': {exc.strerror or exc}") from None
