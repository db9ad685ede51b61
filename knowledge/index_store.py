"""The index's own files under the data dir: analyzed chunk records and a manifest, written atomically.

Records keep each chunk's analyzed terms, so a rebuild re-analyzes only chunks whose content hash changed and
loading needs no morphological analysis at all.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["ChunkRecord", "IndexCorrupted", "Manifest", "read_index_files", "write_index_files"]

SCHEMA_VERSION = 2
RECORDS_FILE = "chunks.jsonl"
MANIFEST_FILE = "manifest.json"


class IndexCorrupted(Exception):
    """The index files exist but cannot be read; the caller rebuilds."""


@dataclass(frozen=True, slots=True)
class ChunkRecord:
    chunk_id: str
    content_hash: str
    text: str
    metadata: dict
    terms: tuple[str, ...]
    sentences: tuple[str, ...] = ()

    @property
    def vector_ids(self) -> list[str]:
        """Ids of this chunk's vectors: the whole chunk, then each sentence view."""
        return [self.chunk_id, *(f"{self.chunk_id}#s{i}" for i in range(len(self.sentences)))]


@dataclass(slots=True)
class Manifest:
    embedding_id: str
    analyzer_version: str
    extra_docs: list[str] = field(default_factory=list)
    chunk_count: int = 0
    built_at: str = ""
    schema_version: int = SCHEMA_VERSION


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_index_files(directory: Path, records: list[ChunkRecord], manifest: Manifest) -> None:
    """Records first, then the manifest: a manifest on disk always describes complete records."""
    lines = (json.dumps(asdict(r), ensure_ascii=False) for r in records)
    _atomic_write(directory / RECORDS_FILE, "\n".join(lines) + ("\n" if records else ""))
    manifest.chunk_count = len(records)
    _atomic_write(directory / MANIFEST_FILE, json.dumps(asdict(manifest), ensure_ascii=False, indent=2))


def read_index_files(directory: Path) -> tuple[Manifest, list[ChunkRecord]] | None:
    """The stored index, or None when none was built; raises `IndexCorrupted` when it cannot be trusted."""
    manifest_path = directory / MANIFEST_FILE
    if not manifest_path.exists():
        return None
    try:
        manifest = Manifest(**json.loads(manifest_path.read_text(encoding="utf-8")))
        records = []
        with (directory / RECORDS_FILE).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    data = json.loads(line)
                    data["terms"], data["sentences"] = tuple(data["terms"]), tuple(data.get("sentences", ()))
                    records.append(ChunkRecord(**data))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexCorrupted(f"index files in '{directory}' are unreadable ({type(exc).__name__})") from None
    if manifest.schema_version != SCHEMA_VERSION or manifest.chunk_count != len(records):
        raise IndexCorrupted(f"index files in '{directory}' are incomplete or from another version")
    return manifest, records
