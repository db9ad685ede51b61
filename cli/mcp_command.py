"""`mcp`: the assistant as an MCP server on stdin/stdout, for desktop AI tools that start it as a subprocess."""

from __future__ import annotations

import threading

from cli.common import DataDirOption, configure_logging, guarded, settings_or_exit

__all__ = ["mcp"]


def mcp(data_dir: DataDirOption = None) -> None:
    """Serve the guide search, the chat and the network tools over MCP on stdin/stdout (logs go to stderr).

    The index loads (or builds itself) in the background, so the client's handshake is answered at once; the
    first call waits for it. Conversations are kept in the same database as the server's.
    """
    # Imported here: the MCP SDK, the engine and SQLAlchemy would add 0.6 s to every other command's start.
    import anyio
    from mcp.server.stdio import stdio_server

    from assistant.engine import ChatEngine
    from assistant.mcp_server import build_mcp_server
    from assistant.sql_store import SqlStore, sqlite_url

    configure_logging()
    settings = settings_or_exit(data_dir=data_dir)
    store = guarded(lambda: SqlStore(settings.database_url or sqlite_url(settings.data_dir)))
    engine = ChatEngine(settings, store=store)
    threading.Thread(target=engine.ensure_ready, name="warm-up", daemon=True).start()
    server = build_mcp_server(lambda: engine)

    async def serve() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    try:
        anyio.run(serve)
    finally:
        store.close()
