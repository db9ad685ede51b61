"""`report gaps`: the content-gap report for the guide's owners in the terminal (text, --json, or one --csv table),
read from the same database as the server (`ASSISTANT_DATABASE_URL`, else SQLite under the data dir)."""

from __future__ import annotations

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
