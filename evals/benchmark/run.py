"""One benchmark run: the product and the naive RAG on the same questions and machine, then the scale curve.

Every loop is bounded (a fixed question list, or a time budget), every server is on loopback and is stopped at
the end, and all indexes are built in a throwaway directory.
"""

from __future__ import annotations

import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.build_info import build_info
from assistant.engine import ChatEngine
from assistant.knowledge_base import make_index
from assistant.settings import Settings
from evals.answer_cases import AnswerCase
from evals.answer_report import manifest
from evals.answer_validation import load_answer_cases
from evals.benchmark.compare import RETRIEVAL_SETS
from evals.benchmark.load import measure_throughput
from evals.benchmark.processes import Server, free_port, naive_command, product_command, start_server
from evals.benchmark.scale import measure_scale
from evals.benchmark.turn_latency import TimedEmbeddings, http_sender, summarise, time_conversations
from evals.naive_baseline import NaiveDenseRag
from evals.retrieval_dataset import load_cases
from evals.retrieval_report import score_system, section_ranker
from knowledge.embeddings import SentenceTransformerEmbeddings, available_cores

__all__ = ["BenchOptions", "run_benchmark"]

Say = Callable[[str], None]


@dataclass(frozen=True)
class BenchOptions:
    sizes: tuple[int, ...] = (10_000, 50_000)
    concurrencies: tuple[int, ...] = (1, 4, 16)
    workers: tuple[int, ...] = (1, 2)
    load_seconds: float = 15.0
    ready_timeout_s: float = 300.0
    check_quality: bool = True
    conversations: int | None = None
    """Use only the first N dev conversations (a quick run); None: all of them."""
    cold_starts: int = 3
    """Starts per server configuration; the cold start reported is their median (one start varies by ±0.4 s)."""


def machine() -> dict:
    cpu_lines = _read("/proc/cpuinfo").splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpu_lines if line.startswith("model name")), "unknown")
    memory = next((line.split()[1] for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), "0")
    return {
        "cpu": model,
        "cores_available": available_cores(),
        "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _throughput_questions(cases: Sequence[AnswerCase]) -> list[str]:
    """First turns of the cases that expect a guide answer or a tool: what customers send at peak hours."""
    return [c.turns[0] for c in cases if c.expect.answer_type in ("knowledge", "tool") and len(c.turns[0]) <= 4000]


def _build_product(settings: Settings, say: Say) -> dict:
    index = make_index(settings)
    started = time.perf_counter()
    index.embeddings.embed_query("model load")
    index.analyzer.warm_up()
    loaded = time.perf_counter()
    report = index.build()
    say(f"product: guide index built in {report.seconds:.1f} s ({report.total} chunks)")
    return {"model_load_s": round(loaded - started, 2), "build_s": round(report.seconds, 2), "chunks": report.total}


def _build_naive(data_dir: Path, say: Say) -> tuple[dict, NaiveDenseRag]:
    started = time.perf_counter()
    embeddings = SentenceTransformerEmbeddings("all-MiniLM-L6-v2")
    embeddings.embed_query("model load")
    loaded = time.perf_counter()
    rag = NaiveDenseRag(data_dir, embeddings=embeddings)
    built = time.perf_counter()
    say(f"naive: index built in {built - loaded:.1f} s ({len(rag.chunks)} chunks)")
    figures = {"model_load_s": round(loaded - started, 2), "build_s": round(built - loaded, 2)}
    return {**figures, "chunks": len(rag.chunks)}, rag


def _in_process_product(settings: Settings, cases: Sequence[AnswerCase]) -> dict:
    index = make_index(settings)
    timed = TimedEmbeddings(index.embeddings)
    index.embeddings = timed
    engine = ChatEngine(settings, index=index)
    engine.ensure_ready()

    def send(message: str, session_id: str | None, mode: str) -> tuple[str, str | None]:
        response = engine.chat(message, session_id=session_id, mode=mode)
        return response.answer_type, response.session_id

    time_conversations(cases, send, timed)  # warm-up pass
    return summarise(time_conversations(cases, send, timed))


def _in_process_naive(rag: NaiveDenseRag, cases: Sequence[AnswerCase]) -> dict:
    timed = TimedEmbeddings(rag.embeddings)
    rag.embeddings = timed

    def send(message: str, session_id: str | None, mode: str) -> tuple[str, str | None]:
        rag.top_chunks(message, 3)
        return "knowledge", None

    time_conversations(cases, send, timed)
    return summarise(time_conversations(cases, send, timed))


def _serve_and_measure(
    name: str,
    command: list[str],
    port: int,
    env: dict[str, str],
    cases: Sequence[AnswerCase],
    questions: Sequence[str],
    options: BenchOptions,
    log: Path,
    say: Say,
    workers: int = 1,
) -> dict:
    starts = []
    for _ in range(options.cold_starts - 1):  # the index is built by now: each of these is a cold start too
        earlier = start_server(command, port, log, env, options.ready_timeout_s, workers)
        starts.append(earlier.cold_start_s)
        earlier.stop()
    server: Server = start_server(command, port, log, env, options.ready_timeout_s, workers)
    starts.append(server.cold_start_s)
    try:
        say(f"{name}: ready in {statistics.median(starts):.2f} s (median of {', '.join(f'{s:.2f}' for s in starts)}); "
            f"timing {sum(len(c.turns) for c in cases)} turns over HTTP")  # fmt: skip
        with httpx.Client(base_url=server.url, timeout=30.0) as client:
            send = http_sender(client)
            time_conversations(cases, send)  # warm-up pass
            http = summarise(time_conversations(cases, send))
        throughput = []
        for concurrency in options.concurrencies:
            row = measure_throughput(server.url, questions, concurrency, duration_s=options.load_seconds)
            say(f"{name}: {concurrency} clients → {row['turns_per_s']} turns/s, {row['errors']} errors")
            throughput.append(row)
        return {
            "cold_start_s": round(statistics.median(starts), 2),
            "cold_start_samples_s": [round(s, 2) for s in starts],
            "http": http,
            "throughput": throughput,
            "peak_rss_mb_per_worker": [round(mb) for mb in server.peak_rss_mb()],
        }
    finally:
        server.stop()


def run_benchmark(settings: Settings, options: BenchOptions, say: Say = print) -> dict:
    """Everything the report shows, as one JSON-ready dict."""
    cases = [c for c in load_answer_cases() if c.split == "dev"][: options.conversations]
    questions = _throughput_questions(cases)
    retrieval_questions = [c.question for c in load_cases("dev")]
    report: dict = {
        "machine": machine(),
        "manifest": manifest(
            dataset=Path(__file__).resolve().parents[1] / "datasets" / "answers.jsonl",
            target="benchmark",
            settings={"embedding_backend": settings.embedding_backend, "workers": list(options.workers)},
            server=build_info(settings),
            selection={},
        ),
        "options": {
            "sizes": list(options.sizes),
            "concurrencies": list(options.concurrencies),
            "workers": list(options.workers),
            "load_seconds": options.load_seconds,
            "conversations": len(cases),
            "turns": sum(len(c.turns) for c in cases),
            "throughput_questions": len(questions),
        },
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        root = Path(tmp)
        product_settings = settings.model_copy(update={"data_dir": root / "product", "chroma_url": None})
        report["product"] = {"build": _build_product(product_settings, say)}
        naive_build, rag = _build_naive(root / "naive", say)
        report["naive"] = {"build": naive_build}

        say("in process: timing every turn of the evaluation conversations")
        report["product"]["in_process"] = _in_process_product(product_settings, cases)
        report["naive"]["in_process"] = _in_process_naive(rag, cases)
        del rag

        report["product"]["servers"] = {}
        for workers in options.workers:
            port = free_port()
            report["product"]["servers"][str(workers)] = _serve_and_measure(
                f"product ({workers} worker{'s' if workers > 1 else ''})",
                product_command(port, root / "product", workers),
                port,
                # capacity is what is measured: one load generator must not be limited as one client would be
                {"ASSISTANT_DATA_DIR": str(root / "product"), "ASSISTANT_RATE_LIMIT": "off"},
                cases,
                questions,
                options,
                root / f"product-{workers}.log",
                say,
                workers,
            )
        port = free_port()
        naive_server = _serve_and_measure(
            "naive", naive_command(port, root / "naive"), port, {}, cases, questions, options, root / "naive.log", say
        )
        report["naive"]["servers"] = {"1": naive_server}
        if options.check_quality:
            report["quality"] = _quality(product_settings, say)
    report["scale"] = measure_scale(settings, options.sizes, retrieval_questions, say=say) if options.sizes else []
    return report


def _quality(settings: Settings, say: Say) -> dict:
    from evals.answer_eval import evaluate

    say("quality: the answer evaluation against its thresholds, and the retrieval sets")
    result = evaluate(settings, baseline=False, progress=False)
    failed = [gate for gate in result["thresholds"] if not gate["ok"]]
    return {
        "pass_rate": result["product"]["all"]["pass_rate"],
        "thresholds": len(result["thresholds"]),
        "thresholds_failed": failed,
        "retrieval": _retrieval_quality(settings),
    }


def _retrieval_quality(settings: Settings) -> dict:
    """hit@1, hit@3 and MRR (overall and per language) on each retrieval set: a speed change must not move them."""
    index = make_index(settings)
    index.ensure()
    figures = {}
    for name in RETRIEVAL_SETS:
        summary = score_system("product", section_ranker(index), load_cases(name)).summary()
        figures[name] = {key: summary[key] for key in ("all", "ko", "en")}
    return figures
