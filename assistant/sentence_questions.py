"""Which guide sentence a question is asking for, judged by the questions customers ask that each sentence
answers: a question is far more like another question than like its answer ("how do I know the routes work?" is
near "how can I check the routing is OK?", not near "…you can check with a ping to the other side's IP").

The example questions (`sentence_questions.jsonl`, Korean and English, written from the guide alone by people who
never saw the code or the evaluation sets) name their sentence as `section-id#position` in `guide_units`'
numbering; a test keeps them pointing at sentences that exist. Embedded once and cached beside the index, keyed
by the examples' and the embedding model's fingerprint.
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

__all__ = ["ExampleQuestion", "SentenceQuestions", "load_examples"]

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).resolve().parent / "sentence_questions.jsonl"


@dataclass(frozen=True, slots=True)
class ExampleQuestion:
    section_id: str
    position: int
    language: str
    text: str


def load_examples(path: Path = EXAMPLES) -> list[ExampleQuestion]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            section_id, _, position = row["unit"].rpartition("#")
            examples.append(ExampleQuestion(section_id, int(position), row["language"], row["text"]))
    return examples


class SentenceQuestions:
    """Each guide sentence's likeness to a question: the cosine of the question to the nearest of the sentence's
    example questions (`likeness`)."""

    def __init__(self, embeddings: Embeddings, embedding_id: str, cache_dir: Path | None) -> None:
        self.embeddings = embeddings
        self.embedding_id = embedding_id
        self.cache_dir = cache_dir
        self._loaded: tuple[np.ndarray, list[tuple[str, int]]] | None = None

    def _fingerprint(self) -> str:
        digest = hashlib.sha256(EXAMPLES.read_bytes())
        digest.update(self.embedding_id.encode())
        return digest.hexdigest()[:16]

    def _load(self) -> tuple[np.ndarray, list[tuple[str, int]]]:
        if self._loaded is not None:
            return self._loaded
        examples = load_examples()
        keys = [(e.section_id, e.position) for e in examples]
        cached = self.cache_dir / f"sentence-questions-{self._fingerprint()}.npy" if self.cache_dir else None
        if cached is not None and cached.exists():
            vectors = np.load(cached, allow_pickle=False)
        else:
            vectors = np.asarray(self.embeddings.embed_documents([e.text for e in examples]), dtype=np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-9)
            if cached is not None:
                try:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    tmp = cached.with_suffix(".tmp.npy")
                    np.save(tmp, vectors)
                    tmp.replace(cached)
                except OSError as exc:  # a read-only data dir still works, it embeds again next start
                    log.warning("could not cache the sentence questions", extra={"error": str(exc)})
        self._loaded = (vectors, keys)
        return self._loaded

    def ensure(self) -> None:
        self._load()

    def likeness(self, question: str | Sequence[float]) -> dict[tuple[str, int], float]:
        """(section id, sentence position) → the question's cosine to that sentence's nearest example question."""
        vectors, keys = self._load()
        query = np.asarray(self.embeddings.embed_query(question) if isinstance(question, str) else question)
        query = query / max(float(np.linalg.norm(query)), 1e-9)
        best: dict[tuple[str, int], float] = {}
        for key, similarity in zip(keys, (vectors @ query).tolist(), strict=True):
            if similarity > best.get(key, -1.0):
                best[key] = similarity
        return best
