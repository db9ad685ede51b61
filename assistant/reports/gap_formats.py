"""The gap report as CSV (one table at a time, for a spreadsheet) and as text for a terminal, bars included."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Literal

from assistant.reports.gaps import GapReport
from tools.firewall_form import spreadsheet_safe

__all__ = ["GAP_TABLES", "GapTable", "gap_csv", "gap_text"]

GapTable = Literal["gaps", "down_votes", "sections", "tools", "answer_types", "per_day"]
GAP_TABLES: tuple[GapTable, ...] = ("gaps", "down_votes", "sections", "tools", "answer_types", "per_day")
BAR_WIDTH = 30
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _rows(report: GapReport, table: GapTable) -> tuple[list[str], list[list[object]]]:
    if table == "gaps":
        header = ["count", "reason", "example", "languages", "questions", "last_asked"]
        rows = [
            [g.count, g.reason, g.example, " ".join(f"{k}:{v}" for k, v in g.languages.items()),
             " | ".join(g.questions), g.last_asked.isoformat()]
            for g in report.gaps
        ]  # fmt: skip
    elif table == "down_votes":
        header = ["rated_at", "language", "question", "answer", "comment", "conversation", "turn"]
        rows = [
            [v.rated_at.isoformat(), v.language, v.question, v.answer, v.comment, v.conversation, v.turn]
            for v in report.down_votes
        ]
    elif table == "sections":
        header, rows = ["section_id", "title", "count"], [[s.section_id, s.title, s.count] for s in report.top_sections]
    elif table == "tools":
        header, rows = ["tool", "uses", "failures"], [[t.tool, t.uses, t.failures] for t in report.tools]
    elif table == "answer_types":
        header, rows = ["answer_type", "count"], [[kind, n] for kind, n in report.answer_types.items()]
    else:
        header = ["day", "ko", "en"]
        rows = [[d.day.isoformat(), d.questions.get("ko", 0), d.questions.get("en", 0)] for d in report.per_day]
    return header, rows


def _safe(value: object) -> object:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def gap_csv(report: GapReport, table: GapTable = "gaps") -> str:
    header, rows = _rows(report, table)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return "\ufeff" + out.getvalue()  # a BOM, so Excel reads the Korean as UTF-8


def _bars(counts: Mapping[str, int]) -> list[str]:
    widest = max(counts.values(), default=0) or 1
    label = max((len(k) for k in counts), default=0)
    return [f"  {k:<{label}}  {'█' * max(1, round(v / widest * BAR_WIDTH))} {v}" for k, v in counts.items()]


def _printable(text: str) -> str:
    """Text safe for a terminal: control characters (an escape sequence in a feedback comment) shown as '?'."""
    return CONTROL.sub("?", text)


def gap_text(report: GapReport) -> str:
    language = report.language or "ko+en"
    lines = [
        f"Gap report {report.since:%Y-%m-%d %H:%M} – {report.until:%Y-%m-%d %H:%M} UTC ({language}): "
        f"{report.questions} questions in {report.conversations} conversations",
        "",
        "Answer types:",
        *_bars(report.answer_types),
        "",
        f"Unanswered questions ({len(report.gaps)} groups):",
    ]
    for gap in report.gaps:
        others = [q for q in gap.questions if q != gap.example]
        lines.append(f"  {gap.count:>4}×  [{gap.reason}] {gap.example}")
        lines += [f"         also: {q}" for q in others[:3]]
    lines += ["", f"Voted down ({len(report.down_votes)}):"]
    for vote in report.down_votes:
        lines.append(f"  {vote.rated_at:%Y-%m-%d} [{vote.language}] {vote.question}")
        lines.append(f"         comment: {vote.comment or '-'}")
    lines += ["", "Most asked sections:", *_bars({f"{s.title} [{s.section_id}]": s.count for s in report.top_sections})]
    lines += ["", "Tools (uses, failures):"]
    lines += [f"  {t.tool:<24} {t.uses:>5} {t.failures:>5}" for t in report.tools] or ["  none"]
    return "\n".join(_printable(line) for line in lines)
