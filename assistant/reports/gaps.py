"""The content-gap report: what customers asked that the guide did not answer, which answers they voted down and
why, what they ask most, and how the tools fare, per period and language.

It reads only what the store keeps, which is redacted before it is stored (messages by the engine, comments by
the store), so nothing here can show a secret.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from assistant.reports.clusters import Embed, group_questions
from assistant.sessions import Session, Turn

__all__ = ["DownVote", "GapCluster", "GapReport", "ReportSource", "build_gap_report", "gap_report_from", "parse_period"]

PERIOD = re.compile(r"^\s*(\d{1,4})\s*([hdw])\s*$", re.IGNORECASE)
UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7}
EXAMPLES_PER_GAP = 5


def parse_period(text: str) -> timedelta:
    """'24h', '7d', '4w' → the length of time; anything else is a ValueError saying what is accepted."""
    match = PERIOD.match(text or "")
    if match is None or int(match.group(1)) == 0:
        raise ValueError(f"'{text}' is not a period: write a number and h, d or w, e.g. 7d or 24h")
    return timedelta(hours=int(match.group(1)) * UNIT_HOURS[match.group(2).lower()])


class GapCluster(BaseModel):
    """One unanswered question, however many ways it was asked."""

    example: str = Field(description="The most asked wording.")
    count: int
    reason: Literal["not_covered", "low_confidence"] = Field(
        description="'not_covered': answered that the guide does not say; 'low_confidence': answered from the "
        "closest sections without a clear answer."
    )
    languages: dict[str, int]
    questions: list[str] = Field(description=f"Up to {EXAMPLES_PER_GAP} distinct wordings.")
    last_asked: datetime


class DownVote(BaseModel):
    conversation: str = Field(description="The session as logs name it (a keyed hash): never the id, which opens it.")
    turn: int
    rated_at: datetime
    language: str
    question: str
    answer: str
    comment: str


class SectionCount(BaseModel):
    section_id: str
    title: str
    count: int


class ToolUse(BaseModel):
    tool: str
    uses: int
    failures: int


class DayCount(BaseModel):
    day: date
    questions: dict[str, int] = Field(description="Questions asked that day, by language.")


class GapReport(BaseModel):
    since: datetime
    until: datetime
    language: str | None = Field(description="The language reported on; None: both.")
    questions: int = Field(description="Questions asked in the period (repeats of a client-kept history excluded).")
    conversations: int
    languages: dict[str, int]
    answer_types: dict[str, int]
    per_day: list[DayCount]
    gaps: list[GapCluster]
    down_votes: list[DownVote]
    top_sections: list[SectionCount]
    tools: list[ToolUse]


class _Rating(BaseModel):
    """What the report needs of a stored rating (the store's row, read by attribute)."""

    session_id: str
    turn: int
    rating: str
    comment: str
    created_at: datetime


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def _gap_reason(turn: Turn) -> Literal["not_covered", "low_confidence"] | None:
    if turn.answer_type == "out_of_scope":
        return "not_covered"
    if turn.answer_type == "knowledge" and turn.confidence == "low":
        return "low_confidence"
    return None


def _gaps(turns: list[Turn], embed: Embed) -> list[GapCluster]:
    clusters = []
    for reason in ("not_covered", "low_confidence"):
        asked = [turn for turn in turns if _gap_reason(turn) == reason]
        for group in group_questions([turn.message for turn in asked], embed):
            members = [asked[i] for i in group.members]
            clusters.append(
                GapCluster(
                    example=group.example,
                    count=len(members),
                    reason=reason,
                    languages=dict(Counter(turn.language for turn in members)),
                    questions=list(dict.fromkeys(turn.message for turn in members))[:EXAMPLES_PER_GAP],
                    last_asked=max(_aware(turn.at) for turn in members),
                )
            )
    return sorted(clusters, key=lambda cluster: (-cluster.count, cluster.reason))


def _down_votes(
    sessions: Mapping[str, Session], ratings: Iterable[_Rating], language: str | None, reference: Callable[[str], str]
) -> list[DownVote]:
    found = []
    for rating in ratings:
        session = sessions.get(rating.session_id)
        if rating.rating != "down" or session is None or not 0 <= rating.turn < len(session.turns):
            continue
        turn = session.turns[rating.turn]
        if language and turn.language != language:
            continue
        found.append(
            DownVote(
                conversation=reference(rating.session_id),
                turn=rating.turn,
                rated_at=_aware(rating.created_at),
                language=turn.language,
                question=turn.message,
                answer=turn.answer[:400],
                comment=rating.comment,
            )
        )
    return sorted(found, key=lambda vote: vote.rated_at, reverse=True)


def build_gap_report(
    sessions: Iterable[Session],
    ratings: Iterable[object],
    embed: Embed,
    *,
    since: datetime,
    until: datetime | None = None,
    language: str | None = None,
    section_title: Callable[[str], str] = str,
    session_reference: Callable[[str], str] = lambda _id: "",
    top: int = 10,
) -> GapReport:
    """The report over the turns asked in [since, until) (in `language` only when given); `ratings` are the
    store's feedback rows and `embed` the product's embeddings, for grouping questions by meaning."""
    until = until or datetime.now(UTC)
    by_id = {session.id: session for session in sessions}
    turns: list[Turn] = []
    conversations = 0
    for session in by_id.values():
        asked = [
            turn
            for turn in session.turns
            if since <= _aware(turn.at) < until and not turn.replayed and language in (None, turn.language)
        ]
        turns += asked
        conversations += bool(asked)
    days: dict[date, Counter] = {}
    for turn in turns:
        days.setdefault(_aware(turn.at).date(), Counter())[turn.language] += 1
    sections = Counter(turn.section_ids[0] for turn in turns if turn.section_ids)  # the section that answered
    tools = Counter(turn.tool for turn in turns if turn.tool)
    failures = Counter(turn.tool for turn in turns if turn.tool and turn.tool_failed)
    rated = [_Rating.model_validate(rating, from_attributes=True) for rating in ratings]
    in_period = [rating for rating in rated if since <= _aware(rating.created_at) < until]
    return GapReport(
        since=since,
        until=until,
        language=language,
        questions=len(turns),
        conversations=conversations,
        languages=dict(Counter(turn.language for turn in turns)),
        answer_types=dict(Counter(turn.answer_type for turn in turns).most_common()),
        per_day=[DayCount(day=day, questions=dict(counts)) for day, counts in sorted(days.items())],
        gaps=_gaps(turns, embed),
        down_votes=_down_votes(by_id, in_period, language, session_reference),
        top_sections=[
            SectionCount(section_id=sid, title=section_title(sid), count=n) for sid, n in sections.most_common(top)
        ],
        tools=[ToolUse(tool=tool, uses=uses, failures=failures[tool]) for tool, uses in tools.most_common()],
    )


class ReportSource(Protocol):
    """What the report reads from a store (`SqlStore` has both)."""

    def sessions_since(self, since: datetime) -> list[Session]: ...

    def feedback_since(self, since: datetime) -> list[Any]: ...

    def get(self, session_id: str) -> Session | None: ...


def gap_report_from(
    store: ReportSource,
    embed: Embed,
    *,
    period: timedelta,
    language: str | None = None,
    section_title: Callable[[str], str] = str,
    session_reference: Callable[[str], str] = lambda _id: "",
) -> GapReport:
    """The report over the last `period`, read from `store`: the sessions with a turn in it, and the sessions
    rated in it (an old answer may be voted down today)."""
    until = datetime.now(UTC)
    since = until - period
    sessions = {session.id: session for session in store.sessions_since(since)}
    ratings = store.feedback_since(since)
    for session_id in {rating.session_id for rating in ratings} - sessions.keys():
        if (rated := store.get(session_id)) is not None:
            sessions[session_id] = rated
    return build_gap_report(
        sessions.values(),
        ratings,
        embed,
        since=since,
        until=until,
        language=language,
        section_title=section_title,
        session_reference=session_reference,
    )
