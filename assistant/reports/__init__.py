"""Reports for the guide's owners, built from the stored (redacted) conversations and ratings."""

from assistant.reports.gap_formats import GAP_TABLES, GapTable, gap_csv, gap_text
from assistant.reports.gaps import GapReport, build_gap_report, gap_report_from, parse_period

__all__ = [
    "GAP_TABLES",
    "GapReport",
    "GapTable",
    "build_gap_report",
    "gap_csv",
    "gap_report_from",
    "gap_text",
    "parse_period",
]
