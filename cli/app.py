"""The one command line: `serve`, `ask`, `chat`, `search`, `mcp`, `index build`, `tool …`, `eval …`, `bench …`
and `report gaps`.

Every command prints human-readable text by default and JSON with `--json`. A problem with what the user gave
(query, document, setting, server) is one line on stderr, `error: ...`, with exit status 2; anything unexpected is
one line too, with exit status 1, never a traceback.
"""

from __future__ import annotations

import typer

from cli.bench_commands import bench_app
from cli.chat_commands import ask, chat
from cli.eval_commands import eval_app
from cli.knowledge_commands import index_app, search
from cli.mcp_command import mcp
from cli.report_commands import report_app
from cli.serve_command import serve
from cli.tool_commands import tool_app

__all__ = ["app", "main"]

app = typer.Typer(
    help="KT Cloud Enterprise Cloud onboarding assistant.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for command in (serve, ask, chat, search, mcp):
    app.command()(command)
app.add_typer(index_app, name="index")
app.add_typer(tool_app, name="tool")
app.add_typer(eval_app, name="eval")
app.add_typer(bench_app, name="bench")
app.add_typer(report_app, name="report")


def main() -> None:
    app()
