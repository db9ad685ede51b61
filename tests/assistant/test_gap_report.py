"""The content-gap report over known turns and ratings, with the product's real embeddings grouping the questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from assistant.reports import build_gap_report, gap_csv, gap_report_from, gap_text, parse_period
from assistant.sessions import Session, Turn

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@dataclass
class Rating:
    """A stored rating as the store returns it (read by attribute)."""

    session_id: str
    turn: int
    rating: str
    comment: str
    created_at: datetime


def turn(message: str, kind: str = "knowledge", *, language: str = "ko", days_ago: float = 1, **fields) -> Turn:
    return Turn(message=message, answer=f"answer to {message}", answer_type=kind, language=language,
                at=NOW - timedelta(days=days_ago), **fields)  # fmt: skip


def seeded() -> tuple[list[Session], list[Rating]]:
    sessions = [
        Session(
            id="s1",
            turns=[
                turn("VM 백업은 어떻게 하나요?", "out_of_scope"),
                turn("방화벽 신청은 어디로 하나요?", section_ids=["vm-firewall-policy"]),
            ],
        ),
        Session(
            id="s2",
            turns=[
                turn("How do I back up my VM?", "out_of_scope", language="en"),
                turn("VM 백업 방법 알려주세요", "out_of_scope"),
                turn("10.21.7.0/33", "error", tool="subnet_calculator", tool_failed=True),
            ],
        ),
        Session(
            id="s3",
            turns=[
                turn("요금은 얼마인가요?", "out_of_scope", days_ago=2),
                turn("라우팅 명령어", "tool", tool="route_commands", section_ids=["zone-routing"]),
                turn("윈도우 방화벽 포트 열기", confidence="low", section_ids=["vm-firewall-policy"]),
            ],
        ),
        Session(id="old", turns=[turn("VM 백업은 어떻게 하나요?", "out_of_scope", days_ago=40)]),
        Session(id="replay", turns=[turn("VM 백업은 어떻게 하나요?", "out_of_scope", replayed=True)]),
    ]
    ratings = [
        Rating("s1", 1, "down", "연락처가 없어요", NOW - timedelta(hours=20)),
        Rating("s3", 1, "up", "", NOW - timedelta(hours=20)),
        Rating("s3", 2, "down", "", NOW - timedelta(hours=10)),
        Rating("old", 0, "down", "too old", NOW - timedelta(days=39)),
    ]
    return sessions, ratings


@pytest.fixture(scope="module")
def report(use_embeddings):
    sessions, ratings = seeded()
    return build_gap_report(sessions, ratings, use_embeddings.embed_documents, since=NOW - timedelta(days=7), until=NOW,
                            section_title=lambda sid: {"zone-routing": "Zone 간 라우팅"}.get(sid, sid),
                            session_reference=lambda sid: f"ref-{sid}")  # fmt: skip


def test_the_same_unanswered_question_in_three_wordings_and_two_languages_counts_as_one(report) -> None:
    backup = report.gaps[0]
    assert backup.count == 3 and backup.reason == "not_covered"
    assert backup.languages == {"ko": 2, "en": 1}
    assert set(backup.questions) == {"VM 백업은 어떻게 하나요?", "How do I back up my VM?", "VM 백업 방법 알려주세요"}
    others = {(gap.example, gap.count, gap.reason) for gap in report.gaps[1:]}
    assert others == {("요금은 얼마인가요?", 1, "not_covered"), ("윈도우 방화벽 포트 열기", 1, "low_confidence")}


def test_counts_leave_out_replayed_and_out_of_period_turns(report) -> None:
    assert report.questions == 8 and report.conversations == 3
    assert report.languages == {"ko": 7, "en": 1}
    assert report.answer_types == {"out_of_scope": 4, "knowledge": 2, "error": 1, "tool": 1}
    assert [(d.day.isoformat(), d.questions) for d in report.per_day] == [
        ("2026-11-18", {"ko": 1}), ("2026-11-19", {"ko": 6, "en": 1})
    ]  # fmt: skip


def test_down_votes_carry_question_answer_and_comment_newest_first(report) -> None:
    assert [(v.conversation, v.turn, v.comment) for v in report.down_votes] == [
        ("ref-s3", 2, ""), ("ref-s1", 1, "연락처가 없어요")
    ]  # fmt: skip
    assert "s1" not in gap_csv(report, "down_votes").replace("ref-s1", "")  # never the id that opens it
    assert report.down_votes[1].question == "방화벽 신청은 어디로 하나요?"


def test_sections_and_tools(report) -> None:
    assert [(s.section_id, s.title, s.count) for s in report.top_sections] == [
        ("vm-firewall-policy", "vm-firewall-policy", 2), ("zone-routing", "Zone 간 라우팅", 1)
    ]  # fmt: skip
    tools = [(t.tool, t.uses, t.failures) for t in report.tools]
    assert tools == [("subnet_calculator", 1, 1), ("route_commands", 1, 0)]


def test_one_language_only(use_embeddings) -> None:
    sessions, ratings = seeded()
    english = build_gap_report(sessions, ratings, use_embeddings.embed_documents, since=NOW - timedelta(days=7),
                               until=NOW, language="en")  # fmt: skip
    assert english.questions == 1 and [g.example for g in english.gaps] == ["How do I back up my VM?"]
    assert english.down_votes == []


def test_csv_and_text_forms(report) -> None:
    sheet = gap_csv(report, "gaps")
    assert sheet.startswith("\ufeffcount,reason,example") and "VM 백업은 어떻게 하나요?" in sheet
    assert gap_csv(report, "tools").splitlines()[1] == "subnet_calculator,1,1"
    text = gap_text(report)
    assert "3×  [not_covered] VM 백업은 어떻게 하나요?" in text and "█" in text


def test_a_question_that_looks_like_a_formula_stays_text_in_a_spreadsheet(use_embeddings) -> None:
    sessions = [Session(id="x", turns=[turn('=HYPERLINK("http://x","y")', "out_of_scope")])]
    found = build_gap_report(sessions, [], use_embeddings.embed_documents, since=NOW - timedelta(days=7), until=NOW)
    assert "'=HYPERLINK" in gap_csv(found, "gaps")


@pytest.mark.parametrize(("text", "hours"), [("24h", 24), ("7d", 168), ("2W", 336), (" 30d ", 720)])
def test_periods(text: str, hours: int) -> None:
    assert parse_period(text) == timedelta(hours=hours)


@pytest.mark.parametrize("text", ["", "7", "0d", "7m", "a week", "-7d"])
def test_a_bad_period_says_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="7d or 24h"):
        parse_period(text)


def test_an_escape_sequence_in_a_comment_does_not_reach_the_terminal(use_embeddings) -> None:
    sessions = [Session(id="e", turns=[turn("방화벽 신청은 어디로?")])]
    ratings = [Rating("e", 0, "down", "bad \x1b]52;c;aGk=\x07 answer", NOW - timedelta(hours=1))]
    week = NOW - timedelta(days=7)
    text = gap_text(build_gap_report(sessions, ratings, use_embeddings.embed_documents, since=week, until=NOW))
    assert "\x1b" not in text and "\x07" not in text and "bad ?]52;c;aGk=? answer" in text


class OneOldSession:
    """A store whose only session was last saved before the period but was rated within it."""

    def __init__(self) -> None:
        self.session = Session(id="old", turns=[turn("VM 백업은?", days_ago=30)])

    def sessions_since(self, since):
        return []

    def feedback_since(self, since):
        return [Rating("old", 0, "down", "still wrong", datetime.now(UTC) - timedelta(hours=1))]

    def get(self, session_id):
        return self.session if session_id == "old" else None


def test_a_vote_today_on_an_old_answer_is_reported(use_embeddings) -> None:
    found = gap_report_from(OneOldSession(), use_embeddings.embed_documents, period=timedelta(days=7))
    assert [(v.question, v.comment) for v in found.down_votes] == [("VM 백업은?", "still wrong")]
    assert found.questions == 0  # the old question itself is not counted in this period
