"""Settings: one place, `ASSISTANT_` environment variables, explicit overrides on top."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.knowledge_base import make_index
from assistant.settings import Settings, load_settings


def test_defaults_need_no_external_service(monkeypatch):
    for key in ("ASSISTANT_DATA_DIR", "ASSISTANT_CHROMA_URL", "ASSISTANT_EMBEDDING_BACKEND"):
        monkeypatch.delenv(key, raising=False)
    settings = Settings(_env_file=None)
    assert settings.chroma_url is None and settings.embedding_backend == "use-v3"
    assert settings.index_dir == Path("data") / "index"


def test_environment_variables_use_the_assistant_prefix(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ASSISTANT_EMBEDDING_BACKEND", "sentence-transformers")
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "http://chroma.internal:8000")
    settings = Settings(_env_file=None)
    assert settings.data_dir == tmp_path and settings.embedding_backend == "sentence-transformers"
    assert settings.chroma_url == "http://chroma.internal:8000"


def test_explicit_overrides_win_and_none_means_not_given(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", "/from/env")
    assert load_settings(data_dir=tmp_path).data_dir == tmp_path
    assert load_settings(data_dir=None).data_dir == Path("/from/env")


@pytest.mark.parametrize(
    ("variable", "value"),
    [("ASSISTANT_EMBEDDING_BACKEND", "word2vec"), ("ASSISTANT_SEARCH_K", "0"), ("ASSISTANT_MAX_QUERY_CHARS", "abc")],
)
def test_invalid_values_are_rejected(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_index_factory_names_the_vector_space_after_the_model(tmp_path):
    index = make_index(
        Settings(_env_file=None, data_dir=tmp_path, embedding_backend="sentence-transformers", embedding_model="x/y")
    )
    assert index.embedding_id == "st-x-y" and index.directory == tmp_path / "index"
