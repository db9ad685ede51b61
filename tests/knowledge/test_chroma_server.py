"""Vectors on a real Chroma server (`chroma run` started here), and a clear error when it is down."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from evals.benchmark.processes import free_port
from knowledge.errors import VectorStoreUnavailable
from knowledge.index import KnowledgeIndex


class ChromaServer:
    """A `chroma run` process on a fixed loopback port and data path, which can be stopped and started again."""

    def __init__(self, path: Path) -> None:
        executable = shutil.which("chroma")
        assert executable, "the `chroma` command (from the chromadb package) must be installed"
        self.command = [executable, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(free_port())]
        self.url = f"http://127.0.0.1:{self.command[-1]}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.process.kill()
        pytest.fail("chroma server did not start within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def chroma(tmp_path):
    server = ChromaServer(tmp_path / "server-data")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def chroma_server(chroma):
    """The server's URL and a way to stop it."""
    return chroma.url, chroma.stop


def test_index_on_a_chroma_server_builds_and_searches(chroma_server, tmp_path: Path, use_embeddings):
    url, _ = chroma_server
    index = KnowledgeIndex(tmp_path / "index", use_embeddings, "use-v3", chroma_url=url)
    report = index.ensure()
    assert report is not None and report.total == 30
    assert not (tmp_path / "index" / "chroma").exists()  # nothing embedded locally
    assert index.search("라우팅 테이블 등록", 1)[0].section_id == "zone-routing"

    again = KnowledgeIndex(tmp_path / "index", use_embeddings, "use-v3", chroma_url=url)
    assert again.ensure() is None  # the server kept the vectors: nothing to rebuild


def test_a_server_that_goes_down_gives_a_clear_error(chroma_server, tmp_path: Path, use_embeddings):
    url, stop = chroma_server
    index = KnowledgeIndex(tmp_path / "index", use_embeddings, "use-v3", chroma_url=url)
    index.ensure()
    stop()
    with pytest.raises(VectorStoreUnavailable) as info:
        index.search("VPN 신청", 1)
    assert url in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(VectorStoreUnavailable, match="is not reachable"):
        KnowledgeIndex(tmp_path / "other", use_embeddings, "use-v3", chroma_url=url).ensure()


def test_search_recovers_without_a_restart_when_the_server_comes_back(chroma, tmp_path: Path, use_embeddings):
    index = KnowledgeIndex(tmp_path / "index", use_embeddings, "use-v3", chroma_url=chroma.url)
    index.ensure()
    chroma.stop()
    with pytest.raises(VectorStoreUnavailable):
        index.search("VPN 신청", 1)
    chroma.start()  # same port, same data
    assert index.search("라우팅 테이블 등록", 1)[0].section_id == "zone-routing"  # the same object, not rebuilt


def test_a_server_that_never_answers_times_out(tmp_path: Path, use_embeddings):
    with socket.socket() as hole:  # accepts connections (the kernel does) and never answers
        hole.bind(("127.0.0.1", 0))
        hole.listen(8)
        url = f"http://127.0.0.1:{hole.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(VectorStoreUnavailable, match="did not answer within 1 s"):
            KnowledgeIndex(tmp_path / "index", use_embeddings, "use-v3", chroma_url=url, chroma_timeout_s=1).ensure()
        assert time.monotonic() - started < 5


def test_a_frozen_server_times_out_then_recovers(chroma, tmp_path: Path, use_embeddings):
    index = KnowledgeIndex(tmp_path / "index", use_embeddings, "use-v3", chroma_url=chroma.url, chroma_timeout_s=1)
    index.ensure()
    os.kill(chroma.process.pid, signal.SIGSTOP)  # still listening, never answering
    try:
        started = time.monotonic()
        with pytest.raises(VectorStoreUnavailable):
            index.search("VPN 신청", 1)
        assert time.monotonic() - started < 5
    finally:
        os.kill(chroma.process.pid, signal.SIGCONT)
    assert index.search("라우팅 테이블 등록", 1)[0].section_id == "zone-routing"


def test_an_unreachable_server_fails_fast(tmp_path: Path, use_embeddings):
    url = f"http://127.0.0.1:{free_port()}"
    started = time.perf_counter()
    with pytest.raises(VectorStoreUnavailable, match=f"Chroma server at '{url}' is not reachable"):
        KnowledgeIndex(tmp_path, use_embeddings, "use-v3", chroma_url=url).ensure()
    assert time.perf_counter() - started < 30


def test_indexes_with_different_names_on_one_server_leave_each_other_alone(chroma_server, tmp_path, use_embeddings):
    url, _ = chroma_server
    doc = tmp_path / "extra.md"
    doc.write_text("# Extra\n\nOnly deployment A has this document.\n")
    first = KnowledgeIndex(tmp_path / "a", use_embeddings, "use-v3", chroma_url=url, index_name="deployment-a")
    assert first.build([doc]).total == 31
    second = KnowledgeIndex(tmp_path / "b", use_embeddings, "use-v3", chroma_url=url, index_name="deployment-b")
    assert second.ensure().removed == 0
    assert (
        KnowledgeIndex(tmp_path / "a", use_embeddings, "use-v3", chroma_url=url, index_name="deployment-a").ensure()
        is None
    )


def test_replicas_with_the_same_name_share_the_vectors(chroma_server, tmp_path, use_embeddings):
    url, _ = chroma_server
    KnowledgeIndex(tmp_path / "replica-1", use_embeddings, "use-v3", chroma_url=url).ensure()
    counting_report = KnowledgeIndex(tmp_path / "replica-2", use_embeddings, "use-v3", chroma_url=url).ensure()
    assert counting_report is not None and counting_report.added == 0 and counting_report.unchanged == 30
