"""A real server process on loopback (`python -m assistant serve`), over a copy of the built index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from evals.benchmark.processes import free_port

REPO = Path(__file__).resolve().parents[2]
MCP_KEY = "mcp-test-key-0123456789"
"""The shared server's MCP key (its admin endpoints stay off)."""


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    log: Path
    pid: int


def launch(data_dir: Path, log: Path, *options: str, **env: str) -> tuple[subprocess.Popen, str]:
    """The server process (`options` added to `serve`'s command line), not yet waited for."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    # Many tests share one server from one address: no request limit unless a test asks for one.
    environment |= {"ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_RATE_LIMIT": "off", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), *options],
        cwd=REPO,
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def start_server(data_dir: Path, log: Path, **env: str) -> tuple[subprocess.Popen, str]:
    """A server process that answers /readyz with 200."""
    process, url = launch(data_dir, log, **env)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"the server was not ready within 180 s:\n{log.read_text(errors='replace')}")


def stop_servers(servers: list[tuple[subprocess.Popen, str]]) -> None:
    """Stop server processes started with `start_server`, waiting for each to exit."""
    for process, _ in servers:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def server(tmp_path_factory, guide_index_dir):
    data_dir = tmp_path_factory.mktemp("server-data")
    shutil.copytree(guide_index_dir, data_dir / "index")
    log = data_dir / "server.log"
    process, url = start_server(data_dir, log, ASSISTANT_MCP_API_KEY=MCP_KEY)
    yield Server(url, data_dir, log, process.pid)
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http
