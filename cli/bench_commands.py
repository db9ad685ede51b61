"""`bench`: the performance benchmark in one command (exit 1 when a target is missed), and two quick
measurements: `bench chat` (HTTP latency of a running server) and `bench retrieval` (build and search times)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.common import fail, settings_or_exit
from cli.eval_commands import RetrievalDataset, retrieval_cases
from knowledge.errors import KnowledgeError

__all__ = ["bench_app"]

bench_app = typer.Typer(help="Latency, throughput, memory and scale, beside a naive RAG.", add_completion=False)
Repeat = Annotated[int, typer.Option(min=1, max=20, help="Passes over the questions.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _numbers(text: str, name: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise typer.BadParameter(f"{name} must be comma-separated whole numbers, e.g. 1,4,16") from None
    if any(v < 1 for v in values):
        raise typer.BadParameter(f"{name} must be positive")
    return values


def _previous_report(path: Path, *, explicit: bool) -> dict | None:
    """The earlier report to compare with; read before the run overwrites it. A named file must be readable."""
    if not path.exists() and not explicit:
        return None
    from evals.benchmark.compare import compare_reports

    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(report, dict):
            raise ValueError("not a JSON object")
        compare_reports(report, report)  # a report of another shape fails now, not after a 25-minute run
        return report
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        if explicit:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise fail(f"previous report '{path}' cannot be read: {reason}") from None
        typer.echo(f"warning: '{path}' is not a readable report; no comparison is shown", err=True)
        return None


@bench_app.callback(invoke_without_command=True)
def bench(
    context: typer.Context,
    out: Annotated[Path, typer.Option(help="Where benchmarks.md, .json and .png go.")] = Path("bench-report"),
    sizes: Annotated[str, typer.Option(help="Synthetic corpus sizes in chunks ('' to skip).")] = "10000,50000",
    workers: Annotated[str, typer.Option(help="Server worker counts to measure.")] = "1,2",
    concurrency: Annotated[str, typer.Option(help="Concurrent clients for the throughput runs.")] = "1,4,16",
    load_seconds: Annotated[float, typer.Option(min=1, max=600, help="Seconds per throughput run.")] = 15.0,
    quality: Annotated[bool, typer.Option(help="Also run the answer evaluation against its thresholds.")] = True,
    conversations: Annotated[
        int | None, typer.Option(min=1, help="Only the first N evaluation conversations (a quick run).")
    ] = None,
    cold_starts: Annotated[
        int, typer.Option(min=1, max=20, help="Starts per server configuration (the median is reported).")
    ] = 3,
    previous: Annotated[
        Path | None,
        typer.Option(help="An earlier benchmarks.json to show beside the new figures (default: the one in --out)."),
    ] = None,
) -> None:
    """Run every measurement (about 25 minutes with the default sizes on 2 cores) and write the report."""
    if context.invoked_subcommand is not None:
        return
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    for handler in logging.getLogger().handlers:  # the quality run turns the engine's log up to read it
        handler.setLevel(logging.WARNING)
    from evals.benchmark.processes import ServerFailed
    from evals.benchmark.report import check_targets, write_report
    from evals.benchmark.run import BenchOptions, run_benchmark

    options = BenchOptions(
        sizes=_numbers(sizes, "--sizes") if sizes.strip() else (),
        workers=_numbers(workers, "--workers") or (1,),
        concurrencies=_numbers(concurrency, "--concurrency") or (1,),
        load_seconds=load_seconds,
        check_quality=quality,
        conversations=conversations,
        cold_starts=cold_starts,
    )
    earlier = _previous_report(previous or out / "benchmarks.json", explicit=previous is not None)
    try:
        report = run_benchmark(settings_or_exit(), options, say=lambda line: typer.echo(line, err=True))
    except (ServerFailed, KnowledgeError, OSError) as exc:
        raise fail(str(exc).splitlines()[0]) from None
    paths = write_report(report, out, previous=earlier)
    typer.echo(paths["markdown"].read_text(encoding="utf-8"))
    typer.echo(f"report: {paths['markdown']}, {paths['json']}, {paths['chart']}")
    missed = [t["target"] for t in check_targets(report) if t["ok"] is False]
    if missed:
        typer.echo(f"targets missed: {', '.join(missed)}", err=True)
        raise typer.Exit(code=1)


@bench_app.command("chat")
def bench_chat(
    url: Annotated[str, typer.Option(help="A running server (python -m assistant serve).")] = "http://127.0.0.1:8000",
    dataset: RetrievalDataset = "dev",
    repeat: Repeat = 1,
    as_json: AsJson = False,
) -> None:
    """p50/p95 latency of POST /v1/chat over a question set, against a running server."""
    import httpx

    from evals.chat_latency import measure_chat_latency

    questions = [case.question for case in retrieval_cases(dataset)]
    try:
        report = measure_chat_latency(url, questions, repeat=repeat)
    except httpx.HTTPError as exc:
        raise fail(f"the server at {url} cannot be reached: {exc}") from None
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        typer.echo(f"{key:<12}{value}")


@bench_app.command("retrieval")
def bench_retrieval(dataset: RetrievalDataset = "dev", repeat: Repeat = 3, as_json: AsJson = False) -> None:
    """Index build time, query-embedding time and retrieval time without the embedding (p50/p95)."""
    from evals.retrieval_bench import run_retrieval_bench

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        report = run_retrieval_bench(retrieval_cases(dataset), settings_or_exit(), repeat=repeat)
    except KnowledgeError as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        typer.echo(f"{key:<40}{value}")
