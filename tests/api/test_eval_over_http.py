"""The evaluation runner against a real server: same cases, same scoring as in process."""

from __future__ import annotations

import json
import re
import shutil

from assistant.settings import Settings
from evals.answer_eval import evaluate
from tests.api.conftest import start_server
from tests.evals.test_answer_eval import MINI


def test_the_same_cases_score_the_same_over_http(server, engine, tmp_path):
    dataset = tmp_path / "mini.jsonl"
    dataset.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in MINI) + "\n", encoding="utf-8")
    remote = evaluate(Settings(_env_file=None), dataset=dataset, url=server.url, baseline=False, progress=False)
    local = evaluate(engine.settings, dataset=dataset, engine=engine, baseline=False, progress=False)
    assert remote["manifest"]["target"] == server.url
    assert [(c["id"], c["passed"], c["answer_type"]) for c in remote["cases"]] == [
        (c["id"], c["passed"], c["answer_type"]) for c in local["cases"]
    ]
    assert remote["product"]["all"]["secret_leaks"] == 0 and remote["product"]["all"]["errors"] == 0
    server_info = remote["manifest"]["server"]  # what the server says it runs (GET /v1/version), not the local checkout
    assert {"version", "commit", "index_manifest_sha256", "embedding"} <= server_info.keys()
    assert server_info["index_manifest_sha256"] == remote["manifest"]["index_manifest_sha256"] != "missing"


def test_concurrent_runs_wait_as_a_rate_limited_server_says(guide_index_dir, engine, tmp_path):
    """Two clients against a server allowing 2 requests a second: 429s happen and are waited out, no case errs."""
    data_dir = tmp_path / "data"
    shutil.copytree(guide_index_dir, data_dir / "index")
    process, url = start_server(data_dir, tmp_path / "server.log", ASSISTANT_RATE_LIMIT="2/second")
    try:
        dataset = tmp_path / "mini.jsonl"
        dataset.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in MINI) + "\n", encoding="utf-8")
        remote = evaluate(Settings(_env_file=None), dataset=dataset, url=url, baseline=False, progress=False,
                          concurrency=2)  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=15)
    local = evaluate(engine.settings, dataset=dataset, engine=engine, baseline=False, progress=False)
    assert [(c["id"], c["passed"]) for c in remote["cases"]] == [(c["id"], c["passed"]) for c in local["cases"]]
    assert remote["product"]["all"]["errors"] == 0
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert '"path": "/v1/chat", "status": 429' in log  # limited, then waited out as told
    assert len(re.findall(r'"/v1/sessions/[^"]+", "status": 200', log)) == len(MINI)  # every stored session read
