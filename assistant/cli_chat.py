"""`ask` (one question) and `chat` (an interactive, multi-turn conversation) on the command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from assistant.engine import ChatEngine
from assistant.responses import ChatResponse
from assistant.settings import Settings

__all__ = ["register_chat_commands"]

AgentOption = Annotated[
    bool, typer.Option("--agent", help="Support-agent mode: a draft reply to the customer plus an internal note.")
]


def _show(response: ChatResponse, as_json: bool) -> None:
    if as_json:
        typer.echo(response.model_dump_json(indent=2))
        return
    typer.echo(response.answer)
    if response.internal_note:
        typer.echo("\n" + response.internal_note)
    if response.follow_ups:
        typer.echo(
            "\n"
            + ("다음 질문 예시: " if response.language == "ko" else "You could ask next: ")
            + " | ".join(response.follow_ups)
        )


def register_chat_commands(
    app: typer.Typer,
    settings_of: Callable[[], Settings],
    guarded: Callable,
    configure_logging: Callable[[], None],
) -> None:
    """Adds `ask` and `chat` to the main CLI, reusing its settings and error handling."""

    @app.command()
    def ask(
        question: Annotated[str, typer.Argument(help="The question or request (Korean or English); '-' reads stdin.")],
        agent: AgentOption = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the full response as JSON.")] = False,
    ) -> None:
        """Answer one QUESTION from the guide and the network tools, with citations."""
        configure_logging()
        settings = settings_of()
        if question == "-":
            question = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        question = question.encode("utf-8", "surrogateescape").decode("utf-8", "replace")

        def run() -> ChatResponse:
            engine = ChatEngine(settings)
            engine.ensure_ready(progress=not as_json)
            return engine.chat(question, mode="agent" if agent else "customer")

        _show(guarded(run), as_json)

    @app.command()
    def chat(agent: AgentOption = False) -> None:
        """An interactive conversation: follow-up questions use what was said before. Ctrl-D or 'exit' ends it."""
        configure_logging()
        settings = settings_of()
        engine = guarded(lambda: ChatEngine(settings))
        guarded(lambda: engine.ensure_ready(progress=True))
        session_id = None
        typer.echo("KT Cloud Enterprise Cloud assistant — 질문을 입력하세요 (종료: exit)")
        while True:
            try:
                line = input("> ")
            except (EOFError, KeyboardInterrupt):
                typer.echo("")
                return
            if line.strip().lower() in ("exit", "quit", "종료"):
                return
            if not line.strip():
                continue
            mode = "agent" if agent else "customer"
            response = guarded(lambda line=line, sid=session_id, mode=mode: engine.chat(line, sid, mode))
            session_id = response.session_id
            _show(response, False)
            typer.echo("")
