"""Sessions and feedback in a SQL database through SQLAlchemy: SQLite (WAL) under the data dir by default,
any database URL (e.g. PostgreSQL) when configured, so several app processes can share one conversation.

Only redacted text reaches these tables: the engine redacts messages, and feedback comments are redacted here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    DateTime,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy import delete as sa_delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm import Session as DbSession

from assistant.redaction import redact_secrets
from assistant.sessions import Session, SessionConflict

__all__ = ["Feedback", "SqlStore", "sqlite_url"]


class _Base(DeclarativeBase):
    pass


class _SessionRow(_Base):
    __tablename__ = "chat_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Bumped by every save; a save names the version it read, so two replicas' turns never overwrite each other."""


class Feedback(_Base):
    """A thumbs up or down on one answer of a session, with an optional comment."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    turn: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _PublishedIndex(_Base):
    """The newest build of a shared index (one row per collection): what replicas on one Chroma server serve."""

    __tablename__ = "published_index"
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[str] = mapped_column(Text)
    records: Mapped[bytes] = mapped_column(LargeBinary)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


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
        except (IntegrityError, OperationalError, ProgrammingError):
            # another process created the tables at the same moment (SQLite says OperationalError "already
            # exists", PostgreSQL IntegrityError or ProgrammingError); the second look finds them
            _Base.metadata.create_all(self._engine)
        self._add_version_column()

    def _add_version_column(self) -> None:
        """Databases made before sessions had versions get the column (existing rows count as version 1)."""
        if "version" in {column["name"] for column in inspect(self._engine).get_columns("chat_sessions")}:
            return
        try:
            with self._engine.begin() as connection:
                connection.execute(text("ALTER TABLE chat_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1"))
        except (OperationalError, ProgrammingError):  # another replica added it at the same moment
            pass

    def get(self, session_id: str) -> Session | None:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(_SessionRow.data, _SessionRow.version).where(_SessionRow.id == session_id)
            ).first()
        if row is None:
            return None
        return Session.model_validate_json(row.data).model_copy(update={"version": row.version})

    def save(self, session: Session) -> None:
        """Inserts a new session, or updates it only if it is still at the version it was read at: one statement
        either way, so of two replicas saving turns to one session at once, one gets `SessionConflict`."""
        version = session.version + 1
        kept = session.model_copy(update={"turns": session.turns[-self.max_turns :], "version": version})
        values = {"data": kept.model_dump_json(), "updated_at": datetime.now(UTC), "version": version}
        with self._engine.begin() as connection:
            if session.version == 0:
                saved = self._insert_new(connection, {"id": session.id, **values})
            else:
                rows = connection.execute(
                    update(_SessionRow)
                    .where(_SessionRow.id == session.id, _SessionRow.version == session.version)
                    .values(**values)
                )
                saved = rows.rowcount == 1
        if not saved:
            raise SessionConflict(f"session '{session.id}' was saved by another turn meanwhile")
        session.version = version

    def _insert_new(self, connection, values: dict) -> bool:
        upsert = _UPSERTS.get(self._engine.dialect.name)
        if upsert is not None:
            # RETURNING, not rowcount: psycopg reports no usable rowcount for INSERT … ON CONFLICT DO NOTHING
            statement = upsert(_SessionRow).values(**values).on_conflict_do_nothing().returning(_SessionRow.id)
            return connection.execute(statement).first() is not None
        try:
            with connection.begin_nested():
                connection.execute(insert(_SessionRow).values(**values))
        except IntegrityError:
            return False
        return True

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

    def ratings(self, session_id: str) -> dict[int, str]:
        """Each rated turn of the session with its latest rating ('up' or 'down'), for a page shown again."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(Feedback.turn, Feedback.rating).where(Feedback.session_id == session_id).order_by(Feedback.id)
            )
            return {row.turn: row.rating for row in rows}

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

    def published_index_version(self, name: str) -> int:
        """The version of the newest published build of `name`; 0 when none was published."""
        with self._engine.connect() as connection:
            return connection.scalar(select(_PublishedIndex.version).where(_PublishedIndex.name == name)) or 0

    def published_index(self, name: str) -> tuple[int, str, bytes] | None:
        """(version, manifest JSON, gzip of the records) of the newest published build of `name`."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(_PublishedIndex.version, _PublishedIndex.manifest, _PublishedIndex.records).where(
                    _PublishedIndex.name == name
                )
            ).first()
        return (row.version, row.manifest, row.records) if row is not None else None

    def publish_index(self, name: str, manifest: str, records: bytes) -> int:
        """Stores a new build of `name` and returns its version (one more than the last, 1 for the first)."""
        try:
            return self._publish(name, manifest, records)
        except IntegrityError:  # another replica published the first build at the same moment: add to it
            return self._publish(name, manifest, records)

    def _publish(self, name: str, manifest: str, records: bytes) -> int:
        with DbSession(self._engine) as db, db.begin():
            row = db.get(_PublishedIndex, name, with_for_update=True)
            if row is None:
                row = _PublishedIndex(name=name, version=0)
                db.add(row)
            row.version += 1
            row.manifest, row.records, row.published_at = manifest, records, datetime.now(UTC)
            db.flush()
            return row.version

    def feedback_for(self, session_id: str) -> list[Feedback]:
        with DbSession(self._engine) as db:
            return list(db.scalars(select(Feedback).where(Feedback.session_id == session_id).order_by(Feedback.id)))

    def close(self) -> None:
        self._engine.dispose()
