"""Admin endpoints: re-index the sources, export feedback and the content-gap report. They need the admin API
key; public chat does not."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.api_keys import key_matches
from api.dependencies import AppSettings, EngineCalls, ReadyEngine
from api.errors import ApiError
from assistant.reports import GapTable, gap_csv, gap_report_from, parse_period

__all__ = ["router"]


async def _require_admin(request: Request, settings: AppSettings) -> None:
    if settings.admin_api_key is None:
        raise ApiError(403, "admin_disabled", "the admin endpoints are off: set ASSISTANT_ADMIN_API_KEY to use them")
    if not key_matches(request, settings.admin_api_key):
        raise ApiError(401, "unauthorized", "a valid admin API key is needed (Authorization: Bearer <key>)")


router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[Depends(_require_admin)])
FEEDBACK_FIELDS = ("id", "session_id", "turn", "rating", "comment", "created_at")


def _plain(value: object) -> object:
    """A JSON- and CSV-ready value (timestamps as ISO 8601)."""
    return value.isoformat() if isinstance(value, datetime) else value


@router.post("/reindex", summary="Rebuild what changed in the indexed sources")
async def reindex(engine: ReadyEngine, lane: EngineCalls) -> dict:
    report = await lane(engine.reindex)
    return {
        "chunks": report.total,
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "seconds": round(report.seconds, 2),
    }


@router.get("/feedback", summary="Every rating with its (redacted) comment, as JSON or CSV")
async def feedback_export(
    request: Request,
    lane: EngineCalls,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
):
    store = request.app.state.store
    if store is None or not hasattr(store, "all_feedback"):
        raise ApiError(503, "no_feedback_store", "this server keeps no feedback store")
    rows = [
        {field: _plain(getattr(item, field)) for field in FEEDBACK_FIELDS}
        for item in await lane(store.all_feedback, limit)
    ]
    if format == "json":
        return {"feedback": rows}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FEEDBACK_FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="feedback.csv"'},
    )


@router.get(
    "/gaps",
    summary="The content-gap report for the guide's owners, as JSON or one table as CSV",
    response_description="Unanswered questions grouped by meaning, down-voted answers with their comments, the most "
    "asked sections, tool uses and failures and the answer-type mix, over the period.",
)
async def gap_report(
    request: Request,
    engine: ReadyEngine,
    lane: EngineCalls,
    since: Annotated[str, Query(description="How far back: a number and h, d or w (24h, 7d, 4w).")] = "7d",
    language: Annotated[Literal["ko", "en"] | None, Query(description="One language; both when absent.")] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    table: Annotated[GapTable, Query(description="With format=csv: which table.")] = "gaps",
):
    store = request.app.state.store
    if store is None or not hasattr(store, "sessions_since"):
        raise ApiError(503, "no_session_store", "this server keeps no conversations to report on")
    try:
        period = parse_period(since)
    except ValueError as exc:
        raise ApiError(422, "invalid_period", str(exc)) from None
    build = partial(
        gap_report_from,
        store,
        engine.index.embeddings.embed_documents,
        period=period,
        language=language,
        section_title=engine.library.title_of,
        session_reference=engine.session_ref,
    )
    report = await lane(build)
    if format == "json":
        return report.model_dump(mode="json")
    return Response(
        gap_csv(report, table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="gaps-{table}.csv"'},
    )
