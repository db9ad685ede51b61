"""`serve`: the HTTP API and the web chat page under uvicorn, in one process or several workers on one port."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from api.log_format import log_config
from api.server_workers import run_workers, supports_reuse_port
from cli.common import DataDirOption, fail, settings_or_exit

__all__ = ["serve"]


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Worker processes.")] = 1,
    data_dir: DataDirOption = None,
) -> None:
    """Start the HTTP API and the web chat page (the index builds itself on first start; /readyz says when)."""
    import uvicorn

    if data_dir is not None:
        os.environ["ASSISTANT_DATA_DIR"] = str(data_dir)  # read by the app's settings in each worker
    settings = settings_or_exit()  # a bad setting is one clear line here, not a worker crash later
    if settings.embedding_threads is None:
        # A server's parallelism is its concurrent turns (and workers), each embedding one short query: BLAS
        # threads on top of them oversubscribe the cores (2 cores, 16 clients: 82-90 turns/s with 2 BLAS threads
        # per call, 106 with 1; a lone query takes 2.3 ms instead of 1.5 ms).
        os.environ["ASSISTANT_EMBEDDING_THREADS"] = "1"
    # The app factory is named, not passed: every worker process builds its own app from it.
    config = {
        "app": "api.main:create_app",
        "factory": True,
        "host": host,
        "port": port,
        "log_config": log_config(),
        "timeout_graceful_shutdown": 10,
    }
    if workers > 1 and supports_reuse_port():
        try:
            status = run_workers(config, workers)
        except OSError as exc:
            raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        raise typer.Exit(code=status)
    uvicorn.run(**config, workers=workers)
