"""The in-memory session store: copies in and out, bounded, deletable."""

from __future__ import annotations

import pytest

from assistant.sessions import InMemorySessionStore, InvalidSessionId, Session, Turn, check_session_id


def _turn(text: str) -> Turn:
    return Turn(message=text, answer="a", answer_type="knowledge", language="ko")


def test_saved_sessions_come_back_and_are_copies():
    store = InMemorySessionStore()
    session = Session(id="s1", turns=[_turn("hi")])
    store.save(session)
    session.turns.append(_turn("changed after save"))
    assert [t.message for t in store.get("s1").turns] == ["hi"]
    assert store.delete("s1") and store.get("s1") is None and not store.delete("s1")


def test_the_store_is_bounded():
    store = InMemorySessionStore(max_sessions=2, max_turns=3)
    for name in ("a", "b", "c"):
        store.save(Session(id=name, turns=[_turn(str(i)) for i in range(5)]))
    assert store.get("a") is None
    assert [t.message for t in store.get("c").turns] == ["2", "3", "4"]


@pytest.mark.parametrize("bad", ["", "a" * 65, "../x", "a b", "세션"])
def test_malformed_ids_are_refused(bad):
    with pytest.raises(InvalidSessionId):
        check_session_id(bad)
