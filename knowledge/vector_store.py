"""Dense vectors in Chroma: an embedded persistent store by default, a Chroma server when a URL is configured.

Each embedding space gets its own collection (named after the model), so switching models never mixes
vectors of different spaces, and switching back finds the old vectors still there.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

from knowledge.errors import StorageError, VectorStoreUnavailable

__all__ = ["NearestVectors", "VectorHit", "VectorStore", "import_chroma", "open_chroma_client"]


def import_chroma() -> None:
    """Import Chroma's client library now (0.5 s), e.g. before waiting for a lock only its use needs."""
    import chromadb  # noqa: F401


def open_chroma_client(*, path: Path | None = None, url: str | None = None, timeout_s: float = 10.0):
    """A `PersistentClient` under `path`, or an `HttpClient` for `url` (checked with a heartbeat), whose requests
    give up after `timeout_s` seconds."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if not url:
        if path is None:
            raise ValueError("either a path or a Chroma server URL is needed")
        path.mkdir(parents=True, exist_ok=True)
        try:
            return chromadb.PersistentClient(path=str(path), settings=settings)
        except Exception:
            _forget_cached_system(str(path))
            raise
    try:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
    except ValueError as exc:
        raise VectorStoreUnavailable(f"Chroma server URL '{url}' is invalid: {exc}") from None
    if not parsed.hostname or parsed.scheme not in ("http", "https"):
        raise VectorStoreUnavailable(f"Chroma server URL '{url}' is invalid: expected http(s)://host[:port]")

    def connect():
        client = chromadb.HttpClient(host=parsed.hostname, port=port, ssl=parsed.scheme == "https", settings=settings)
        client.heartbeat()
        return client

    try:
        client = _within(timeout_s, connect)
    except TimeoutError:
        raise VectorStoreUnavailable(f"Chroma server at '{url}' did not answer within {timeout_s:g} s") from None
    except Exception as exc:  # connection refused, DNS, TLS: all mean "not reachable"
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise VectorStoreUnavailable(f"Chroma server at '{url}' is not reachable: {reason}") from None
    _limit_request_time(client, timeout_s)
    return client


def _within(seconds: float, call):
    """`call()`'s result, or TimeoutError after `seconds` (the call is left to finish in a daemon thread)."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="chroma-connect", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _limit_request_time(client, seconds: float) -> None:
    """Chroma's HTTP client waits forever by default (httpx timeout None): every later request gets `seconds`.

    Chroma exposes no setting for it, so the client's httpx session is found by attribute; if a Chroma release
    moves it, requests keep the library's behaviour rather than failing.
    """
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds)


def _forget_cached_system(identifier: str) -> None:
    """Chroma caches one client system per path, even one whose start failed; drop it so a retry starts clean."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(identifier, None)
    SharedSystemClient._identifier_to_refcount.pop(identifier, None)


@dataclass(frozen=True, slots=True)
class VectorHit:
    chunk_id: str
    distance: float


class NearestVectors(Protocol):
    """What search needs of vectors: the `n` nearest to a query, nearest first (a store or a snapshot of it)."""

    def query(self, vector: Sequence[float], n: int) -> list[VectorHit]: ...


class VectorStore:
    """One Chroma collection of chunk vectors, keyed by chunk id, with each chunk's content hash."""

    def __init__(self, client, collection_name: str, url: str | None = None) -> None:
        """`url`: the server's, for error messages; None for the embedded store."""
        self._url = url
        self._client = client
        try:
            self._collection = client.get_or_create_collection(
                collection_name, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        except Exception as exc:
            self._raise_unavailable(exc)

    def _raise_unavailable(self, exc: Exception):
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if self._url:
            raise VectorStoreUnavailable(f"Chroma server at '{self._url}' failed: {reason}") from None
        raise StorageError(f"embedded vector store failed: {reason}") from exc

    def stored_hashes(self) -> dict[str, str]:
        """Chunk id → content hash of what is stored now."""
        try:
            got = self._collection.get(include=["metadatas"])
        except Exception as exc:
            self._raise_unavailable(exc)
        return {i: str((m or {}).get("content_hash", "")) for i, m in zip(got["ids"], got["metadatas"], strict=True)}

    def all_vectors(self):
        """Every stored id with its vector, as (ids, float32 matrix)."""
        import numpy as np

        try:
            got = self._collection.get(include=["embeddings"])
        except Exception as exc:
            self._raise_unavailable(exc)
        return list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32)

    def upsert(self, ids: Sequence[str], vectors: Sequence[Sequence[float]], metadatas: Sequence[dict]) -> None:
        try:
            for start in range(0, len(ids), 512):
                end = start + 512
                self._collection.upsert(
                    ids=list(ids[start:end]), embeddings=list(vectors[start:end]), metadatas=list(metadatas[start:end])
                )
        except Exception as exc:
            self._raise_unavailable(exc)

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        try:
            self._collection.delete(ids=list(ids))
        except Exception as exc:
            self._raise_unavailable(exc)

    def count(self) -> int:
        try:
            return self._collection.count()
        except Exception as exc:
            self._raise_unavailable(exc)

    def query(self, vector: Sequence[float], n: int) -> list[VectorHit]:
        """The `n` nearest chunks, nearest first (cosine distance)."""
        try:
            result = self._collection.query(query_embeddings=[list(vector)], n_results=n, include=["distances"])
        except Exception as exc:
            self._raise_unavailable(exc)
        return [VectorHit(i, float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]
