"""The naive RAG behind HTTP, so the benchmark compares servers with servers.

What a first tutorial would ship: one endpoint embeds the question (all-MiniLM-L6-v2), takes the top 3 fixed-size
chunks from Chroma and returns them as the answer; no sessions, tools, Korean analysis or grounding. Run:
`python -m evals.benchmark.naive_app --port 8100 --data-dir DIR` (the index is built there on first start).
"""

from __future__ import annotations

import argparse
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel, Field

from evals.naive_baseline import NaiveDenseRag

__all__ = ["create_app"]


class Question(BaseModel):
    message: str = Field(min_length=1, max_length=4000)
    session_id: str | None = None
    mode: str = "customer"


def create_app(data_dir: Path) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.rag = NaiveDenseRag(data_dir)
        yield

    app = FastAPI(title="naive RAG (benchmark baseline)", lifespan=lifespan)

    @app.post("/v1/chat")
    def chat(question: Question) -> dict:
        chunks = app.state.rag.top_chunks(question.message, 3)
        return {
            "answer": "\n\n".join(text for text, _ in chunks),
            "answer_type": "knowledge",
            "citations": [{"section_id": section} for _, section in chunks],
        }

    @app.get("/readyz")
    def readyz() -> dict:
        return {"status": "ready"}

    return app


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(args.data_dir), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
