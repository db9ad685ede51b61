"""`search "…"` and `index build`: the guide index on the command line, text by default, JSON with --json."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.knowledge_base import make_index
from cli.common import DataDirOption, JsonOption, configure_logging, guarded, read_argument, settings_or_exit
from knowledge.hybrid_search import SearchHit

__all__ = ["index_app", "search"]

index_app = typer.Typer(help="Build and update the guide index.", no_args_is_help=True)


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
    configure_logging()
    settings = settings_or_exit(data_dir=data_dir)
    report = guarded(lambda: make_index(settings).build(docs or [], forget=forget or [], progress=not as_json))
    if as_json:
        typer.echo(json.dumps(asdict(report), ensure_ascii=False))
        return
    typer.echo(
        f"indexed {report.total} chunks in {report.seconds:.1f} s: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged ({settings.index_dir})"
    )


def _hit_json(rank: int, hit: SearchHit) -> dict[str, Any]:
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
    configure_logging()
    settings = settings_or_exit(data_dir=data_dir)
    query = read_argument(query)

    def run() -> tuple[list[SearchHit], float]:
        index = make_index(settings)
        index.ensure(progress=not as_json)
        started = time.perf_counter()
        hits = index.search(query, k or settings.search_k, max_query_chars=settings.max_query_chars)
        return hits, (time.perf_counter() - started) * 1000

    hits, elapsed_ms = guarded(run)
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
