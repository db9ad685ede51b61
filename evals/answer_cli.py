"""`python -m assistant eval`: answer accuracy in one command, and `eval compare OLD.json NEW.json`.

Exit status: 0 when every threshold holds, 1 on a regression below a threshold, 2 on an infrastructure failure
(server down or not ready, dataset invalid, index or model unusable).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Answer accuracy of the assistant, deterministic and offline.", add_completion=False)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


@app.callback(invoke_without_command=True)
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
        raise _fail(f"--mode must be 'customer' or 'agent', not {mode!r}")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from pydantic import ValidationError

    from assistant.settings import load_settings
    from evals.answer_eval import THRESHOLDS, evaluate
    from evals.answer_report import to_markdown, write_reports
    from evals.answer_targets import TargetUnavailable
    from knowledge.errors import KnowledgeError

    try:
        settings = load_settings()
        report = evaluate(
            settings, dataset=dataset, url=url, mode=mode, baseline=baseline, thresholds=thresholds or THRESHOLDS
        )
    except (TargetUnavailable, KnowledgeError, ValidationError, OSError, ValueError) as exc:
        raise _fail(str(exc).splitlines()[0]) from None
    paths = write_reports(report, out)
    typer.echo(to_markdown(report))
    typer.echo(f"reports: {paths['json']}, {paths['markdown']}, {paths['html']}")
    failed = [t for t in report["thresholds"] if not t["ok"]]
    if failed:
        typer.echo(f"{len(failed)} threshold(s) not met", err=True)
        raise typer.Exit(code=1)


@app.command()
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
        raise _fail(f"cannot compare: {exc}") from None
