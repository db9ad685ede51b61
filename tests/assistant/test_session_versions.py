"""Turns to one session from two replicas at once: the stored version makes the later save fail instead of
overwriting, and the engine answers again on the new state, so no turn is lost."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.engine import ChatEngine
from assistant.sessions import InMemorySessionStore, Session, SessionConflict, Turn
from assistant.settings import Settings
from assistant.sql_store import SqlStore, sqlite_url


def _turn(text: str) -> Turn:
    return Turn(message=text, answer="a", answer_type="smalltalk", language="en")


@pytest.fixture(params=["memory", "sqlite"])
def two_views(request, tmp_path):
    """Two handles on one store, as two replicas have (one in-memory store shared, or two SQL stores on one file)."""
    if request.param == "memory":
        shared = InMemorySessionStore()
        yield shared, shared
        return
    first, second = SqlStore(sqlite_url(tmp_path)), SqlStore(sqlite_url(tmp_path))
    yield first, second
    first.close()
    second.close()


def test_a_save_over_a_newer_version_is_a_conflict(two_views) -> None:
    one, other = two_views
    one.save(Session(id="s", turns=[_turn("first")]))
    seen_here, seen_there = one.get("s"), other.get("s")
    assert seen_here.version == seen_there.version == 1
    seen_here.turns.append(_turn("here"))
    one.save(seen_here)
    seen_there.turns.append(_turn("there"))
    with pytest.raises(SessionConflict):
        other.save(seen_there)
    assert [t.message for t in other.get("s").turns] == ["first", "here"]
    with pytest.raises(SessionConflict):  # two replicas starting the same new session
        other.save(Session(id="s"))


def test_a_database_made_before_versions_gets_the_column(tmp_path) -> None:
    with sqlite3.connect(tmp_path / "assistant.db") as db:
        db.execute("CREATE TABLE chat_sessions (id VARCHAR(64) PRIMARY KEY, data TEXT, updated_at DATETIME)")
        db.execute(
            "INSERT INTO chat_sessions VALUES ('old', ?, '2026-01-01 00:00:00')", (Session(id="old").model_dump_json(),)
        )
    store = SqlStore(sqlite_url(tmp_path))
    old = store.get("old")
    assert old.version == 1
    old.turns.append(_turn("kept"))
    store.save(old)
    assert store.get("old").version == 2 and store.get("old").turns[0].message == "kept"
    store.close()


def test_two_engines_answering_one_session_at_once_lose_no_turn(guide_index, tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    stores = [SqlStore(sqlite_url(tmp_path)), SqlStore(sqlite_url(tmp_path))]
    replicas = [ChatEngine(settings, index=guide_index, store=store) for store in stores]
    for replica in replicas:
        replica.ensure_ready()
    session_id = replicas[0].chat("hello").session_id
    messages = [f"서브넷 10.21.{i}.0/24 계산해줘" for i in range(12)]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda i: replicas[i % 2].chat(messages[i], session_id), range(len(messages))))
    assert all(answer.answer_type == "tool" for answer in answers)
    stored = stores[0].get(session_id)
    assert sorted(t.message for t in stored.turns[1:]) == sorted(messages) and stored.version == 13
    for store in stores:
        store.close()
