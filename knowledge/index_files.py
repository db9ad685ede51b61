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

from knowledge.errors import IndexCorrupted

__all__ = [
    "ChunkRecord",
    "Manifest",
    "atomic_write_bytes",
    "read_manifest",
    "read_records",
    "salvage_extra_docs",
    "write_index_files",
    "write_manifest",
    "write_raw_index_files",
]

SCHEMA_VERSION = 3
RECORDS_FILE = "chunks.jsonl"
MANIFEST_FILE = "manifest.json"


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
    complete: bool = True
    """False while a build changes the vectors: if it never finishes, the next start rebuilds."""
    adopted: bool = False
    """Taken from another replica's published build (shared database and Chroma server): that replica owns the
    sources, so this one does not rebuild when its own copy of them differs."""
    schema_version: int = SCHEMA_VERSION


def _atomic_write(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write through a synced temporary file renamed over `path`: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; index files are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_manifest(directory: Path, manifest: Manifest) -> None:
    _atomic_write(directory / MANIFEST_FILE, json.dumps(asdict(manifest), ensure_ascii=False, indent=2))


def write_index_files(directory: Path, records: list[ChunkRecord], manifest: Manifest) -> None:
    """Records first, then the manifest: a complete manifest on disk always describes complete records."""
    lines = (json.dumps(asdict(r), ensure_ascii=False) for r in records)
    _atomic_write(directory / RECORDS_FILE, "\n".join(lines) + ("\n" if records else ""))
    manifest.chunk_count = len(records)
    write_manifest(directory, manifest)


def write_raw_index_files(directory: Path, records_jsonl: str, manifest: Manifest) -> None:
    """Another replica's records file as it is, then the manifest (the same order as `write_index_files`)."""
    _atomic_write(directory / RECORDS_FILE, records_jsonl)
    manifest.chunk_count = sum(1 for line in records_jsonl.splitlines() if line.strip())
    write_manifest(directory, manifest)


def read_manifest(directory: Path) -> Manifest | None:
    """The manifest, or None when no index was built; raises `IndexCorrupted` when it cannot be read."""
    path = directory / MANIFEST_FILE
    if not path.exists():
        return None
    try:
        manifest = Manifest(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorrupted(f"index manifest in '{directory}' is unreadable ({type(exc).__name__})") from None
    if manifest.schema_version != SCHEMA_VERSION:
        raise IndexCorrupted(f"index in '{directory}' is from another version of the assistant")
    return manifest


def salvage_extra_docs(directory: Path) -> list[str]:
    """The added documents listed by a manifest that cannot be used as a whole (damaged, older version)."""
    try:
        documents = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8")).get("extra_docs", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [d for d in documents if isinstance(d, str)] if isinstance(documents, list) else []


def read_records(directory: Path, manifest: Manifest) -> list[ChunkRecord]:
    """The chunk records the manifest describes; raises `IndexCorrupted` when they cannot be trusted."""
    records = []
    try:
        with (directory / RECORDS_FILE).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    data = json.loads(line)
                    data["terms"], data["sentences"] = tuple(data["terms"]), tuple(data.get("sentences", ()))
                    records.append(ChunkRecord(**data))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexCorrupted(f"index records in '{directory}' are unreadable ({type(exc).__name__})") from None
    if manifest.chunk_count != len(records):
        raise IndexCorrupted(f"index records in '{directory}' are incomplete")
    return records
