"""`python -m assistant bench`: the performance benchmark in one command (exit 1 when a target is missed)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Latency, throughput, memory and scale, beside a naive RAG.", add_completion=False)


def _numbers(text: str, name: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise typer.BadParameter(f"{name} must be comma-separated whole numbers, e.g. 1,4,16") from None
    if any(v < 1 for v in values):
        raise typer.BadParameter(f"{name} must be positive")
    return values


@app.callback(invoke_without_command=True)
def bench(
    out: Annotated[Path, typer.Option(help="Where benchmarks.md, .json and .png go.")] = Path("bench-report"),
    sizes: Annotated[str, typer.Option(help="Synthetic corpus sizes in chunks ('' to skip).")] = "10000,50000",
    workers: Annotated[str, typer.Option(help="Server worker counts to measure.")] = "1,2",
    concurrency: Annotated[str, typer.Option(help="Concurrent clients for the throughput runs.")] = "1,4,16",
    load_seconds: Annotated[float, typer.Option(min=1, max=600, help="Seconds per throughput run.")] = 15.0,
    quality: Annotated[bool, typer.Option(help="Also run the answer evaluation against its thresholds.")] = True,
    conversations: Annotated[
        int | None, typer.Option(min=1, help="Only the first N evaluation conversations (a quick run).")
    ] = None,
) -> None:
    """Run every measurement (about 25 minutes with the default sizes on 2 cores) and write the report."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    for handler in logging.getLogger().handlers:  # the quality run turns the engine's log up to read it
        handler.setLevel(logging.WARNING)
    from assistant.settings import load_settings
    from evals.benchmark.processes import ServerFailed
    from evals.benchmark.report import check_targets, write_report
    from evals.benchmark.run import BenchOptions, run_benchmark
    from knowledge.errors import KnowledgeError

    options = BenchOptions(
        sizes=_numbers(sizes, "--sizes") if sizes.strip() else (),
        workers=_numbers(workers, "--workers") or (1,),
        concurrencies=_numbers(concurrency, "--concurrency") or (1,),
        load_seconds=load_seconds,
        check_quality=quality,
        conversations=conversations,
    )
    try:
        report = run_benchmark(load_settings(), options, say=lambda line: typer.echo(line, err=True))
    except (ServerFailed, KnowledgeError, OSError) as exc:
        typer.echo(f"error: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(code=2) from None
    paths = write_report(report, out)
    typer.echo(paths["markdown"].read_text(encoding="utf-8"))
    typer.echo(f"report: {paths['markdown']}, {paths['json']}, {paths['chart']}")
    missed = [t["target"] for t in check_targets(report) if t["ok"] is False]
    if missed:
        typer.echo(f"targets missed: {', '.join(missed)}", err=True)
        raise typer.Exit(code=1)
