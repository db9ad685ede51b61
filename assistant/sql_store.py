"""Sessions and feedback in a SQL database through SQLAlchemy: SQLite (WAL) under the data dir by default,
any database URL (e.g. PostgreSQL) when configured, so several app processes can share one conversation.

Only redacted text reaches these tables: the engine redacts messages, and feedback comments are redacted here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Integer, String, Text, create_engine, event, select
from sqlalchemy import delete as sa_delete
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm import Session as DbSession

from assistant.secrets import redact_secrets
from assistant.sessions import Session

__all__ = ["Feedback", "SqlStore", "sqlite_url"]


class _Base(DeclarativeBase):
    pass


class _SessionRow(_Base):
    __tablename__ = "chat_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Feedback(_Base):
    """A thumbs up or down on one answer of a session, with an optional comment."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    turn: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'assistant.db').resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a crash keeps committed turns
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA secure_delete=ON")  # a forgotten session's text is overwritten, not left in free pages
    cursor.close()


class SqlStore:
    """A `SessionStore` (get/save/delete) plus feedback, over one SQLAlchemy engine."""

    def __init__(self, url: str, max_turns: int = 200) -> None:
        self.url = url
        self.max_turns = max_turns
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine = create_engine(url, pool_pre_ping=True)
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "connect", _sqlite_pragmas)
        _Base.metadata.create_all(self._engine)

    def get(self, session_id: str) -> Session | None:
        with DbSession(self._engine) as db:
            row = db.get(_SessionRow, session_id)
            return Session.model_validate_json(row.data) if row else None

    def save(self, session: Session) -> None:
        stored = session.model_copy(deep=True)
        stored.turns = stored.turns[-self.max_turns :]
        with DbSession(self._engine) as db, db.begin():
            db.merge(_SessionRow(id=session.id, data=stored.model_dump_json(), updated_at=datetime.now(UTC)))

    def delete(self, session_id: str) -> bool:
        """Forgets the session and the feedback given on it."""
        with DbSession(self._engine) as db, db.begin():
            row = db.get(_SessionRow, session_id)
            if row is None:
                return False
            db.delete(row)
            db.execute(sa_delete(Feedback).where(Feedback.session_id == session_id))
            return True

    def add_feedback(self, session_id: str, turn: int, rating: str, comment: str = "") -> int:
        """Stores the rating; the comment is redacted like a message. Returns the feedback id."""
        with DbSession(self._engine) as db, db.begin():
            row = Feedback(
                session_id=session_id,
                turn=turn,
                rating=rating,
                comment=redact_secrets(comment).text,
                created_at=datetime.now(UTC),
            )
            db.add(row)
            db.flush()
            return row.id

    def feedback_for(self, session_id: str) -> list[Feedback]:
        with DbSession(self._engine) as db:
            return list(db.scalars(select(Feedback).where(Feedback.session_id == session_id).order_by(Feedback.id)))

    def close(self) -> None:
        self._engine.dispose()
