"""Command line: `python -m assistant ask "..."`, `chat`, `search "..."`, `index build`, `tool ...`.

Every command prints human-readable text by default and JSON with `--json`. A problem with what the user
gave (query, document, setting, server) is one line on stderr, `error: ...`, with exit status 2; anything
unexpected is one line too, with exit status 1, never a traceback.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import ValidationError

from assistant.cli_chat import register_chat_commands
from assistant.cli_tools import tool_app
from assistant.knowledge_base import make_index
from assistant.server_workers import run_workers, supports_reuse_port
from assistant.settings import Settings, load_settings
from knowledge.errors import KnowledgeError
from knowledge.index import SearchHit

__all__ = ["app", "main"]

T = TypeVar("T")

app = typer.Typer(
    help="KT Cloud Enterprise Cloud onboarding assistant.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
index_app = typer.Typer(help="Build and update the guide index.", no_args_is_help=True)
app.add_typer(index_app, name="index")
app.add_typer(tool_app, name="tool")

DataDirOption = Annotated[
    Path | None, typer.Option("--data-dir", help="Where the index is kept (default: $ASSISTANT_DATA_DIR or ./data).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of text.")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=code)


def _settings(data_dir: Path | None) -> Settings:
    try:
        return load_settings(data_dir=data_dir)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise _fail(f"invalid setting ASSISTANT_{field.upper()}: {first['msg']}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"settings cannot be read (check the .env file): {exc}") from None


def _guarded(action: Callable[[], T]) -> T:
    """Runs `action`, turning every failure into a one-line message."""
    try:
        return action()
    except KnowledgeError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:
        logging.getLogger(__name__).debug("unexpected failure", exc_info=True)
        raise _fail(f"unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", 1) from None


def _configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for noisy in ("chromadb", "httpx", "sentence_transformers", "bm25s", "filelock", "assistant.engine"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@index_app.command("build")
def index_build(
    docs: Annotated[
        list[Path] | None,
        typer.Option(
            "--docs",
            help="Documents to add (Markdown, HTML or text files, or folders); repeat for several. "
            "They are remembered: later builds keep them until the files disappear or are forgotten.",
        ),
    ] = None,
    forget: Annotated[
        list[Path] | None,
        typer.Option("--forget", help="Added documents to take out of the index; repeat for several."),
    ] = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build or update the index of the guide (and added documents); only changed chunks are redone."""
    _configure_logging()
    settings = _settings(data_dir)
    report = _guarded(lambda: make_index(settings).build(docs or [], forget=forget or [], progress=not as_json))
    if as_json:
        typer.echo(json.dumps(asdict(report), ensure_ascii=False))
        return
    typer.echo(
        f"indexed {report.total} chunks in {report.seconds:.1f} s: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged ({settings.index_dir})"
    )


def _read_stdin() -> str:
    return sys.stdin.buffer.read().decode("utf-8", errors="replace")


def _hit_json(rank: int, hit: SearchHit) -> dict:
    return {
        "rank": rank,
        "section_id": hit.section_id,
        "title": hit.title,
        "heading": hit.metadata["heading"],
        "doc": hit.metadata["doc"],
        "language": hit.metadata["language"],
        "url": hit.metadata["url"],
        "score": round(hit.score, 6),
        "snippet": hit.best_sentence,
        "chunk_id": hit.chunk_id,
        "lexical_rank": hit.lexical_rank,
        "dense_rank": hit.dense_rank,
    }


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="A question or keywords (Korean or English); '-' reads it from stdin.")],
    k: Annotated[
        int | None,
        typer.Option("--k", min=1, max=100, help="How many sections to return (default: ASSISTANT_SEARCH_K)."),
    ] = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find the guide sections that answer QUERY (the index builds itself on first use)."""
    _configure_logging()
    settings = _settings(data_dir)
    # Bytes that are not UTF-8 reach argv as surrogates; show them as U+FFFD like the rest of the system would.
    query = _read_stdin() if query == "-" else query.encode("utf-8", "surrogateescape").decode("utf-8", "replace")

    def run() -> tuple[list[SearchHit], float]:
        index = make_index(settings)
        index.ensure(progress=not as_json)
        started = time.perf_counter()
        hits = index.search(query, k or settings.search_k, max_query_chars=settings.max_query_chars)
        return hits, (time.perf_counter() - started) * 1000

    hits, elapsed_ms = _guarded(run)
    if as_json:
        payload = {
            "query": query,
            "took_ms": round(elapsed_ms, 2),
            "hits": [_hit_json(r, h) for r, h in enumerate(hits, 1)],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("no matching section")
    for rank, hit in enumerate(hits, start=1):
        typer.echo(f"{rank}. {hit.title}  [{hit.section_id}]  score {hit.score:.4f}")
        typer.echo(f"   {hit.metadata['url']}")
        typer.echo(f"   {hit.best_sentence[:200]}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Worker processes.")] = 1,
    data_dir: DataDirOption = None,
) -> None:
    """Start the HTTP API and the web chat page (the index builds itself on first start; /readyz says when)."""
    import os

    import uvicorn

    if data_dir is not None:
        os.environ["ASSISTANT_DATA_DIR"] = str(data_dir)  # read by the app's settings in each worker
    settings = _settings(None)  # a bad setting is one clear line here, not a worker crash later
    if settings.embedding_threads is None:
        # A server's parallelism is its concurrent turns (and workers), each embedding one short query: BLAS
        # threads on top of them oversubscribe the cores (2 cores, 16 clients: 82-90 turns/s with 2 BLAS threads
        # per call, 106 with 1; a lone query takes 2.3 ms instead of 1.5 ms).
        os.environ["ASSISTANT_EMBEDDING_THREADS"] = "1"
    # The app is loaded by name, as uvicorn does for every worker: the HTTP layer sits above this package.
    config = {
        "app": "api.main:create_app",
        "factory": True,
        "host": host,
        "port": port,
        "log_config": _import_log_config(),
        "timeout_graceful_shutdown": 10,
    }
    if workers > 1 and supports_reuse_port():
        try:
            status = run_workers(config, workers)
        except OSError as exc:
            raise _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        raise typer.Exit(code=status)
    uvicorn.run(**config, workers=workers)


def _import_log_config() -> dict:
    """The HTTP layer's JSON log configuration, looked up by name for the same reason as the app."""
    return importlib.import_module("api.log_format").log_config()


register_chat_commands(app, lambda: _settings(None), _guarded, _configure_logging)
# The evaluation runner and the benchmark live in `evals` (above this package); they are attached by name, like
# the server's app.
app.add_typer(importlib.import_module("evals.answer_cli").app, name="eval")
app.add_typer(importlib.import_module("evals.benchmark.cli").app, name="bench")


def main() -> None:
    app()
