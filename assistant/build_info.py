"""What is running: the package version, the code's commit and the index it answers from, so an evaluation or a
bug report can say exactly which build produced an answer (`GET /v1/version`, every eval manifest)."""

from __future__ import annotations

import hashlib
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

from assistant.settings import Settings
from knowledge.embeddings import embedding_id

__all__ = ["build_info", "file_sha256", "git_commit"]

REPO = Path(__file__).resolve().parents[1]


def file_sha256(path: Path) -> str:
    """The first 16 hex digits of a file's SHA-256, or 'missing'."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "missing"


@cache
def git_commit(repo: Path = REPO) -> str:
    """The checkout's commit ('-dirty' with uncommitted changes), or 'unknown' outside a git checkout."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    if head.returncode != 0:
        return "unknown"
    return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def _version() -> str:
    try:
        return metadata.version("kt-enterprise-cloud-assistant")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_info(settings: Settings) -> dict[str, str]:
    return {
        "version": _version(),
        "commit": git_commit(),
        "index_manifest_sha256": file_sha256(settings.index_dir / "manifest.json"),
        "embedding": embedding_id(settings.embedding_backend, settings.embedding_model),
    }
