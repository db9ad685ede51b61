"""The benchmark's outputs: `benchmarks.json` (everything), `benchmarks.md` (figures and targets) and
`benchmarks.png` (latency, throughput, memory and the scale curve)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from evals.benchmark.compare import ComparedFigure, compare_reports, comparison_markdown

__all__ = ["check_targets", "write_report"]


def _best_throughput(servers: dict, concurrency: int) -> tuple[str, dict]:
    rows = [(w, r) for w, s in servers.items() for r in s["throughput"] if r["concurrency"] == concurrency]
    return max(rows, key=lambda wr: (wr[1]["errors"] == 0, wr[1]["turns_per_s"]), default=("-", {}))


def _one_worker(side: dict) -> dict:
    """The single-worker server's figures (the first measured configuration if there was none)."""
    return side["servers"].get("1") or next(iter(side["servers"].values()))


def _largest_scale(report: dict) -> dict:
    return max(report.get("scale", []), key=lambda row: row["synthetic_chunks"], default={})


def check_targets(report: dict) -> list[dict]:
    """Each target of the performance issue with the measured figure, the naive RAG's, and whether it holds."""
    product, naive = report["product"], report["naive"]
    one = _one_worker(product)
    naive_one = _one_worker(naive)
    workers, best = _best_throughput(product["servers"], 16)  # ("-", {}) when 16 clients were not run
    naive_best = _best_throughput(naive["servers"], 16)[1]
    rss_workers = max(max(s["peak_rss_mb_per_worker"], default=0) for s in product["servers"].values())
    largest = _largest_scale(report)
    quality = report.get("quality")

    def row(name, value, limit, op, naive_value=None, unit="", where=""):
        """`ok` is None when the run did not measure it (e.g. no 16-client run): reported, not failed."""
        ok = None if value is None else value <= limit if op == "<=" else value >= limit
        return {"target": name, "value": value, "limit": limit, "op": op, "unit": unit, "ok": ok,
                "naive": naive_value, "where": where}  # fmt: skip

    http, naive_http = one["http"]["all"], naive_one["http"]["all"]
    turns_per_s = None if not best else best["turns_per_s"] if best["errors"] == 0 else 0.0
    naive_rss = max(naive_one["peak_rss_mb_per_worker"], default=None)
    rows = [
        row("chat turn over HTTP, p50", http["p50_ms"], 30, "<=", naive_http["p50_ms"], "ms"),
        row("chat turn over HTTP, p95", http["p95_ms"], 100, "<=", naive_http["p95_ms"], "ms"),
        row("turns/s at 16 clients (0 errors)", turns_per_s, 100, ">=", naive_best.get("turns_per_s"), "/s",
            f"{workers} worker(s)"),
        row("peak RSS per worker", rss_workers, 600, "<=", naive_rss, "MB", "every configuration"),
        row("cold start to /readyz (built index)", one["cold_start_s"], 3, "<=", naive_one["cold_start_s"], "s",
            "1 worker"),
    ]  # fmt: skip
    if "2" in product["servers"]:
        rows.append(row("cold start to /readyz (built index)", product["servers"]["2"]["cold_start_s"], 5, "<=",
                        unit="s", where="2 workers"))  # fmt: skip
    rows.append(row("guide index build", product["build"]["build_s"], 30, "<=", naive["build"]["build_s"], "s"))
    build_50k = next((r for r in report.get("scale", []) if r["synthetic_chunks"] == 50_000), None)
    if build_50k:
        rows.append(row("index build at 50,000 synthetic chunks", build_50k["build_s"], 180, "<=", unit="s"))
    if largest:
        name = f"retrieval p50 at {largest['synthetic_chunks']:,} chunks"
        rows.append(row(name, largest["retrieval_p50_ms"], 50, "<=", unit="ms", where="query embedding included"))
    if quality is not None:
        rows.append(row("eval thresholds failed", len(quality["thresholds_failed"]), 0, "<=", unit=""))
    return rows


DESIGN_NOTES = [
    "## What the figures rest on",
    "",
    "Measured on this machine while tuning (before → after), each change checked against the evaluation sets "
    "(retrieval hit@1 and answer pass rates identical before and after):",
    "",
    "- **A lane of as many engine threads as cores per worker** instead of Starlette's 40-thread pool, and **one "
    "BLAS thread per query embedding** in servers: 16 clients thrashed the GIL and oversubscribed BLAS "
    "(80 → 100+ turns/s on one worker).",
    "- **One listening socket per worker** (`SO_REUSEPORT`): with a shared socket one of two workers took every "
    "connection of a burst in 1 run of 3 (95 turns/s instead of 175–186).",
    "- **Kiwi without its proper-noun dictionaries** (Wikipedia/WikiData names; the glossary adds the guide's "
    "terms): 498 → 245 MB; **bm25s imported without numba** (a JIT backend it does not need here): −63 MB; "
    "**models loaded with the index**, not by several first requests at once: worker peak 686 → 562 MB.",
    "- **Exact in-memory vector search** for a small embedded collection (the guide: 197 vectors; Chroma's query "
    "path was 1.6–1.9 ms of a 6.7 ms turn); large collections and a Chroma server are queried through Chroma.",
    "- **BM25 candidates capped at 200**, like the dense side: at 10 000 chunks a search spent 49 ms on "
    "per-candidate Python for every chunk sharing a word; 7.5 ms after.",
    "- **USE's tokenizer through the C++ `sentencepiece`** (the same ids on every line of the guide) instead of "
    "the package's pure-Python port, **two embedding lanes of one BLAS thread each** for long lists instead of "
    "one call with two threads, and **vector writes overlapped** with the next batch's embedding: 50 000 "
    "synthetic chunks build in 447 s instead of 684 s and the tokenizer loads in 0.15 s instead of 0.45–1 s; "
    "retrieval figures identical on the dev, paraphrase and holdout sets.",
    "- **A small embedded index starts from its saved vectors** (`vectors.npz` beside the records, stamped with "
    "the model, each vector's id and content hash and the store's files) and never imports or opens Chroma: "
    "one worker ready in 2.43 s instead of 2.75 s, two in 3.28 s instead of 3.9 s (medians of 5 starts).",
    "- Trade-offs kept: the sentence views that lift Korean hit@1 (0.80 → 0.90) make four to five vectors per "
    "chunk — 11.3 million tokens at 50 000 chunks, 38 TFLOP of USE's forward pass, 190 s even at this machine's "
    "peak matrix speed (203 GFLOPS on 2 cores), so such a build cannot reach 3 minutes with them; with several "
    "workers a current build is read side by side (a file lock guards building and store checks), and the "
    "models warm up side by side.",
]


def _fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else "✅" if ok else "❌"


def _ratio(row: dict) -> str:
    value, naive = row["value"], row["naive"]
    if not isinstance(value, int | float) or not isinstance(naive, int | float) or not naive:
        return "–"
    return f"{value / naive:.2f}×"


def to_markdown(report: dict, targets: list[dict], chart_name: str) -> str:
    m, product, naive = report["machine"], report["product"], report["naive"]
    options = report["options"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m assistant bench` on {report['manifest']['created_at']} "
        f"(commit `{report['manifest']['git_commit'][:12]}`).",
        "",
        f"**Machine**: {m['cpu']}, {m['cores_available']} cores available, {m['memory_gib']} GiB, {m['os']}, "
        f"Python {m['python']}. Everything on loopback; the load generator shares the cores with the server.",
        "",
        f"**Workload**: the {options['conversations']} dev conversations of the answer evaluation "
        f"({options['turns']} turns: guide questions, tools, multi-turn, out of scope, secrets, bad input, injection, "
        f"agent mode); throughput with {options['throughput_questions']} first questions for "
        f"{options['load_seconds']:.0f} s per concurrency level, each turn a new conversation. "
        "The naive RAG (all-MiniLM-L6-v2 + Chroma, top-3 fixed-size chunks, no Korean analysis, no tools, "
        "no sessions) runs the same turns on the same machine.",
        "",
        f"![benchmark chart]({chart_name})",
        "",
        "## Targets",
        "",
        "| target | measured | limit | naive RAG | product ÷ naive | met |",
        "|---|---|---|---|---|---|",
    ]
    for t in targets:
        where = f" ({t['where']})" if t["where"] else ""
        lines.append(
            f"| {t['target']}{where} | {_fmt(t['value'])} {t['unit']} | {t['op']} {_fmt(t['limit'])} {t['unit']} "
            f"| {_fmt(t['naive'])} | {_ratio(t)} | {_verdict(t['ok'])} |"
        )
    lines += ["", "## Index build and start", "", "| | model load s | build s | chunks |", "|---|---|---|---|"]
    for name, side in (("product", product), ("naive RAG", naive)):
        b = side["build"]
        lines.append(f"| {name} | {b['model_load_s']} | {b['build_s']} | {b['chunks']} |")
    lines += ["", "## Per-turn latency (ms) by answer type", ""]
    lines += ["| system | where | answer type | turns | p50 | p95 | p99 | query embedding (mean ms, share) |"]
    lines += ["|---|---|---|---|---|---|---|---|"]
    for name, side in (("product", product), ("naive RAG", naive)):
        one = _one_worker(side)
        for where, figures in (("in process", side["in_process"]), ("HTTP, 1 worker", one["http"])):
            for answer_type, s in [("all", figures["all"]), *figures["by_type"].items()]:
                embedding = (
                    f"{s['embedding_mean_ms']} ({s['embedding_share']:.0%})" if "embedding_mean_ms" in s else "–"
                )
                lines.append(
                    f"| {name} | {where} | {answer_type} | {s['turns']} | {s['p50_ms']} | {s['p95_ms']} "
                    f"| {s['p99_ms']} | {embedding} |"
                )
    lines += ["", "Over HTTP the same engine code runs, so a turn spends the in-process embedding time there too; the "
              "rest of the HTTP figure is parsing, the session store and the loopback round trip."]  # fmt: skip
    lines += ["", "## Throughput", "", "| system | workers | clients | turns/s | p50 ms | p95 ms | p99 ms | errors |"]
    lines += ["|---|---|---|---|---|---|---|---|"]
    for name, side in (("product", product), ("naive RAG", naive)):
        for workers, server in side["servers"].items():
            for r in server["throughput"]:
                lines.append(
                    f"| {name} | {workers} | {r['concurrency']} | {r['turns_per_s']} | {r['p50_ms']} | {r['p95_ms']} "
                    f"| {r['p99_ms']} | {r['errors']} |"
                )
    lines += ["", "## Memory and cold start", "", "| system | workers | cold start s | peak RSS per worker MB |"]
    lines += ["|---|---|---|---|"]
    for name, side in (("product", product), ("naive RAG", naive)):
        for workers, server in side["servers"].items():
            rss = ", ".join(str(mb) for mb in server["peak_rss_mb_per_worker"])
            lines.append(f"| {name} | {workers} | {server['cold_start_s']} | {rss} |")
    if report.get("scale"):
        lines += ["", "## Scale (synthetic corpora: guide sections perturbed and mixed with other text)", ""]
        lines += ["| synthetic chunks | indexed chunks | vectors | build s | retrieval p50 / p95 ms "
                  "| without query embedding p50 / p95 ms |", "|---|---|---|---|---|---|"]  # fmt: skip
        for r in report["scale"]:
            lines.append(
                f"| {r['synthetic_chunks']:,} | {r['chunks']:,} | {r['vectors']:,} | {r['build_s']} "
                f"| {r['retrieval_p50_ms']} / {r['retrieval_p95_ms']} "
                f"| {r['search_excl_embedding_p50_ms']} / {r['search_excl_embedding_p95_ms']} |"
            )
    if report.get("previous"):
        figures = [ComparedFigure(**f) for f in report["previous"]["figures"]]
        lines += ["", *comparison_markdown(report["previous"], report, figures)]
    lines += ["", *DESIGN_NOTES]
    if report.get("quality"):
        q = report["quality"]
        failed = ", ".join(g["metric"] for g in q["thresholds_failed"]) or "none"
        lines += ["", f"**Quality**: answer evaluation pass rate {q['pass_rate']:.3f}; "
                  f"{q['thresholds']} thresholds checked, failed: {failed}.", ""]  # fmt: skip
        for name, figures in q.get("retrieval", {}).items():
            a = figures["all"]
            lines.append(f"- Retrieval, {name} set ({a['n']} questions): hit@1 {a['hit@1']:.3f}, hit@3 "
                         f"{a['hit@3']:.3f}, MRR {a['mrr']:.3f} (ko hit@1 {figures['ko']['hit@1']:.3f}, en "
                         f"{figures['en']['hit@1']:.3f}).")  # fmt: skip
    return "\n".join(lines) + "\n"


def _chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    product, naive = report["product"], report["naive"]
    fig, axes = plt.subplots(2, 2, figsize=(12, 8.5))
    ax = axes[0][0]
    one = _one_worker(product)
    types = ["all", *one["http"]["by_type"]]
    p50 = [(one["http"]["by_type"].get(t) or one["http"]["all"])["p50_ms"] for t in types]
    p95 = [(one["http"]["by_type"].get(t) or one["http"]["all"])["p95_ms"] for t in types]
    x = range(len(types))
    ax.bar([i - 0.2 for i in x], p50, width=0.4, label="product p50")
    ax.bar([i + 0.2 for i in x], p95, width=0.4, label="product p95")
    ax.axhline(naive["servers"]["1"]["http"]["all"]["p50_ms"], color="grey", linestyle="--", label="naive RAG p50")
    ax.set_xticks(list(x), [t.replace(" (HTTP ", "\n(") for t in types], fontsize=7)
    ax.set_ylabel("ms per turn over HTTP")
    ax.set_title("Latency by answer type (1 worker)")
    ax.legend(fontsize=8)

    ax = axes[0][1]
    for name, side, style in (("product", product, "-o"), ("naive RAG", naive, "--s")):
        for workers, server in side["servers"].items():
            rows = server["throughput"]
            ax.plot([r["concurrency"] for r in rows], [r["turns_per_s"] for r in rows], style,
                    label=f"{name}, {workers} worker(s)")  # fmt: skip
    ax.axhline(100, color="red", linewidth=0.8, label="target at 16 clients")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("concurrent clients")
    ax.set_ylabel("turns/s")
    ax.set_title("Throughput")
    ax.legend(fontsize=8)

    ax = axes[1][0]
    labels, values = [], []
    for name, side in (("product", product), ("naive", naive)):
        for workers, server in side["servers"].items():
            for i, mb in enumerate(server["peak_rss_mb_per_worker"]):
                labels.append(f"{name}\n{workers}w #{i + 1}")
                values.append(mb)
    ax.bar(range(len(values)), values, color="tab:purple")
    ax.axhline(600, color="red", linewidth=0.8, label="600 MB target")
    ax.set_xticks(range(len(labels)), labels, fontsize=7)
    ax.set_ylabel("peak RSS MB")
    ax.set_title("Memory per worker")
    ax.legend(fontsize=8)

    ax = axes[1][1]
    scale = report.get("scale") or []
    if scale:
        chunks = [r["chunks"] for r in scale]
        ax.plot(chunks, [r["retrieval_p50_ms"] for r in scale], "-o", label="retrieval p50")
        ax.plot(chunks, [r["retrieval_p95_ms"] for r in scale], "-o", label="retrieval p95")
        ax.axhline(50, color="red", linewidth=0.8, label="50 ms p50 target")
        ax.set_xscale("log")
        ax.set_xlabel("chunks indexed")
        ax.set_ylabel("ms per query")
        twin = ax.twinx()
        twin.plot(chunks, [r["build_s"] for r in scale], ":^", color="tab:green", label="build s")
        twin.set_ylabel("build s")
        ax.legend(fontsize=8, loc="upper left")
        twin.legend(fontsize=8, loc="lower right")
    ax.set_title("Scale: synthetic corpora")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(report: dict, out: Path, previous: dict | None = None) -> dict[str, Path]:
    """Writes the three files; `previous` (an earlier `benchmarks.json`) adds its figures beside the new ones."""
    out.mkdir(parents=True, exist_ok=True)
    targets = check_targets(report)
    report = {**report, "targets": targets}
    if previous is not None:
        report["previous"] = {
            "manifest": previous.get("manifest", {}),
            "options": previous.get("options", {}),
            "figures": [asdict(f) for f in compare_reports(previous, report)],
        }
    paths = {"json": out / "benchmarks.json", "markdown": out / "benchmarks.md", "chart": out / "benchmarks.png"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    _chart(report, paths["chart"])
    paths["markdown"].write_text(to_markdown(report, targets, paths["chart"].name), encoding="utf-8")
    return paths
