"""The app on a Chroma server that goes down and comes back: a clear 503 meanwhile, answers again without a restart."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import start_server
from tests.knowledge.test_chroma_server import ChromaServer

pytestmark = pytest.mark.slow


def test_chat_says_search_is_unavailable_then_recovers(tmp_path):
    chroma = ChromaServer(tmp_path / "chroma-data")
    chroma.start()
    process, url = start_server(tmp_path / "data", tmp_path / "server.log", ASSISTANT_CHROMA_URL=chroma.url)
    question = {"message": "VPN 신청은 어떻게 하나요?"}
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            assert client.post("/v1/chat", json=question).status_code == 200
            chroma.stop()
            down = client.post("/v1/chat", json=question)
            assert down.status_code == 503
            assert down.json()["error"]["code"] == "search_unavailable" and down.headers["retry-after"] == "5"
            assert "Traceback" not in down.text and chroma.url not in down.text
            assert client.post("/v1/tools/subnet", json={"network": "10.20.5.0/24"}).status_code == 200  # tools work
            chroma.start()
            back = client.post("/v1/chat", json=question)
            assert back.status_code == 200 and back.json()["citations"]
    finally:
        process.terminate()
        process.wait(timeout=30)
        chroma.stop()
