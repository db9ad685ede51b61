"""Per-turn latency over the answer-evaluation conversations: in process and over HTTP, by answer type, with
the time spent embedding the query shown apart (in process, where it can be measured)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import httpx
from langchain_core.embeddings import Embeddings

from evals.answer_cases import AnswerCase
from evals.stats import percentile

__all__ = ["TimedEmbeddings", "Turn", "summarise", "time_conversations"]


class TimedEmbeddings(Embeddings):
    """Delegates to another model and adds up the time its calls take (one caller at a time)."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.elapsed_ms = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.elapsed_ms += (time.perf_counter() - started) * 1000

    def embed_query(self, text: str) -> list[float]:
        started = time.perf_counter()
        try:
            return self.inner.embed_query(text)
        finally:
            self.elapsed_ms += (time.perf_counter() - started) * 1000


@dataclass(frozen=True, slots=True)
class Turn:
    answer_type: str
    total_ms: float
    embedding_ms: float | None


SendTurn = Callable[[str, str | None, str], tuple[str, str | None]]
"""(message, session id, mode) → (answer type, session id to continue with)."""


def time_conversations(cases: Iterable[AnswerCase], send: SendTurn, timed: TimedEmbeddings | None = None) -> list[Turn]:
    """Every turn of every case, in order, continuing each case's conversation; one Turn per turn."""
    turns = []
    for case in cases:
        session_id = None
        for message in case.turns:
            if timed is not None:
                timed.elapsed_ms = 0.0
            started = time.perf_counter()
            answer_type, session_id = send(message, session_id, case.mode)
            total = (time.perf_counter() - started) * 1000
            turns.append(Turn(answer_type, total, timed.elapsed_ms if timed is not None else None))
    return turns


def http_sender(client: httpx.Client) -> SendTurn:
    """Posts a turn to `/v1/chat`; a refused message (4xx) is its own type, 'rejected (HTTP 4xx)'."""

    def send(message: str, session_id: str | None, mode: str) -> tuple[str, str | None]:
        reply = client.post("/v1/chat", json={"message": message, "session_id": session_id, "mode": mode})
        if reply.status_code != 200:
            return f"rejected (HTTP {reply.status_code})", session_id
        body = reply.json()
        return body.get("answer_type", "knowledge"), body.get("session_id", session_id)

    return send


def _stats(turns: Sequence[Turn]) -> dict:
    totals = [t.total_ms for t in turns]
    row = {
        "turns": len(turns),
        "p50_ms": round(percentile(totals, 0.50), 1),
        "p95_ms": round(percentile(totals, 0.95), 1),
        "p99_ms": round(percentile(totals, 0.99), 1),
        "mean_ms": round(statistics.fmean(totals), 2),
    }
    embedded = [t.embedding_ms for t in turns if t.embedding_ms is not None]
    if embedded:
        row["embedding_mean_ms"] = round(statistics.fmean(embedded), 2)
        row["embedding_share"] = round(sum(embedded) / sum(totals), 3) if sum(totals) else 0.0
    return row


def summarise(turns: Sequence[Turn]) -> dict:
    """Percentiles for all turns and per answer type (types sorted by count)."""
    by_type: dict[str, list[Turn]] = {}
    for turn in turns:
        by_type.setdefault(turn.answer_type, []).append(turn)
    ordered = sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return {"all": _stats(turns), "by_type": {name: _stats(group) for name, group in ordered}}
