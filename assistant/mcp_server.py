"""The assistant as an MCP server, so AI tools (Claude, Cursor, VS Code, ChatGPT) can use the guide and the tools.

Built on the SDK's low-level `Server` because every tool's input schema already exists as a pydantic model
(`search_guide` and `ask` take the HTTP API's own request models, the network tools their registry model): the
schema on the wire is that model's, not one re-derived from a Python signature. Every registered chat tool appears
without extra wiring. The guide's sections are resources, `guide://<section-id>`.

Secrets are handled as in chat: `ask` goes through the engine (which masks them first), `search_guide` masks the
query, and a tool's text arguments are masked before the tool sees them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
import mcp_types as types
from mcp import MCPError
from mcp.server import Server, ServerRequestContext
from pydantic import BaseModel, ValidationError

from assistant.engine import ChatEngine
from assistant.redaction.redactor import redact_values
from assistant.requests import ChatRequest, SearchRequest, search_hits_json
from assistant.responses import ChatResponse, absolute_guide_links
from assistant.sessions import SessionConflict
from assistant.toolkit import REGISTRY, ChatTool, validation_problems
from knowledge.errors import QueryError, StorageError, VectorStoreUnavailable
from tools.errors import ToolInputError

__all__ = ["GUIDE_SCHEME", "McpTool", "build_mcp_server"]

GUIDE_SCHEME = "guide://"
EngineSource = Callable[[], ChatEngine | None]
"""The engine, or None while a server is still starting (HTTP builds it in its lifespan)."""
BlockingRunner = Callable[[Callable[[], Any]], Awaitable[Any]]
"""Runs blocking engine work off the event loop."""


class McpToolError(Exception):
    """A call the tool refuses (bad value, not ready): returned as a tool error the model can read and fix."""


@dataclass(frozen=True, slots=True)
class McpTool:
    """One MCP tool: its input model and a blocking run that returns (structured result, text for the model)."""

    name: str
    description: str
    input_model: type[BaseModel]
    run: Callable[[ChatEngine, BaseModel], tuple[dict[str, Any], str]]
    output_model: type[BaseModel] | None = None
    engine_masks_secrets: bool = False
    """True when the engine masks (and warns about) a secret itself, so the arguments reach it as given."""

    def listing(self) -> types.Tool:
        output = self.output_model.model_json_schema(mode="serialization") if self.output_model else None
        return types.Tool(
            name=self.name,
            description=self.description,
            input_schema=self.input_model.model_json_schema(),
            output_schema=output,
        )


def _search(engine: ChatEngine, request: SearchRequest) -> tuple[dict[str, Any], str]:
    try:
        hits = engine.search(request.query, request.k)
    except QueryError as exc:
        raise McpToolError(str(exc)) from None
    found = search_hits_json(request.query, hits)
    lines = [f"{rank}. {hit['title']} [{hit['section_id']}] {hit['url']}\n   {hit['snippet']}" for rank, hit in
             enumerate(found["hits"], 1)]  # fmt: skip
    return found, "\n".join(lines) or "no matching section"


def _ask(engine: ChatEngine, request: ChatRequest) -> tuple[dict[str, Any], str]:
    limit = engine.settings.max_message_chars
    if len(request.message) > limit:
        raise McpToolError(f"the message is {len(request.message):,} characters; the limit is {limit:,}")
    try:
        response = engine.chat_request(request)
    except SessionConflict:
        raise McpToolError("the conversation is being answered elsewhere at this moment; retry") from None
    # An AI tool shows the answer away from this site: the guide links are made absolute where the site is known.
    answer = absolute_guide_links(response.answer, engine.settings.public_url)
    return response.model_dump(mode="json"), answer


def _registered(tool: ChatTool) -> McpTool:
    def run(_engine: ChatEngine, params: BaseModel) -> tuple[dict[str, Any], str]:
        try:
            result = tool.run(params)
        except ToolInputError as exc:
            raise McpToolError(exc.message(getattr(params, "language", "en"))) from None
        return tool.to_json(result, params), tool.render_text(result, params)

    return McpTool(tool.name, tool.description, tool.input_model, run)


ENGINE_TOOLS = (
    McpTool(
        "search_guide",
        "Find the sections of the KT Cloud Enterprise Cloud guide that answer a question (Korean or English), "
        "best first, with their links.",
        SearchRequest,
        _search,  # type: ignore[arg-type]
        engine_masks_secrets=True,
    ),
    McpTool(
        "ask",
        "Ask the onboarding assistant: a short answer from the guide with citations, or exact route commands, "
        "firewall forms and subnet figures from its tools. Pass the returned session_id to continue a conversation; "
        "mode 'agent' drafts a reply for a support agent. Never send passwords.",
        ChatRequest,
        _ask,  # type: ignore[arg-type]
        output_model=ChatResponse,
        engine_masks_secrets=True,
    ),
)


def mcp_tools(registry: Iterable[ChatTool] = REGISTRY) -> tuple[McpTool, ...]:
    return ENGINE_TOOLS + tuple(_registered(tool) for tool in registry)


def _failure(message: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(type="text", text=message)], is_error=True)


class _ReadyEngine:
    """The engine, made ready (off the event loop) before a call uses it."""

    def __init__(self, source: EngineSource) -> None:
        self._source = source

    def get(self) -> ChatEngine:
        engine = self._source()
        if engine is None:
            raise McpToolError("the assistant is not ready yet; retry soon")
        engine.ensure_ready()
        return engine


def build_mcp_server(
    source: EngineSource, registry: Iterable[ChatTool] = REGISTRY, *, run_blocking: BlockingRunner | None = None
) -> Server:
    """The MCP server over the engine `source` gives; transports (stdio, streamable HTTP) are the caller's.
    `run_blocking` runs engine work off the event loop (the API passes its engine lane, so MCP turns share the
    server's cap on concurrent turns); by default a thread of anyio's pool."""
    run_blocking = run_blocking or anyio.to_thread.run_sync
    tools = {tool.name: tool for tool in mcp_tools(registry)}
    engines = _ReadyEngine(source)

    async def list_tools(
        ctx: ServerRequestContext, params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=[tool.listing() for tool in tools.values()])

    async def call_tool(ctx: ServerRequestContext, params: types.CallToolRequestParams) -> types.CallToolResult:
        tool = tools.get(params.name)
        if tool is None:
            return _failure(f"unknown tool '{params.name}'; the tools are: {', '.join(tools)}")
        try:
            arguments = params.arguments or {}
            if not tool.engine_masks_secrets:
                arguments = redact_values(arguments)
            inputs = tool.input_model.model_validate(arguments)
        except ValidationError as exc:
            return _failure(validation_problems(exc))
        try:
            structured, text = await run_blocking(lambda: tool.run(engines.get(), inputs))
        except McpToolError as exc:
            return _failure(str(exc))
        except (StorageError, VectorStoreUnavailable):
            return _failure("the assistant's storage or search service is unavailable for a moment; retry shortly")
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)], structured_content=structured)

    async def list_resources(
        ctx: ServerRequestContext, params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        library = (await run_blocking(lambda: _engine_or_error(engines))).library
        resources = []
        for section_id in library.section_ids():
            section = library.get(section_id, "ko") or library.all_languages(section_id)[0]
            resources.append(
                types.Resource(
                    uri=f"{GUIDE_SCHEME}{section_id}",
                    name=section_id,
                    title=section.title,
                    description=f"Enterprise Cloud guide: {section.title} ({section.heading})",
                    mime_type="text/markdown",
                )
            )
        return types.ListResourcesResult(resources=resources)

    async def read_resource(
        ctx: ServerRequestContext, params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        uri = str(params.uri)
        library = (await run_blocking(lambda: _engine_or_error(engines))).library
        sections = library.all_languages(uri.removeprefix(GUIDE_SCHEME)) if uri.startswith(GUIDE_SCHEME) else []
        if not sections:
            raise MCPError(types.INVALID_PARAMS, f"no guide section '{uri}'; list the resources to see them")
        return types.ReadResourceResult(
            contents=[types.TextResourceContents(uri=uri, mime_type="text/markdown", text=s.text) for s in sections]
        )

    return Server(
        "kt-enterprise-cloud-assistant",
        version="0.1.0",
        instructions="Answers from the official KT Cloud Enterprise Cloud guide (Korean and English) and exact "
        "network commands and forms. Cite the returned links; never send passwords.",
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )


def _engine_or_error(engines: _ReadyEngine) -> ChatEngine:
    try:
        return engines.get()
    except McpToolError as exc:
        raise MCPError(types.INTERNAL_ERROR, str(exc)) from None
