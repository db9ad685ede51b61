"""Sessions and feedback in a SQL database through SQLAlchemy: SQLite (WAL) under the data dir by default,
any database URL (e.g. PostgreSQL) when configured, so several app processes can share one conversation.

Only redacted text reaches these tables: the engine redacts messages, and feedback comments are redacted here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Integer, String, Text, create_engine, event, select
from sqlalchemy import delete as sa_delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm import Session as DbSession

from assistant.redaction import redact_secrets
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


_UPSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


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
        # A ping per checkout finds connections a database server dropped; a SQLite file has none to drop.
        server = not url.startswith("sqlite")
        # A database server that does not answer fails the start in 10 s instead of hanging it.
        connect_args = {"connect_timeout": 10} if url.startswith("postgresql") else {}
        self._engine: Engine = create_engine(url, pool_pre_ping=server, pool_timeout=10, connect_args=connect_args)
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "connect", _sqlite_pragmas)
        try:
            _Base.metadata.create_all(self._engine)
        except (IntegrityError, ProgrammingError):  # another replica created the tables at the same moment
            _Base.metadata.create_all(self._engine)

    def get(self, session_id: str) -> Session | None:
        with self._engine.connect() as connection:
            data = connection.scalar(select(_SessionRow.data).where(_SessionRow.id == session_id))
        return Session.model_validate_json(data) if data is not None else None

    def save(self, session: Session) -> None:
        """One upsert statement where the database has one (SQLite, PostgreSQL), else an ORM merge."""
        data = session.model_copy(update={"turns": session.turns[-self.max_turns :]}).model_dump_json()
        values = {"id": session.id, "data": data, "updated_at": datetime.now(UTC)}
        upsert = _UPSERTS.get(self._engine.dialect.name)
        if upsert is None:
            with DbSession(self._engine) as db, db.begin():
                db.merge(_SessionRow(**values))
            return
        statement = upsert(_SessionRow).values(**values)
        with self._engine.begin() as connection:  # a Core statement: the turn's hot path skips the ORM unit of work
            connection.execute(statement.on_conflict_do_update(index_elements=["id"], set_=values))

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

    def all_feedback(self, limit: int = 10_000) -> list[Feedback]:
        """The newest `limit` ratings, oldest first (comments are stored redacted)."""
        with DbSession(self._engine) as db:
            newest = list(db.scalars(select(Feedback).order_by(Feedback.id.desc()).limit(limit)))
        return newest[::-1]

    def sessions_since(self, since: datetime) -> list[Session]:
        """Every session with a turn at or after `since` (it may hold older turns too), for reports."""
        with self._engine.connect() as connection:
            rows = connection.scalars(select(_SessionRow.data).where(_SessionRow.updated_at >= since))
            return [Session.model_validate_json(data) for data in rows]

    def feedback_since(self, since: datetime) -> list[Feedback]:
        with DbSession(self._engine) as db:
            query = select(Feedback).where(Feedback.created_at >= since).order_by(Feedback.id)
            return list(db.scalars(query))

    def feedback_for(self, session_id: str) -> list[Feedback]:
        with DbSession(self._engine) as db:
            return list(db.scalars(select(Feedback).where(Feedback.session_id == session_id).order_by(Feedback.id)))

    def close(self) -> None:
        self._engine.dispose()
