"""`python -m assistant bench` end to end on a small scale: real servers (product with 1 and 2 workers, naive RAG),
real load, a real synthetic corpus; the report holds every figure the issue asks for."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evals.benchmark.synthetic_corpus import write_corpus
from knowledge.corpus import collect_chunks

REPO = Path(__file__).resolve().parents[2]


def test_synthetic_corpus_has_the_asked_size_and_is_reproducible(tmp_path):
    first = write_corpus(tmp_path / "a", 1500)
    second = write_corpus(tmp_path / "b", 1500)
    assert len(first) == 2
    assert [p.read_text() for p in first] == [p.read_text() for p in second]
    chunks = collect_chunks(first)
    guide_chunks = len(collect_chunks([]))
    assert len(chunks) == 1500 + guide_chunks
    languages = {c.section.language for c in chunks}
    assert languages == {"ko", "en"}


@pytest.mark.slow
def test_bench_command_writes_the_report(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    shutil.copy(REPO / "docs" / "benchmarks.json", out / "benchmarks.json")  # the report this run replaces
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "bench", "--out", str(out), "--sizes", "150", "--workers", "1,2",
         "--concurrency", "1,4", "--load-seconds", "1", "--conversations", "12", "--no-quality", "--cold-starts", "2"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr[-3000:]
    report = json.loads((out / "benchmarks.json").read_text(encoding="utf-8"))
    product, naive = report["product"], report["naive"]
    assert product["build"]["chunks"] > 0 and product["build"]["build_s"] > 0
    assert product["in_process"]["all"]["turns"] == naive["in_process"]["all"]["turns"] >= 12
    assert 0 < product["in_process"]["by_type"]["knowledge"]["embedding_share"] < 1
    assert set(product["servers"]) == {"1", "2"}
    for side in (product, naive):
        for server in side["servers"].values():
            assert len(server["cold_start_samples_s"]) == 2 and all(s > 0 for s in server["cold_start_samples_s"])
            assert min(server["cold_start_samples_s"]) <= server["cold_start_s"] <= max(server["cold_start_samples_s"])
            assert [r["concurrency"] for r in server["throughput"]] == [1, 4]
            assert all(r["errors"] == 0 and r["turns_per_s"] > 0 for r in server["throughput"])
            assert server["http"]["all"]["p50_ms"] > 0
    assert len(product["servers"]["2"]["peak_rss_mb_per_worker"]) == 2
    assert all(mb > 100 for mb in product["servers"]["1"]["peak_rss_mb_per_worker"])
    assert report["scale"][0]["synthetic_chunks"] == 150 and report["scale"][0]["retrieval_p50_ms"] > 0
    markdown = (out / "benchmarks.md").read_text(encoding="utf-8")
    assert "| chat turn over HTTP, p50 |" in markdown and "not measured" in markdown  # no 16-client run
    assert "## Against the previous report" in markdown  # the replaced report's figures beside the new ones
    assert any(line.startswith("| cold start, 2 workers |") for line in markdown.splitlines())
    assert (out / "benchmarks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
