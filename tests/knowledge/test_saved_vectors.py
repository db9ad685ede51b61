"""A small embedded index starts from its saved vector snapshot, without Chroma, and only while it is current."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

import knowledge.index as index_module
from knowledge.index import KnowledgeIndex
from knowledge.index_storage import data_dir_busy, locked_data_dir
from knowledge.vector_snapshot import SNAPSHOT_FILE, VectorSnapshot

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = ["VPN 신청은 어떻게 하나요?", "How do I request a firewall policy?", "CIP 인터페이스 설정"]

LOAD_IN_A_NEW_PROCESS = """
import json, sys
from knowledge.embeddings import make_embeddings
import knowledge.index as index_module
from knowledge.index import KnowledgeIndex
from knowledge.index_storage import data_dir_busy, locked_data_dir
index = KnowledgeIndex(__import__("pathlib").Path(sys.argv[1]), make_embeddings("use-v3"), "use-v3")
report = index.ensure()
print(json.dumps({
    "rebuilt": report is not None,
    "chroma_imported": "chromadb" in sys.modules,
    "top": [index.search(q, 3)[0].section_id for q in json.loads(sys.argv[2])],
}))
"""


def _start_in_a_new_process(directory: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", LOAD_IN_A_NEW_PROCESS, str(directory), json.dumps(QUESTIONS)],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_started_process_serves_the_saved_vectors_without_chroma(fresh_index_dir, use_embeddings):
    (fresh_index_dir / SNAPSHOT_FILE).unlink()
    reference = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3")
    reference.load()  # through Chroma, which saves the snapshot again
    expected = [reference.search(q, 3)[0].section_id for q in QUESTIONS]
    assert (fresh_index_dir / SNAPSHOT_FILE).exists()
    started = _start_in_a_new_process(fresh_index_dir)
    assert started == {"rebuilt": False, "chroma_imported": False, "top": expected}


def test_a_current_build_loads_without_the_lock_unless_another_process_holds_it(
    fresh_index_dir, use_embeddings, monkeypatch
):
    taken = []

    @contextmanager
    def recording_lock(directory):
        taken.append(directory)
        with locked_data_dir(directory):
            yield

    monkeypatch.setattr(index_module, "locked_data_dir", recording_lock)
    assert KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").ensure() is None
    assert taken == []  # only files were read: the workers of one server load side by side
    with locked_data_dir(fresh_index_dir):  # as another process building or checking the store would
        assert data_dir_busy(fresh_index_dir)
    monkeypatch.setattr(index_module, "data_dir_busy", lambda directory: True)
    assert KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").ensure() is None
    assert taken == [fresh_index_dir]  # waited for it, then checked under the lock


@pytest.mark.parametrize("damage", [b"", b"PK\x03\x04 cut short"], ids=["empty file", "truncated archive"])
def test_an_unreadable_snapshot_is_not_an_error(fresh_index_dir, use_embeddings, damage):
    (fresh_index_dir / SNAPSHOT_FILE).write_bytes(damage)
    started = _start_in_a_new_process(fresh_index_dir)
    assert started["rebuilt"] is False and started["chroma_imported"] is True
    with np.load(fresh_index_dir / SNAPSHOT_FILE) as saved:  # saved anew from the store
        assert len(saved["ids"]) > 0


def test_a_store_written_since_the_snapshot_is_checked_again(fresh_index_dir):
    files = [p for p in (fresh_index_dir / "chroma").rglob("*") if p.is_file()]
    stat = files[0].stat()
    os.utime(files[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # the same records, a touched store
    assert _start_in_a_new_process(fresh_index_dir)["chroma_imported"] is True
    assert _start_in_a_new_process(fresh_index_dir)["chroma_imported"] is False  # saved again after the check


def test_a_damaged_snapshot_is_read_from_chroma_again_and_saved_anew(fresh_index_dir, use_embeddings):
    (fresh_index_dir / SNAPSHOT_FILE).write_bytes(b"not a numpy archive")
    index = KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3")
    index.load()
    assert index.search("VPN 신청", 1)[0].section_id == "vpn"
    with np.load(fresh_index_dir / SNAPSHOT_FILE) as saved:  # rewritten from the store
        assert len(saved["ids"]) == sum(len(r.vector_ids) for r in index.records)


def test_a_snapshot_of_other_vectors_is_not_used(fresh_index_dir, use_embeddings, tmp_path):
    snapshot = VectorSnapshot(["a", "b"], np.eye(2, dtype=np.float32))
    snapshot.save(tmp_path / SNAPSHOT_FILE, "stamp of one build")
    assert VectorSnapshot.read(tmp_path / SNAPSHOT_FILE, "stamp of another build") is None
    assert VectorSnapshot.read(tmp_path / SNAPSHOT_FILE, "stamp of one build").count() == 2
    # an index whose store was written after the snapshot (a later build) checks the store again
    stale = (fresh_index_dir / SNAPSHOT_FILE).read_bytes()
    extra = tmp_path / "faq.md"
    extra.write_text("# FAQ\n\n## 점검 일정\n\n정기 점검은 매월 셋째 주 화요일 새벽에 진행합니다.\n", encoding="utf-8")
    KnowledgeIndex(fresh_index_dir, use_embeddings, "use-v3").build([extra])
    (fresh_index_dir / SNAPSHOT_FILE).write_bytes(stale)
    started = _start_in_a_new_process(fresh_index_dir)
    assert started["chroma_imported"] and not started["rebuilt"]
