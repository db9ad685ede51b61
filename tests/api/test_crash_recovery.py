"""kill -9 in the middle of writes: after a restart every acknowledged turn and rating is still there, the index
loads as it was, and readiness is reported correctly (503 while loading, then 200)."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time

import httpx
import pytest

from tests.api.conftest import launch, start_server

pytestmark = pytest.mark.slow
KEY = "r" * 24
QUESTIONS = [
    "VPN 신청은 어떻게 하나요?",
    "How do I request a firewall opening?",
    "라우팅 테이블 등록 방법",
    "서버 생성 절차",
]


def _writer(url: str, stop: threading.Event, acknowledged: list, ratings: list, worker: int) -> None:
    with httpx.Client(base_url=url, timeout=10) as client:
        n = 0
        while not stop.is_set():
            n += 1
            message = f"{QUESTIONS[n % len(QUESTIONS)]} (worker {worker}, turn {n})"
            try:
                first = client.post("/v1/chat", json={"message": message})
                if first.status_code != 200:
                    continue
                session_id = first.json()["session_id"]
                acknowledged.append((session_id, message))
                follow = f"자세히 알려주세요 (worker {worker}, turn {n})"
                second = client.post("/v1/chat", json={"message": follow, "session_id": session_id})
                if second.status_code == 200:
                    acknowledged.append((session_id, follow))
                rated = client.post("/v1/feedback", json={"session_id": session_id, "rating": "up"})
                if rated.status_code == 201:
                    ratings.append(rated.json()["id"])
            except httpx.HTTPError:
                return  # the server is gone


def test_acknowledged_writes_survive_kill_9(tmp_path, guide_index_dir):
    data_dir = tmp_path / "data"
    shutil.copytree(guide_index_dir, data_dir / "index")
    log = tmp_path / "server.log"
    process, url = start_server(data_dir, log, ASSISTANT_ADMIN_API_KEY=KEY)
    acknowledged: list[tuple[str, str]] = []
    ratings: list[int] = []
    stop = threading.Event()
    writers = [
        threading.Thread(target=_writer, args=(url, stop, acknowledged, ratings, i), daemon=True) for i in range(4)
    ]
    for thread in writers:
        thread.start()
    time.sleep(3)
    os.kill(process.pid, signal.SIGKILL)  # mid-flight: the writers are sending as fast as they can
    process.wait(timeout=10)
    stop.set()
    for thread in writers:
        thread.join(timeout=15)
    assert len(acknowledged) > 20 and ratings
    print(f"acknowledged before kill -9: {len(acknowledged)} turns, {len(ratings)} ratings")

    restarted, url = launch(data_dir, log, ASSISTANT_ADMIN_API_KEY=KEY)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                ready = httpx.get(f"{url}/readyz", timeout=2)
            except httpx.HTTPError:
                time.sleep(0.05)
                continue
            if ready.status_code == 200:
                break
            assert ready.status_code == 503 and ready.json()["error"]["code"] == "starting"  # never 200 too soon
            time.sleep(0.05)
        else:
            pytest.fail("the restarted server never became ready")
        with httpx.Client(base_url=url, timeout=30) as client:
            by_session: dict[str, list[str]] = {}
            for session_id, message in acknowledged:
                by_session.setdefault(session_id, []).append(message)
            for session_id, messages in by_session.items():
                stored = client.get(f"/v1/sessions/{session_id}")
                assert stored.status_code == 200, session_id
                kept = [turn["message"] for turn in stored.json()["turns"]]
                assert all(message in kept for message in messages), (messages, kept)
            exported = client.get("/v1/admin/feedback", headers={"X-API-Key": KEY}).json()["feedback"]
            assert set(ratings) <= {row["id"] for row in exported}
            hits = client.get("/v1/search", params={"q": "VPN 신청"}).json()["hits"]
            assert hits and hits[0]["section_id"]
        assert "rebuilding" not in log.read_text(errors="replace")  # the index was intact: loaded, not rebuilt
    finally:
        restarted.terminate()
        restarted.wait(timeout=30)
