"""Several server processes on one port, each with its own listening socket (SO_REUSEPORT), so the kernel spreads
new connections across them.

Why not uvicorn's own `--workers`: its workers share one listening socket, and the worker that wakes first takes a
whole burst of connections (asyncio accepts up to the backlog per wake-up). Measured on 2 cores with 2 workers and
16 clients connecting at once: in 1 run of 3 every connection landed on one worker (95 turns/s, the other idle),
against 175-186 turns/s when they were spread. With one socket per worker the kernel hashes each new connection
to a socket, so a burst is shared out.

A worker that dies while serving is started again on its socket (connections hashed to it wait in its queue
meanwhile); one that dies within its first 10 seconds stops the server (a start-up fault does not heal by
restarting). SIGINT or SIGTERM stops them all.
"""

from __future__ import annotations

import logging
import logging.config
import multiprocessing
import signal
import socket
import sys
import time
from typing import Any

__all__ = ["run_workers", "supports_reuse_port"]

log = logging.getLogger("assistant.server")


def supports_reuse_port() -> bool:
    """Linux balances connections over SO_REUSEPORT sockets; other systems either lack it or do not balance."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _serve_one(config: dict[str, Any], sock: socket.socket) -> None:
    import uvicorn

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor turns Ctrl-C into one SIGTERM per worker
    uvicorn.Server(uvicorn.Config(**config)).run(sockets=[sock])


START_UP_SECONDS = 10


def run_workers(config: dict[str, Any], workers: int) -> int:
    """Serve `config` (uvicorn.Config keyword arguments, with host and port) from `workers` processes until stopped.

    Returns the exit status: 0 when stopped by a signal, 3 when a worker failed at start-up. Raises OSError when
    the port cannot be listened on.
    """
    if config.get("log_config"):
        logging.config.dictConfig(config["log_config"])
    context = multiprocessing.get_context("spawn")
    sockets = [_listening_socket(config["host"], config["port"]) for _ in range(workers)]

    def spawn(i: int):
        process = context.Process(target=_serve_one, args=(config, sockets[i]), name=f"worker-{i}")
        process.start()
        return process, time.monotonic()

    stopping = False
    status = 0

    def stop(signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    running = []
    try:
        running = [spawn(i) for i in range(workers)]
        log.info("%d workers on %s:%d, one listening socket each", workers, config["host"], config["port"])
        while not stopping:
            for i, (process, started) in enumerate(running):
                if process.is_alive() or stopping:
                    continue
                if time.monotonic() - started < START_UP_SECONDS:
                    log.error("worker %d failed at start-up (exit %s); stopping", i, process.exitcode)
                    stopping, status = True, 3
                    break
                log.warning("worker %d exited (%s); starting it again", i, process.exitcode)
                running[i] = spawn(i)
            time.sleep(0.2)
    finally:
        processes = [process for process, _ in running]
        for process in processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + 15
        for process in processes:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
        for sock in sockets:
            sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status
