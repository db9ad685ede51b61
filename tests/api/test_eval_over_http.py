"""The evaluation runner against a real server: same cases, same scoring as in process."""

from __future__ import annotations

import json

from assistant.settings import Settings
from evals.answer_eval import evaluate
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
