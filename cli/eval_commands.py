"""`eval`: answer accuracy in one command (the one evaluation harness); `eval validate` (the dataset checked, every
problem named); `eval compare OLD NEW [--fail-on-regression]` (a gate); `eval history`; and `eval retrieval` (the
retriever alone on the retrieval sets, beside the naive baseline).

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
from tqdm import tqdm

from assistant.json_logs import JsonFormatter
from cli.common import fail, settings_or_exit
from evals.answer_validation import DatasetInvalid
from knowledge.errors import KnowledgeError

__all__ = ["eval_app"]

eval_app = typer.Typer(help="Answer accuracy of the assistant, deterministic and offline.", add_completion=False)
DatasetOption = Annotated[str, typer.Option(help="'answers' (the checked-in set) or a JSONL path.")]
ThresholdsOption = Annotated[
    Path | None,
    typer.Option(help="Thresholds file (default: evals/thresholds.toml for the checked-in dataset, none for others)."),
]
HistoryOption = Annotated[Path, typer.Option("--history", help="Where every run's report is kept.")]


def _values(option: list[str] | None) -> tuple[str, ...]:
    """Repeated or comma-separated option values."""
    return tuple(v.strip() for item in option or () for v in item.split(",") if v.strip())


def _list_option(help_text: str):
    return Annotated[list[str] | None, typer.Option(help=help_text + " (repeat, or separate with commas)")]


def _invalid(exc: DatasetInvalid) -> typer.Exit:
    for problem in exc.problems:
        typer.echo(f"error: {problem}", err=True)
    return typer.Exit(code=2)


class _AboveTheBar(logging.Handler):
    """Warnings and errors as JSON lines written above the progress bar (tqdm.write), never through it."""

    def emit(self, record: logging.LogRecord) -> None:
        tqdm.write(self.format(record), file=sys.stderr)


def _log_as_json() -> None:
    """Only warnings and errors reach the terminal: the per-turn INFO lines stay in the run's own log capture."""
    handler = _AboveTheBar(logging.WARNING)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


@eval_app.callback(invoke_without_command=True)
def run(
    context: typer.Context,
    dataset: DatasetOption = "answers",
    url: Annotated[str | None, typer.Option(help="Evaluate a running server instead of the engine in process.")] = None,
    mode: Annotated[str | None, typer.Option(help="Force every case to 'customer' or 'agent' mode.")] = None,
    out: Annotated[Path, typer.Option(help="Where the reports (JSON, Markdown, HTML, JUnit XML) go.")] = Path(
        "eval-report"
    ),
    baseline: Annotated[bool, typer.Option(help="Also score the naive dense-only MiniLM baseline.")] = True,
    thresholds: ThresholdsOption = None,
    ids: _list_option("Only these case ids") = None,
    category: _list_option("Only these categories") = None,
    tag: _list_option("Only cases with one of these tags") = None,
    language: _list_option("Only these languages (ko, en)") = None,
    split: _list_option("Only these splits (dev, holdout)") = None,
    concurrency: Annotated[int, typer.Option(min=1, max=32, help="Cases at once (with --url only).")] = 1,
    history: HistoryOption = Path("eval-history"),
    keep: Annotated[bool, typer.Option(help="Keep the report in the history folder.")] = True,
) -> None:
    """Validate the dataset, run it, print the scorecard, write the reports, and gate on the thresholds."""
    if context.invoked_subcommand is not None:
        return
    if mode not in (None, "customer", "agent"):
        raise fail(f"--mode must be 'customer' or 'agent', not {mode!r}")
    if concurrency > 1 and url is None:
        raise fail("--concurrency needs --url: in process, cases run one at a time so their logs can be read")
    _log_as_json()
    from evals.answer_eval import Selection, default_thresholds, evaluate
    from evals.answer_report import to_markdown, write_reports
    from evals.answer_targets import TargetUnavailable
    from evals.run_history import keep_run

    selection = Selection(_values(ids), _values(category), _values(tag), _values(language), _values(split))
    settings = settings_or_exit()
    try:
        report = evaluate(
            settings,
            dataset=dataset,
            url=url,
            mode=mode,
            baseline=baseline,
            thresholds=thresholds or default_thresholds(dataset),
            selection=selection,
            concurrency=concurrency,
        )
    except DatasetInvalid as exc:
        raise _invalid(exc) from None
    except (TargetUnavailable, KnowledgeError, ValidationError, OSError, ValueError) as exc:
        raise fail(str(exc).splitlines()[0]) from None
    paths = write_reports(report, out)
    typer.echo(to_markdown(report))
    typer.echo(f"reports: {', '.join(str(p) for p in paths.values())}")
    if keep:
        typer.echo(f"kept in {keep_run(report, history)}")
    failed = [t for t in report["thresholds"] if not t["ok"]]
    if failed:
        typer.echo(f"{len(failed)} threshold(s) not met", err=True)
        raise typer.Exit(code=1)


@eval_app.command()
def validate(dataset: DatasetOption = "answers", thresholds: ThresholdsOption = None) -> None:
    """Check a dataset (and the thresholds) without running it: every problem with its line and field, exit 2."""
    from evals.answer_eval import default_thresholds
    from evals.answer_validation import validate_dataset, validate_thresholds

    cases, problems = validate_dataset(dataset)
    gates = thresholds or default_thresholds(dataset)
    if gates is not None:
        problems += validate_thresholds(gates, cases)
    if problems:
        raise _invalid(DatasetInvalid(problems))
    typer.echo(f"ok: {len(cases)} cases, thresholds {gates or 'none'}")


@eval_app.command()
def reference(
    write: Annotated[
        bool, typer.Option(help="Write it into evals/datasets/ANSWERS.md instead of printing it.")
    ] = False,
) -> None:
    """The valid section ids and tools (with their inputs) a dataset may name, from the product's registries."""
    from evals.dataset_reference import ANSWERS_DOC, reference_markdown, write_reference

    if write:
        typer.echo(f"{ANSWERS_DOC}: {'updated' if write_reference() else 'already up to date'}")
    else:
        typer.echo(reference_markdown())


@eval_app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="An earlier report.json.")],
    new: Annotated[Path, typer.Argument(help="A later report.json.")],
    fail_on_regression: Annotated[
        bool, typer.Option(help="Exit 1 on a case that now fails, a metric drop beyond --tolerance or a new leak.")
    ] = False,
    tolerance: Annotated[float, typer.Option(min=0, max=1, help="Allowed drop of a rate metric.")] = 0.0,
    html: Annotated[
        Path | None, typer.Option(help="Also write the comparison as a page, old and new answers side by side.")
    ] = None,
) -> None:
    """Regressions, improvements, changed failure reasons and expectations, with full answers (Markdown)."""
    from evals.answer_compare import compare_reports
    from evals.compare_html import comparison_html

    try:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (old, new))
        comparison = compare_reports(before, after, tolerance)
    except (OSError, ValueError, KeyError) as exc:
        raise fail(f"cannot compare: {exc}") from None
    typer.echo(comparison.markdown)
    if html is not None:
        try:
            html.write_text(comparison_html(comparison), encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {html}: {exc}") from None
        typer.echo(f"side-by-side page: {html}", err=True)
    for warning in comparison.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if fail_on_regression and comparison.regressions:
        typer.echo(f"{len(comparison.regressions)} regression(s)", err=True)
        raise typer.Exit(code=1)


@eval_app.command("history")
def history_command(history: HistoryOption = Path("eval-history")) -> None:
    """The kept runs, newest first: when, which commit and dataset, how many cases, pass rate, gates."""
    from evals.run_history import list_runs

    entries = list_runs(history)
    if not entries:
        typer.echo(f"no runs kept in {history}")
    for entry in entries:
        rate = "-" if entry.pass_rate is None else f"{entry.pass_rate:.3f}"
        gates = {True: "gates pass", False: "gates FAIL", None: "no gates"}[entry.thresholds_ok]
        size = f"{entry.cases} cases{', a subset' if entry.subset else ''}"
        typer.echo(
            f"{entry.created_at}  {entry.commit}  {entry.dataset} ({size})  pass {rate}  {gates}  {entry.folder}"
        )


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
    from evals.retrieval_report import score_system, section_ranker

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    cases = retrieval_cases(dataset)
    with tempfile.TemporaryDirectory(prefix="eval-index-") as scratch:
        settings = settings_or_exit(data_dir=data_dir or Path(scratch))
        if data_dir is None:  # the guide alone, on this machine: added documents or a server would skew it
            settings = settings.model_copy(update={"chroma_url": None})
        try:
            index = make_index(settings)
            index.ensure()
            results = [score_system("hybrid (product)", section_ranker(index), cases)]
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
