"""Replicas that agree on the index: the newest build is published in the shared database, and every replica
serves it within seconds.

Why: replicas keep their own data dirs but share the vectors on a Chroma server. A reindex on one replica changes
those vectors and its own chunk records; without this the others keep their old records (and their own copy of the
sources) until restarted, and a replica with an older copy of the sources could even rebuild over the shared
vectors. So a build is published (manifest and records, a version number), a starting replica adopts the
published build before loading its own, and a running one adopts each newer version it sees.

Only when it can work: vectors on a Chroma server and a store that can publish (the SQL store). With the embedded
Chroma every replica has vectors of its own, and nothing is shared.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from knowledge.errors import IndexCorrupted
from knowledge.index import KnowledgeIndex

__all__ = ["IndexPublisher", "SharedIndex"]

log = logging.getLogger(__name__)


class IndexPublisher(Protocol):
    """What the shared database offers (`SqlStore`)."""

    def published_index_version(self, name: str) -> int: ...

    def published_index(self, name: str) -> tuple[int, str, bytes] | None: ...

    def publish_index(self, name: str, manifest: str, records: bytes) -> int: ...


class SharedIndex:
    """One replica's side of the shared index: adopt on start, publish after a build, follow newer versions."""

    def __init__(self, index: KnowledgeIndex, store: object) -> None:
        self.index = index
        self._store: IndexPublisher | None = store if index.chroma_url and hasattr(store, "publish_index") else None
        self.version = 0
        """The published version this replica serves (0: none yet, or not shared)."""
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self._store is not None

    def adopt_published(self) -> bool:
        """Serve the newest published build if it is newer than this replica's; True when it changed."""
        if self._store is None:
            return False
        with self._lock:
            if self._store.published_index_version(self.index.collection_name) <= self.version:
                return False
            published = self._store.published_index(self.index.collection_name)
            if published is None:
                return False
            version, manifest, records = published
            try:
                self.index.adopt(manifest, records)
            except IndexCorrupted as exc:
                log.error("published index version %d cannot be served (%s); keeping version %d", version, exc,
                          self.version)  # fmt: skip
                self.version = version  # not retried every few seconds; the next publication is
                return False
            self.version = version
            log.info("serving the published index, version %d (%d chunks)", version, len(self.index.records))
            return True

    def publish(self) -> None:
        """Publish the build this replica just made or loaded, so the others serve it."""
        if self._store is None:
            return
        with self._lock:
            manifest, records = self.index.exported()
            self.version = self._store.publish_index(self.index.collection_name, manifest, records)
            log.info("published the index as version %d (%d chunks)", self.version, len(self.index.records))
