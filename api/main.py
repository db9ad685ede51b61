"""The FastAPI app: `create_app()` wires settings, the chat engine (with SQL sessions) and the routers.

The index loads (or builds) in a background thread at start-up, so `/healthz` answers at once and `/readyz`
says 200 only when chat can answer.
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api import docs_pages, pages, routes_admin, routes_chat, routes_misc, routes_openai, routes_tools
from api.dependencies import EngineLane
from api.errors import install_error_handlers
from api.mcp_endpoint import McpGate
from api.middleware import RequestContextMiddleware
from api.rate_limit import RateLimitMiddleware
from api.schemas import ERROR_RESPONSES
from assistant.engine import ChatEngine
from assistant.settings import Settings, load_settings
from assistant.sql_store import SqlStore, sqlite_url
from knowledge.embeddings import available_cores

__all__ = ["create_app"]

log = logging.getLogger("api")
STATIC_DIR = Path(__file__).resolve().parent / "static"


def _warm_up(app: FastAPI) -> None:
    engine: ChatEngine = app.state.engine
    try:
        log.info("loading the guide index (it builds itself on first start)")
        engine.ensure_ready(progress=False)
        log.info("ready")
    except Exception as exc:  # readiness stays false and says why
        app.state.startup_error = f"{type(exc).__name__}: {exc}"
        log.error("start-up failed: %s", app.state.startup_error)


def _ready_engine(app: FastAPI) -> ChatEngine | None:
    engine: ChatEngine | None = app.state.engine
    return engine if engine is not None and engine.ready else None


async def _follow_shared_index(app: FastAPI, every_s: float) -> None:
    """Replicas on one Chroma server and database: serve the build another replica published after a reindex."""
    while True:
        await anyio.sleep(every_s)
        engine = _ready_engine(app)
        if engine is None or not engine.shared_index.enabled:
            continue
        try:
            await app.state.engine_lane(engine.follow_shared_index)
        except Exception as exc:  # the database or Chroma is briefly away: the next look retries
            log.warning("could not look for a newer shared index: %s", exc)


def _chat_ready(app: FastAPI) -> bool | None:
    """True once chat can answer, None when start-up failed."""
    if app.state.startup_error:
        return None
    return _ready_engine(app) is not None


def _mcp_server(app: FastAPI):
    from assistant.mcp_server import build_mcp_server  # the MCP SDK: imported after start-up, not before

    return build_mcp_server(lambda: _ready_engine(app), run_blocking=lambda work: app.state.engine_lane(work))


def create_app(settings: Settings | None = None, engine: ChatEngine | None = None) -> FastAPI:
    """The app; `engine` may be given (tests), else it is built from settings with a SQL session store."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.engine is None:
            store = SqlStore(settings.database_url or sqlite_url(settings.data_dir))
            app.state.store = store
            app.state.engine = ChatEngine(settings, store=store)
        app.state.engine_lane = EngineLane(settings.concurrent_turns or available_cores())
        warm = threading.Thread(target=_warm_up, args=(app,), name="warm-up", daemon=True)
        warm.start()
        async with anyio.create_task_group() as background:
            background.start_soon(mcp.serve_when_ready, lambda: _chat_ready(app), lambda: _mcp_server(app))
            background.start_soon(_follow_shared_index, app, settings.index_follow_s)
            yield
            background.cancel_scope.cancel()
        if app.state.store is not None:
            app.state.store.close()

    app = FastAPI(
        title="KT Cloud Enterprise Cloud onboarding assistant",
        version="0.1.0",
        description="Answers from the official Enterprise Cloud guide, with exact network commands and forms.",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,  # every operation documents the JSON error body (and schemathesis checks it)
        docs_url=None,  # /docs and /redoc come from api/docs_pages.py, off the package's files (FastAPI's use a CDN)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.store = getattr(engine, "store", None) if engine is not None else None
    app.state.startup_error = None
    if settings.rate_limit_on:
        # Inside the request-context middleware, so a 429 carries a request id and is logged like any answer.
        app.add_middleware(RateLimitMiddleware, rate=settings.rate_limit, storage_uri=settings.rate_limit_storage)
    if settings.cors_origins:  # outside the limit, so a browser can read a 429 too
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "Authorization", "X-API-Key", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)
    install_error_handlers(app)
    for module in (docs_pages, routes_chat, routes_openai, routes_tools, routes_misc, routes_admin, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    mcp = McpGate(settings)
    app.add_route("/mcp", mcp, methods=["GET", "POST", "DELETE"], include_in_schema=False)
    return app
