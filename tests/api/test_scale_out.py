"""Two app processes sharing a real PostgreSQL (sessions, feedback) and a real Chroma server (vectors): a
conversation whose turns alternate between them keeps its context and its citations, and turns sent to it through
both at once are all kept."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from evals.benchmark.processes import free_port
from tests.api.conftest import REPO, start_server, stop_servers
from tests.knowledge.test_chroma_server import ChromaServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL cluster (Debian's `postgresql` package) on a free loopback port."""
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    assert binaries, "Debian's postgresql package must be installed (.ci/run installs it)"
    bin_dir = binaries[-1].parent
    root = Path(tempfile.mkdtemp(prefix="pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        account = pwd.getpwnam("postgres")
        os.chown(root, account.pw_uid, account.pw_gid)
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = root / "data"
    subprocess.run([*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                    "--no-sync"], check=True, capture_output=True)  # fmt: skip
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                    "-w", "start"], check=True, capture_output=True)  # fmt: skip
    try:
        subprocess.run([str(bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c",
                        "CREATE DATABASE assistant"], check=True, capture_output=True)  # fmt: skip
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/assistant"
    finally:
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def test_a_conversation_alternating_between_two_replicas_keeps_context_and_citations(tmp_path, postgres):
    chroma = ChromaServer(tmp_path / "chroma-data")
    chroma.start()
    shared = {"ASSISTANT_DATABASE_URL": postgres, "ASSISTANT_CHROMA_URL": chroma.url,
              "ASSISTANT_ADMIN_API_KEY": "s" * 20}  # fmt: skip
    replicas = []
    try:
        for name in ("a", "b"):  # each replica has its own disk; only the database and Chroma are shared
            replicas.append(start_server(tmp_path / name, tmp_path / f"{name}.log", **shared))
        (_, a), (_, b) = replicas
        first = httpx.post(f"{a}/v1/chat", json={"message": "라우팅 명령어 알려줘"}, timeout=30).json()
        assert first["answer_type"] == "clarification"
        session = first["session_id"]
        second = httpx.post(f"{b}/v1/chat", json={"message": "서버는 10.20.5.2, 목적지는 10.21.5.0/24",
                                                   "session_id": session}, timeout=30).json()  # fmt: skip
        assert second["answer_type"] == "tool"
        assert any("route add -net 10.21.5.0 netmask 255.255.255.0" in c for c in second["commands"])
        assert second["citations"][0]["section_id"] == "zone-routing"
        third = httpx.post(f"{a}/v1/chat", json={"message": "그럼 반대 방향은?", "session_id": session}, timeout=30)
        assert third.json()["answer_type"] == "tool" and third.json()["citations"][0]["section_id"] == "zone-routing"
        history = httpx.get(f"{b}/v1/sessions/{session}", timeout=30).json()
        assert [(t["answer_type"]) for t in history["turns"]] == ["clarification", "tool", "tool"]
        rated = httpx.post(f"{a}/v1/feedback", json={"session_id": session, "rating": "up"}, timeout=30)
        assert rated.status_code == 201
        exported = httpx.get(f"{b}/v1/admin/feedback", headers={"X-API-Key": "s" * 20}, timeout=30).json()
        assert [row["session_id"] for row in exported["feedback"]] == [session]
        assert not (tmp_path / "a" / "assistant.db").exists()  # nothing fell back to a local SQLite file

        # Turns to one session through both replicas at the same moment: serialised by the stored version.
        messages = [f"서브넷 10.21.{i}.0/24 계산해줘" for i in range(8)]
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda i: httpx.post(f"{(a, b)[i % 2]}/v1/chat", timeout=60, json={
                "message": messages[i], "session_id": session}).status_code, range(len(messages))))  # fmt: skip
        assert statuses == [200] * len(messages)
        turns = httpx.get(f"{a}/v1/sessions/{session}", timeout=30).json()["turns"]
        assert len(turns) == 3 + len(messages) and sorted(t["message"] for t in turns[3:]) == sorted(messages)
    finally:
        stop_servers(replicas)
        chroma.stop()


def test_a_reindex_on_one_replica_reaches_the_other_within_seconds(tmp_path, postgres):
    """The replica that re-indexes publishes its build in the database; the other serves it without a restart."""
    chroma = ChromaServer(tmp_path / "chroma-data")
    chroma.start()
    document = tmp_path / "docs" / "faq.md"
    document.parent.mkdir()
    faq = "# 사내 FAQ\n\n## 지원 요청 코드\n\n지원 요청 코드는 {} 입니다.\n"
    document.write_text(faq.format("ZEBRA-4471"), encoding="utf-8")
    shared = {"ASSISTANT_DATABASE_URL": postgres, "ASSISTANT_CHROMA_URL": chroma.url, "ASSISTANT_INDEX_NAME": "shared",
              "ASSISTANT_ADMIN_API_KEY": "s" * 20, "ASSISTANT_INDEX_FOLLOW_S": "0.5"}  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    built = subprocess.run(
        [sys.executable, "-m", "assistant", "index", "build", "--docs", str(document)],
        cwd=REPO, env={**environment, **shared, "ASSISTANT_DATA_DIR": str(tmp_path / "a")},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr

    def snippet(url: str) -> str:
        hits = httpx.get(f"{url}/v1/search", params={"q": "지원 요청 코드", "k": 1}, timeout=30).json()["hits"]
        return hits[0]["snippet"] if hits else ""

    replicas = []
    try:
        for name in ("a", "b"):  # b has only its own empty disk: it serves what a published
            replicas.append(start_server(tmp_path / name, tmp_path / f"{name}.log", **shared))
        (_, a), (_, b) = replicas
        assert "ZEBRA-4471" in snippet(a) and "ZEBRA-4471" in snippet(b)

        document.write_text(faq.format("OKAPI-9052"), encoding="utf-8")
        reindexed = httpx.post(f"{a}/v1/admin/reindex", headers={"X-API-Key": "s" * 20}, timeout=120)
        assert reindexed.status_code == 200 and reindexed.json()["updated"] >= 1
        assert "OKAPI-9052" in snippet(a)
        deadline = time.monotonic() + 15
        while "OKAPI-9052" not in snippet(b):
            assert time.monotonic() < deadline, "the other replica did not pick up the reindex"
            time.sleep(0.3)
        assert "serving the published index, version 2" in (tmp_path / "b.log").read_text(errors="replace")
    finally:
        stop_servers(replicas)
        chroma.stop()
