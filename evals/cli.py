"""Command line for evaluation reports; both commands run the product and the naive baseline side by side."""

from __future__ import annotations

import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from assistant.knowledge_base import make_index
from assistant.settings import load_settings
from evals.retrieval_dataset import load_cases
from evals.retrieval_report import RetrievalScores, score_system
from knowledge.errors import KnowledgeError

__all__ = ["app"]

app = typer.Typer(help="Evaluation reports for the onboarding assistant.", no_args_is_help=True, add_completion=False)

DatasetOption = Annotated[
    str,
    typer.Option("--dataset", help="'dev' or 'paraphrase' (tuning sets), 'holdout' (never tuned on), or a JSONL path."),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Index to evaluate (default: a fresh index of the guide alone, in a temp dir)."),
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _cases(dataset: str):
    try:
        return load_cases(dataset)
    except (OSError, ValueError) as exc:
        raise _fail(f"dataset '{dataset}' cannot be used: {str(exc).splitlines()[0]}") from None


def _settings(**overrides):
    try:
        return load_settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _fail(f"invalid setting ASSISTANT_{'.'.join(map(str, first['loc'])).upper()}: {first['msg']}") from None


def _print_table(scores: list[RetrievalScores]) -> None:
    typer.echo(f"{'system':<28}{'lang':<6}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'MRR':>8}")
    for score in scores:
        for language in ("ko", "en", None):
            m = score.metrics(language)
            figures = f"{m['n']:>4}{m['hit@1']:>8.3f}{m['hit@3']:>8.3f}{m['mrr']:>8.3f}"
            typer.echo(f"{score.system:<28}{language or 'all':<6}{figures}")


@app.command()
def retrieval(
    dataset: DatasetOption = "dev",
    data_dir: DataDirOption = None,
    baseline: Annotated[bool, typer.Option(help="Also score the naive dense-only MiniLM baseline.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, including every miss.")] = False,
) -> None:
    """hit@1, hit@3 and MRR per language for the hybrid retriever (and the naive baseline)."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    cases = _cases(dataset)
    with tempfile.TemporaryDirectory(prefix="eval-index-") as scratch:
        settings = _settings(data_dir=data_dir or Path(scratch))
        if data_dir is None:  # the guide alone, on this machine: added documents or a server would skew it
            settings = settings.model_copy(update={"chroma_url": None})
        try:
            index = make_index(settings)
            index.ensure()
            results = [score_system("hybrid (product)", lambda q: [h.section_id for h in index.search(q, 10)], cases)]
            if baseline:
                from evals.naive_baseline import NaiveDenseRag

                results.append(score_system("naive dense MiniLM", NaiveDenseRag().rank, cases))
        except KnowledgeError as exc:
            raise _fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps([r.summary() for r in results], ensure_ascii=False, indent=2))
    else:
        typer.echo(f"dataset: {dataset} ({len(cases)} questions)")
        _print_table(results)


@app.command("bench-chat")
def bench_chat(
    url: Annotated[str, typer.Option(help="A running server (python -m assistant serve).")] = "http://127.0.0.1:8000",
    dataset: DatasetOption = "dev",
    repeat: Annotated[int, typer.Option(min=1, max=20, help="Passes over the questions.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """p50/p95 latency of POST /v1/chat over a question set, against a running server."""
    import httpx

    from evals.chat_latency import measure_chat_latency

    questions = [case.question for case in _cases(dataset)]
    try:
        report = measure_chat_latency(url, questions, repeat=repeat)
    except httpx.HTTPError as exc:
        raise _fail(f"the server at {url} cannot be reached: {exc}") from None
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        typer.echo(f"{key:<12}{value}")


@app.command("bench-retrieval")
def bench_retrieval(
    dataset: DatasetOption = "dev",
    repeat: Annotated[int, typer.Option(min=1, max=20, help="Passes over the questions.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Index build time, query-embedding time and retrieval time without the embedding (p50/p95)."""
    from evals.retrieval_bench import run_retrieval_bench

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        report = run_retrieval_bench(_cases(dataset), _settings(), repeat=repeat)
    except KnowledgeError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        typer.echo(f"{key:<40}{value}")
