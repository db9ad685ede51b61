"""What kind of message this is, learned from examples: a logistic regression over the sentence embeddings the
product already computes for retrieval (multilingual, so Korean and English examples teach each other).

The labels are the examples' own: "guide", each tool's kind, "smalltalk", "out_of_scope", "vague", "injection".
Trained on `utterances.jsonl` (written by people who never saw the code) the first time it is needed and cached
beside the index, keyed by the examples' and the embedding model's fingerprint: a changed example set or model
retrains, a restart does not.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

__all__ = ["MessageRouter", "RouteGuess", "load_utterances"]

log = logging.getLogger(__name__)

UTTERANCES = Path(__file__).resolve().parent / "utterances.jsonl"
REGULARISATION = 4.0
"""Inverse regularisation strength (C), chosen by 5-fold cross-validation on the examples (see tests)."""


@dataclass(frozen=True, slots=True)
class Utterance:
    text: str
    label: str
    language: str


@dataclass(frozen=True, slots=True)
class RouteGuess:
    """The most likely label and its probability, and every label's probability."""

    label: str
    probability: float
    probabilities: dict[str, float]

    def of(self, label: str) -> float:
        return self.probabilities.get(label, 0.0)


def load_utterances(path: Path = UTTERANCES) -> list[Utterance]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Utterance(r["text"], r["label"], r["language"]) for r in rows]


def _fit(vectors: np.ndarray, labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=REGULARISATION, max_iter=2000, class_weight="balanced")
    model.fit(vectors, list(labels))
    return model.coef_, model.intercept_, [str(c) for c in model.classes_]


class MessageRouter:
    """Predicts a message's label from its embedding (`guess`); trains or loads itself on first use."""

    def __init__(self, embeddings: Embeddings, embedding_id: str, cache_dir: Path | None) -> None:
        self.embeddings = embeddings
        self.embedding_id = embedding_id
        self.cache_dir = cache_dir
        self._weights: tuple[np.ndarray, np.ndarray, list[str]] | None = None

    def _fingerprint(self) -> str:
        digest = hashlib.sha256(UTTERANCES.read_bytes())
        digest.update(f"{self.embedding_id}|C={REGULARISATION}".encode())
        return digest.hexdigest()[:16]

    def _load(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        if self._weights is not None:
            return self._weights
        cached = self.cache_dir / f"router-{self._fingerprint()}.npz" if self.cache_dir else None
        if cached is not None and cached.exists():
            data = np.load(cached, allow_pickle=False)
            self._weights = (data["coef"], data["intercept"], [str(c) for c in data["classes"]])
            return self._weights
        examples = load_utterances()
        vectors = np.asarray(self.embeddings.embed_documents([u.text for u in examples]), dtype=np.float32)
        self._weights = _fit(vectors, [u.label for u in examples])
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(".tmp.npz")
                np.savez(tmp, coef=self._weights[0], intercept=self._weights[1], classes=np.array(self._weights[2]))
                tmp.replace(cached)
            except OSError as exc:  # a read-only data dir still routes, it just retrains next start
                log.warning("could not cache the message router", extra={"error": str(exc)})
        return self._weights

    def ensure(self) -> None:
        self._load()

    def guess(self, vector: Sequence[float]) -> RouteGuess:
        coef, intercept, classes = self._load()
        logits = coef @ np.asarray(vector, dtype=np.float32) + intercept
        exp = np.exp(logits - logits.max())
        probabilities = exp / exp.sum()
        best = int(np.argmax(probabilities))
        return RouteGuess(
            classes[best], float(probabilities[best]), dict(zip(classes, map(float, probabilities), strict=True))
        )
