"""`report gaps`: the content-gap report for the guide's owners in the terminal (text, --json, or one --csv table),
read from the same database as the server (`ASSISTANT_DATABASE_URL`, else SQLite under the data dir).
`report lighthouse`: Lighthouse scores of the web pages against a running server (exit 1 below the threshold)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant.reports import GAP_TABLES, GapReport, gap_csv, gap_report_from, gap_text, parse_period
from cli.common import DataDirOption, JsonOption, configure_logging, fail, guarded, settings_or_exit

__all__ = ["report_app"]

report_app = typer.Typer(help="Reports for the guide's owners.", no_args_is_help=True)


@report_app.command("gaps")
def gaps(
    since: Annotated[str, typer.Option(help="How far back: a number and h, d or w (24h, 7d, 4w).")] = "7d",
    language: Annotated[str | None, typer.Option(help="Only 'ko' or only 'en' (default: both).")] = None,
    csv_table: Annotated[
        str | None, typer.Option("--csv", help=f"Print one table as CSV instead: {', '.join(GAP_TABLES)}.")
    ] = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """What customers asked that the guide did not answer (grouped by meaning), the answers they voted down with
    their comments, the most asked sections, tool uses and failures, and the answer-type mix."""
    configure_logging()
    try:
        period = parse_period(since)
    except ValueError as exc:
        raise fail(f"--since: {exc}") from None
    if language not in (None, "ko", "en"):
        raise fail(f"--language '{language}': use ko or en")
    if csv_table is not None and csv_table not in GAP_TABLES:
        raise fail(f"--csv '{csv_table}': use one of {', '.join(GAP_TABLES)}")
    settings = settings_or_exit(data_dir=data_dir)

    def build() -> GapReport:
        # Imported here: the index and SQLAlchemy would slow every other command's start.
        from assistant.guide_sections import SectionLibrary
        from assistant.knowledge_base import make_index
        from assistant.log_refs import SessionRefs
        from assistant.sql_store import SqlStore, sqlite_url

        index = make_index(settings)
        index.ensure(progress=False)
        library = SectionLibrary(index.records)
        store = SqlStore(settings.database_url or sqlite_url(settings.data_dir))
        try:
            return gap_report_from(
                store, index.embeddings.embed_documents, period=period, language=language,
                section_title=library.title_of, session_reference=SessionRefs.for_settings(settings),
            )  # fmt: skip
        finally:
            store.close()

    report = guarded(build)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    elif csv_table is not None:
        typer.echo(gap_csv(report, csv_table).removeprefix("\ufeff"), nl=False)  # type: ignore[arg-type]
    else:
        typer.echo(gap_text(report))


@report_app.command("lighthouse")
def lighthouse(
    url: Annotated[str, typer.Option(help="The running server to audit (offline: no other site is visited).")] = (
        "http://127.0.0.1:8000"
    ),
    out: Annotated[Path | None, typer.Option("--out", help="Also write the Markdown report to this file.")] = None,
    form_factor: Annotated[
        str, typer.Option(help="desktop, mobile or both (each page once per form factor, ~10 s a run).")
    ] = "both",
    threshold: Annotated[int, typer.Option(help="Lowest accessibility and best-practices score that passes.")] = 95,
    reports: Annotated[Path | None, typer.Option(help="Keep every full Lighthouse JSON report in this folder.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Lighthouse accessibility, best-practices, performance and SEO scores of the chat page, its agent mode and the
    guide, in light and dark colour schemes (needs Node.js/npm and Chromium; installs lighthouse once, then runs
    offline). Exit 1 when accessibility or best practices is below --threshold on any page."""
    configure_logging()
    if form_factor not in ("desktop", "mobile", "both"):
        raise fail(f"--form-factor '{form_factor}': use desktop, mobile or both")
    if not 0 <= threshold <= 100:
        raise fail("--threshold: use 0 to 100")
    # Imported here: only this command needs it.
    from evals import page_audit

    state = page_audit.server_state(url)
    if state == "down":
        raise fail(f"no server answers at {url}: start one with `python -m assistant serve` (or pass --url)")
    if state == "starting":
        raise fail(f"the server at {url} is still building its index (/readyz is not 200 yet): try again shortly")
    factors = ("desktop", "mobile") if form_factor == "both" else (form_factor,)

    def progress(page: page_audit.AuditedPage) -> None:
        scores = ", ".join(f"{name} {score}" for name, score in page.scores.items())
        typer.echo(f"{page.url} ({page.scheme}, {page.form_factor}): {scores}", err=True)

    def run() -> tuple[list[page_audit.AuditedPage], str | None]:
        try:
            return page_audit.audit_pages(url, form_factors=factors, keep_reports=reports, progress=progress), None
        except page_audit.LighthouseError as exc:  # a known problem: one line, exit 2
            return [], str(exc)

    pages, problem = guarded(run)
    if problem is not None:
        raise fail(problem)
    markdown = page_audit.markdown_report(pages, threshold)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(markdown, encoding="utf-8")
    below = page_audit.failures(pages, threshold)
    if as_json:
        payload = {"threshold": threshold, "passed": not below, "below": below, "pages": [p.as_dict() for p in pages]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        typer.echo(markdown, nl=False)
    if below:
        typer.echo(f"error: {len(below)} score(s) below {threshold}: " + "; ".join(below), err=True)
        raise typer.Exit(code=1)
