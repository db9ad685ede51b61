"""Shared fixtures: a real index (real Kiwi, real Chroma, the real USE v3 model) built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from assistant.engine import ChatEngine
from assistant.settings import Settings
from knowledge.embeddings import make_embeddings
from knowledge.index import KnowledgeIndex

REPO = Path(__file__).resolve().parents[1]


def _original_guide() -> Path:
    """The raw guide page in shared/, beside the clone (the project's data, never edited)."""
    for candidate in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        path = candidate / "seeds" / "enterprise-cloud-guide.txt"
        if path.exists():
            return path
    raise FileNotFoundError("shared/seeds/enterprise-cloud-guide.txt was not found beside the repository")


@pytest.fixture(scope="session")
def original_guide_text() -> str:
    return _original_guide().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def use_embeddings():
    return make_embeddings("use-v3")


@pytest.fixture(scope="session")
def guide_index_dir(tmp_path_factory, use_embeddings) -> Path:
    directory = tmp_path_factory.mktemp("guide-index")
    KnowledgeIndex(directory, use_embeddings, "use-v3").build()
    return directory


@pytest.fixture(scope="session")
def guide_index(guide_index_dir, use_embeddings) -> KnowledgeIndex:
    """A loaded index of the guide, shared read-only by the tests that only search."""
    index = KnowledgeIndex(guide_index_dir, use_embeddings, "use-v3")
    index.load()
    return index


@pytest.fixture
def fresh_index_dir(tmp_path, guide_index_dir) -> Path:
    """A private copy of the built index, for tests that change or damage it."""
    target = tmp_path / "index"
    shutil.copytree(guide_index_dir, target)
    return target


@pytest.fixture(scope="session")
def engine(guide_index, tmp_path_factory) -> ChatEngine:
    """The chat engine over the shared index, with an in-memory session store."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("engine-data"), _env_file=None)
    engine = ChatEngine(settings, index=guide_index)
    engine.ensure_ready()
    return engine


@pytest.fixture
def data_dir(tmp_path, guide_index_dir) -> Path:
    """A data dir holding a copy of the built index, for commands run as separate processes."""
    shutil.copytree(guide_index_dir, tmp_path / "data" / "index")
    return tmp_path / "data"


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Debian's chromium is required for the browser tests: apt-get install chromium")
    return found


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def converse(engine):
    """Send messages in one session; returns the responses."""

    def run(*messages: str, mode: str = "customer"):
        session_id, responses = None, []
        for message in messages:
            response = engine.chat(message, session_id, mode)
            session_id = response.session_id
            responses.append(response)
        return responses

    return run
