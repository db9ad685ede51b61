"""Embedding backends with real models shipped by packages; missing models fail fast and clearly."""

from __future__ import annotations

import time

import numpy as np
import pytest

from knowledge.embeddings import SentenceTransformerEmbeddings, available_cores, embedding_id, make_embeddings
from knowledge.errors import EmbeddingModelError


def test_use_v3_gives_normalised_multilingual_vectors(use_embeddings):
    korean, english, other = (
        np.array(v)
        for v in use_embeddings.embed_documents(["방화벽 정책 신청", "firewall policy request", "그룹계정 통합과금"])
    )
    assert korean.shape == (512,) and np.linalg.norm(korean) == pytest.approx(1.0, abs=1e-3)
    assert korean @ english > korean @ other  # the same meaning across languages is closer
    assert use_embeddings.threads <= max(2, available_cores())


def test_packaged_minilm_loads_offline_by_its_usual_name():
    embeddings = SentenceTransformerEmbeddings("all-MiniLM-L6-v2")
    vector = np.array(embeddings.embed_query("How do I open the firewall?"))
    assert vector.shape == (384,) and np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-3)


def test_a_model_missing_from_the_cache_fails_fast_without_a_download(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path))  # an empty cache
    started = time.perf_counter()
    with pytest.raises(EmbeddingModelError, match="not in the local cache and downloads are off"):
        make_embeddings("sentence-transformers", "intfloat/multilingual-e5-base").embed_query("x")
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize(
    ("backend", "model", "message"),
    [
        ("sentence-transformers", "/no/such/model/dir", "does not exist"),
        ("sentence-transformers", "  ", "is empty"),
        ("word2vec", "", "unknown embedding backend 'word2vec'"),
    ],
    ids=["missing local path", "empty name", "unknown backend"],
)
def test_misconfigured_models_are_clear_errors(backend, model, message):
    with pytest.raises(EmbeddingModelError, match=message):
        make_embeddings(backend, model).embed_query("x")


@pytest.mark.parametrize(
    ("backend", "model", "expected"),
    [
        ("use-v3", "", "use-v3"),
        ("sentence-transformers", "all-MiniLM-L6-v2", "st-all-minilm-l6-v2"),
        ("sentence-transformers", "intfloat/multilingual-e5-small", "st-intfloat-multilingual-e5-small"),
    ],
)
def test_embedding_ids_name_the_vector_space(backend, model, expected):
    assert embedding_id(backend, model) == expected


def test_local_model_paths_with_the_same_folder_name_are_different_spaces():
    first, second = embedding_id("sentence-transformers", "/a/model"), embedding_id("sentence-transformers", "/b/model")
    assert first.startswith("st-model-") and second.startswith("st-model-") and first != second
