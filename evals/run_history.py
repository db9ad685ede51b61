"""Every run kept: each report under `<history>/<UTC time>-<commit>/report.json`, and the list of runs with their
dataset, size and pass rate, newest first (`eval history`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HistoryEntry", "keep_run", "list_runs"]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    folder: Path
    created_at: str
    commit: str
    dataset: str
    cases: int
    pass_rate: float | None
    thresholds_ok: bool | None
    subset: bool = False


def keep_run(report: dict, history: Path) -> Path:
    """Writes the report into a new folder of `history` and returns the folder."""
    meta = report["manifest"]
    stamp = re.sub(r"[^0-9T]", "", meta["created_at"])[:15]
    folder = history / f"{stamp}-{meta['git_commit'][:12]}"
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = history / f"{stamp}-{meta['git_commit'][:12]}-{suffix}"
    folder.mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def list_runs(history: Path) -> list[HistoryEntry]:
    """The kept runs, newest first; folders without a readable report are skipped."""
    entries = []
    for path in sorted(history.glob("*/report.json"), reverse=True):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
            meta, overall = report["manifest"], report["product"]["all"]
        except (OSError, ValueError, KeyError):
            continue
        gates = report.get("thresholds") or []
        entries.append(
            HistoryEntry(
                path.parent,
                meta["created_at"],
                meta["git_commit"][:12],
                meta["dataset"].rsplit("/", 1)[-1],
                overall["cases"],
                overall.get("pass_rate"),
                all(t["ok"] for t in gates) if gates else None,
                bool(meta.get("selection")),
            )
        )
    return entries
