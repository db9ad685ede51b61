"""Logs name a conversation by a keyed hash, never by the session id that opens it."""

from __future__ import annotations

import logging
import stat

from pydantic import SecretStr

from assistant.log_refs import SessionRefs
from assistant.settings import Settings


def test_turn_logs_carry_a_keyed_reference_not_the_session_id(engine, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="assistant.engine"):
        first = engine.chat("라우팅 명령어 알려줘")
        engine.chat("서버는 10.20.5.2, 목적지는 10.21.5.0/24", first.session_id)
        other = engine.chat("hello")
    turns = [record for record in caplog.records if record.getMessage() == "chat turn"]
    assert len(turns) == 3
    assert all(
        first.session_id not in str(vars(record)) and other.session_id not in str(vars(record)) for record in turns
    )
    refs = [record.session for record in turns]
    assert refs[0] == refs[1] != refs[2] and len(refs[0]) == 16


def test_the_key_is_made_once_per_data_dir_or_taken_from_the_setting(tmp_path) -> None:
    made = SessionRefs.for_settings(Settings(data_dir=tmp_path, _env_file=None))
    again = SessionRefs.for_settings(Settings(data_dir=tmp_path, _env_file=None))
    assert made("abc") == again("abc") != made("abd")
    assert stat.S_IMODE((tmp_path / "log-key").stat().st_mode) == 0o600

    shared = SecretStr("a-key-every-replica-shares")
    one = SessionRefs.for_settings(Settings(data_dir=tmp_path / "one", log_key=shared, _env_file=None))
    two = SessionRefs.for_settings(Settings(data_dir=tmp_path / "two", log_key=shared, _env_file=None))
    assert one("abc") == two("abc") != made("abc")
