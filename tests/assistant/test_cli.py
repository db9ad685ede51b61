"""The command line as a user runs it: real processes, a real index, one-line errors with exit status 2."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, data_dir: Path, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    environment |= {"ASSISTANT_DATA_DIR": str(data_dir), **env}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=environment,
        cwd=REPO,
        timeout=300,
    )


def test_search_prints_ranked_sections(data_dir):
    result = run("search", "방화벽 정책 신청 연락처", "--k", "2", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. VM 방화벽 정책 설정 요청  [vm-firewall-policy]")
    assert "/guide#vm-firewall-policy" in result.stdout and "2. " in result.stdout


def test_search_json_has_sections_titles_scores_and_snippets(data_dir):
    result = run("search", "How do I set up port forwarding on the VR?", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert len(payload["hits"]) == 5
    top = payload["hits"][0]
    assert top["section_id"] == "port-forwarding" and top["title"] == "Public VR에서 VM으로 Port Forwarding 설정"
    assert {"rank", "score", "snippet", "url", "language", "chunk_id"} <= top.keys()


def test_the_first_search_builds_the_index_itself(tmp_path):
    result = run("search", "VPN 신청 방법", "--k", "1", data_dir=tmp_path / "empty")
    assert result.returncode == 0, result.stderr
    assert "[vpn]" in result.stdout and "index ready: 30 chunks" in result.stderr


def test_a_long_query_can_come_from_stdin(data_dir):
    result = run("search", "-", data_dir=data_dir, stdin="그룹계정 " * 30_000)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: query is too long (150,000 characters; the limit is 2,000)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", ""), "error: query is empty: type a question or keywords"),
        (("search", "\x01\x02"), "error: query is empty: type a question or keywords"),
        (("index", "build", "--docs", "/no/such/file.md"), "error: document '/no/such/file.md' does not exist"),
    ],
    ids=["empty query", "control characters only", "missing document"],
)
def test_bad_input_is_a_one_line_error(data_dir, args, message):
    result = run(*args, data_dir=data_dir)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == message
    assert "Traceback" not in result.stderr


def test_bytes_that_are_not_utf8_are_a_clean_error(data_dir):
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "search", "-"],
        input=b"\xff\xfe",
        capture_output=True,
        env={**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)},
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip().splitlines()[-1] == "error: query is empty: type a question or keywords"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"ASSISTANT_CHROMA_URL": "http://localhost:abc"},
            "error: Chroma server URL 'http://localhost:abc' is invalid",
        ),
        ({"ASSISTANT_INDEX_NAME": "Bad Name!"}, "error: invalid setting ASSISTANT_INDEX_NAME"),
    ],
    ids=["chroma url with a bad port", "index name with spaces"],
)
def test_bad_settings_are_one_line_errors(data_dir, env, message):
    result = run("search", "VPN", data_dir=data_dir, **env)
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1].startswith(message)


def test_a_data_dir_that_is_a_file_is_a_one_line_error(tmp_path):
    (tmp_path / "data").write_text("oops")
    result = run("search", "VPN", data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"error: data dir '{tmp_path / 'data' / 'index'}' cannot be used: '{tmp_path / 'data'}' is a file"
    )


def test_the_number_of_results_comes_from_the_settings(data_dir):
    result = run("search", "VPN 신청", "--json", data_dir=data_dir, ASSISTANT_SEARCH_K="2")
    assert len(json.loads(result.stdout)["hits"]) == 2


def test_build_with_an_unsupported_document_keeps_the_index(data_dir, tmp_path):
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    before = (data_dir / "index" / "chunks.jsonl").read_bytes()
    result = run("index", "build", "--docs", str(tmp_path / "slides.pptx"), data_dir=data_dir)
    assert result.returncode == 2 and "unsupported type '.pptx'" in result.stderr
    assert (data_dir / "index" / "chunks.jsonl").read_bytes() == before


def test_index_build_adds_and_forgets_documents_and_reports_counts(data_dir, tmp_path):
    doc = tmp_path / "notes.md"
    doc.write_text("# Backup policy\n\nSnapshots are kept for 7 days.\n")
    result = run("index", "build", "--docs", str(doc), "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["added"], report["unchanged"], report["total"]) == (1, 30, 31)
    result = run("index", "build", "--forget", str(doc), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("indexed 30 chunks") and "1 removed" in result.stdout


def test_a_chroma_server_that_is_down_is_a_one_line_error(data_dir):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run("search", "VPN", data_dir=data_dir, ASSISTANT_CHROMA_URL=f"http://127.0.0.1:{port}")
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"error: Chroma server at 'http://127.0.0.1:{port}' is not reachable")


def test_an_invalid_setting_is_a_one_line_error(data_dir):
    result = run("search", "VPN", data_dir=data_dir, ASSISTANT_EMBEDDING_BACKEND="word2vec")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: invalid setting ASSISTANT_EMBEDDING_BACKEND")


def test_a_model_that_is_not_available_offline_is_a_one_line_error(tmp_path):
    result = run(
        "search",
        "VPN",
        data_dir=tmp_path / "data",
        ASSISTANT_EMBEDDING_BACKEND="sentence-transformers",
        ASSISTANT_EMBEDDING_MODEL="intfloat/multilingual-e5-large",
        HF_HOME=str(tmp_path / "empty-cache"),
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "error: embedding model 'intfloat/multilingual-e5-large' cannot be loaded: it is not in the local cache "
        "and downloads are off (ASSISTANT_ALLOW_MODEL_DOWNLOAD=true allows them)"
    )


def test_help_reads_like_documentation(data_dir):
    result = run("search", "--help", data_dir=data_dir)
    assert result.returncode == 0 and "builds itself on first use" in " ".join(result.stdout.split())
