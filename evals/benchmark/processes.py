"""Server processes for the benchmark: start on a free loopback port, time the cold start, read peak memory.

Only loopback: the benchmark never aims load at another host.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = [
    "Server",
    "ServerFailed",
    "free_port",
    "memory_mb",
    "naive_command",
    "product_command",
    "start_server",
    "worker_pids",
]

HOST = "127.0.0.1"


class ServerFailed(RuntimeError):
    """The server exited or did not become ready in time; the message carries the end of its log."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def memory_mb(pid: int, field: str = "VmHWM") -> float | None:
    """A memory figure of one process from /proc, in MB: VmHWM (peak resident set, the default) or VmRSS (now);
    None once the process has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def worker_pids(pid: int) -> list[int]:
    """The processes that answer requests: the server `pid` itself, or the workers it supervises
    (multiprocessing's resource tracker is a child too, and is left out)."""
    workers = [child for child in _children(pid) if "resource_tracker" not in _command_line(child)]
    return workers or [pid]


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    cold_start_s: float
    log_path: Path

    def peak_rss_mb(self) -> list[float]:
        """Peak resident memory of each worker so far (MB)."""
        return [mb for mb in (memory_mb(pid) for pid in worker_pids(self.process.pid)) if mb is not None]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _ready_workers(log_path: Path) -> int:
    """How many workers have logged that they are ready (the product logs one JSON line each)."""
    try:
        return log_path.read_text(errors="replace").count('"message": "ready"')
    except OSError:
        return 0


def start_server(
    command: list[str], port: int, log_path: Path, env: dict[str, str], ready_timeout_s: float, workers: int = 1
) -> Server:
    """Runs `command` (which must listen on `port`), and returns once `/readyz` answers 200 (and, with several
    workers, once each has logged that it is ready: `/readyz` answers from whichever worker got the connection).

    The cold start is measured from just before the process is spawned to that moment.
    """
    url = f"http://{HOST}:{port}"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env})
    deadline = started + ready_timeout_s
    with httpx.Client(base_url=url, timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                log.close()
                raise ServerFailed(f"{' '.join(command[:4])} exited ({process.returncode}): {_tail(log_path)}")
            try:
                if client.get("/readyz").status_code == 200 and (workers == 1 or _ready_workers(log_path) >= workers):
                    log.close()
                    return Server(process, url, time.perf_counter() - started, log_path)
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
    process.kill()
    process.wait(timeout=10)
    log.close()
    raise ServerFailed(f"{' '.join(command[:4])} was not ready within {ready_timeout_s:.0f} s: {_tail(log_path)}")


def _tail(path: Path, lines: int = 5) -> str:
    try:
        return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return "(no log)"


def product_command(port: int, data_dir: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", str(workers),
            "--data-dir", str(data_dir)]  # fmt: skip


def naive_command(port: int, data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "evals.benchmark.naive_app", "--port", str(port), "--data-dir", str(data_dir)]
