"""`ask` (one question) and `chat` (an interactive, multi-turn conversation) on the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant import wording
from assistant.engine import ChatEngine
from assistant.responses import ChatResponse
from cli.common import configure_logging, guarded, read_argument, settings_or_exit

__all__ = ["ask", "chat"]

AgentOption = Annotated[
    bool, typer.Option("--agent", help="Support-agent mode: a draft reply to the customer plus an internal note.")
]
_ENDINGS = ("exit", "quit", "종료")


def _show(response: ChatResponse, as_json: bool) -> None:
    if as_json:
        typer.echo(response.model_dump_json(indent=2))
        return
    typer.echo(response.answer)
    if response.internal_note:
        typer.echo("\n" + response.internal_note)
    if response.follow_ups:
        typer.echo("\n" + wording.NEXT_QUESTIONS(response.language) + " | ".join(response.follow_ups))


def ask(
    question: Annotated[str, typer.Argument(help="The question or request (Korean or English); '-' reads stdin.")],
    agent: AgentOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full response as JSON.")] = False,
) -> None:
    """Answer one QUESTION from the guide and the network tools, with citations."""
    configure_logging()
    settings = settings_or_exit()
    question = read_argument(question)

    def run() -> ChatResponse:
        engine = ChatEngine(settings)
        engine.ensure_ready(progress=not as_json)
        return engine.chat(question, mode="agent" if agent else "customer")

    _show(guarded(run), as_json)


def chat(agent: AgentOption = False) -> None:
    """An interactive conversation: follow-up questions use what was said before. Ctrl-D or 'exit' ends it."""
    configure_logging()
    settings = settings_or_exit()
    engine = guarded(lambda: ChatEngine(settings))
    guarded(lambda: engine.ensure_ready(progress=True))
    session_id = None
    mode = "agent" if agent else "customer"
    typer.echo("KT Cloud Enterprise Cloud assistant — 질문을 입력하세요 (종료: exit)")
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            return
        if line.strip().lower() in _ENDINGS:
            return
        if not line.strip():
            continue
        response = guarded(lambda line=line, sid=session_id: engine.chat(line, sid, mode))
        session_id = response.session_id
        _show(response, False)
        typer.echo("")
