"""`eval`: answer accuracy in one command (the one evaluation harness), `eval compare OLD NEW`, and
`eval retrieval` (the retriever alone on the retrieval sets, beside the naive baseline).

Exit status of `eval`: 0 when every threshold holds, 1 on a regression below a threshold, 2 on an infrastructure
failure (server down or not ready, dataset invalid, index or model unusable).
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from cli.common import fail, settings_or_exit
from knowledge.errors import KnowledgeError

__all__ = ["eval_app"]

eval_app = typer.Typer(help="Answer accuracy of the assistant, deterministic and offline.", add_completion=False)


@eval_app.callback(invoke_without_command=True)
def run(
    context: typer.Context,
    dataset: Annotated[str, typer.Option(help="'answers' (the checked-in set) or a JSONL path.")] = "answers",
    url: Annotated[str | None, typer.Option(help="Evaluate a running server instead of the engine in process.")] = None,
    mode: Annotated[str | None, typer.Option(help="Force every case to 'customer' or 'agent' mode.")] = None,
    out: Annotated[Path, typer.Option(help="Where report.json, report.md and report.html go.")] = Path("eval-report"),
    baseline: Annotated[bool, typer.Option(help="Also score the naive dense-only MiniLM baseline.")] = True,
    thresholds: Annotated[Path | None, typer.Option(help="Thresholds file (default: evals/thresholds.toml).")] = None,
) -> None:
    """Run the dataset, print the scorecard, write the reports, and gate on the thresholds."""
    if context.invoked_subcommand is not None:
        return
    if mode not in (None, "customer", "agent"):
        raise fail(f"--mode must be 'customer' or 'agent', not {mode!r}")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from evals.answer_eval import THRESHOLDS, evaluate
    from evals.answer_report import to_markdown, write_reports
    from evals.answer_targets import TargetUnavailable

    try:
        settings = settings_or_exit()
        report = evaluate(
            settings, dataset=dataset, url=url, mode=mode, baseline=baseline, thresholds=thresholds or THRESHOLDS
        )
    except (TargetUnavailable, KnowledgeError, ValidationError, OSError, ValueError) as exc:
        raise fail(str(exc).splitlines()[0]) from None
    paths = write_reports(report, out)
    typer.echo(to_markdown(report))
    typer.echo(f"reports: {paths['json']}, {paths['markdown']}, {paths['html']}")
    failed = [t for t in report["thresholds"] if not t["ok"]]
    if failed:
        typer.echo(f"{len(failed)} threshold(s) not met", err=True)
        raise typer.Exit(code=1)


@eval_app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="An earlier report.json.")],
    new: Annotated[Path, typer.Argument(help="A later report.json.")],
) -> None:
    """Per-case pass→fail and fail→pass with both answers, and metric deltas (Markdown)."""
    from evals.answer_compare import compare_reports

    try:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (old, new))
        typer.echo(compare_reports(before, after))
    except (OSError, ValueError, KeyError) as exc:
        raise fail(f"cannot compare: {exc}") from None


RetrievalDataset = Annotated[
    str,
    typer.Option("--dataset", help="'dev' or 'paraphrase' (tuning sets), 'holdout' (never tuned on), or a JSONL path."),
]


def retrieval_cases(dataset: str):
    """The retrieval set by name or path, or one line saying why it cannot be used."""
    from evals.retrieval_dataset import load_cases

    try:
        return load_cases(dataset)
    except (OSError, ValueError) as exc:
        raise fail(f"dataset '{dataset}' cannot be used: {str(exc).splitlines()[0]}") from None


@eval_app.command()
def retrieval(
    dataset: RetrievalDataset = "dev",
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir", help="Index to evaluate (default: a fresh index of the guide alone, in a temp dir)."
        ),
    ] = None,
    baseline: Annotated[bool, typer.Option(help="Also score the naive dense-only MiniLM baseline.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, including every miss.")] = False,
) -> None:
    """hit@1, hit@3 and MRR per language for the hybrid retriever (and the naive baseline)."""
    from assistant.knowledge_base import make_index
    from evals.retrieval_report import score_system

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    cases = retrieval_cases(dataset)
    with tempfile.TemporaryDirectory(prefix="eval-index-") as scratch:
        settings = settings_or_exit(data_dir=data_dir or Path(scratch))
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
            raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps([r.summary() for r in results], ensure_ascii=False, indent=2))
        return
    typer.echo(f"dataset: {dataset} ({len(cases)} questions)")
    typer.echo(f"{'system':<28}{'lang':<6}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'MRR':>8}")
    for score in results:
        for language in ("ko", "en", None):
            m = score.metrics(language)
            figures = f"{m['n']:>4}{m['hit@1']:>8.3f}{m['hit@3']:>8.3f}{m['mrr']:>8.3f}"
            typer.echo(f"{score.system:<28}{language or 'all':<6}{figures}")
