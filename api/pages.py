"""The web pages: the chat page (static files, no build step, no CDN) and the guide with one anchor per section,
so every citation URL (`/guide#<section id>`) opens the cited section."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, HTMLResponse
from markdown_it import MarkdownIt

from api.dependencies import ReadyEngine

__all__ = ["SECURITY_HEADERS", "router"]

router = APIRouter(include_in_schema=False)
STATIC_DIR = Path(__file__).resolve().parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def _scrollable(rendered: str) -> str:
    """Code blocks scroll sideways when a line is long: focusable, so a keyboard can scroll them (axe-core)."""
    return rendered.replace("<pre>", '<pre tabindex="0">')


@router.api_route("/", methods=["GET", "HEAD"])
def chat_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=SECURITY_HEADERS)


@router.api_route("/favicon.ico", methods=["GET", "HEAD"])
def favicon() -> FileResponse:
    """The logo mark, for browsers and tools that ask for /favicon.ico whatever the page links."""
    cached = {"Cache-Control": "max-age=86400"}
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml", headers=cached)


@router.api_route("/admin/gaps", methods=["GET", "HEAD"])
def gap_report_page() -> FileResponse:
    """The content-gap report for the guide's owners; the page holds no data, it asks for the admin key and reads
    `/v1/admin/gaps` with it."""
    return FileResponse(STATIC_DIR / "gaps.html", media_type="text/html", headers=SECURITY_HEADERS)


@router.api_route("/guide", methods=["GET", "HEAD"])
def guide_page(engine: ReadyEngine, lang: Literal["ko", "en"] = Query("ko")) -> HTMLResponse:
    """The guide as one page, in Korean (the original) or the English companion, with section anchors."""
    library = engine.library
    parts = []
    for section_id in library.section_ids():
        section = library.get(section_id, lang)
        if section is None:
            continue
        body = section.text.split("\n", 1)[1] if "\n" in section.text else ""
        heading = section.title if lang == "ko" else f"{section.heading} ({section.title})"
        parts.append(
            f'<section id="{html.escape(section_id)}"><h2><a href="#{html.escape(section_id)}">'
            f"{html.escape(heading)}</a></h2>{_scrollable(_MARKDOWN.render(body))}</section>"
        )
    other = "en" if lang == "ko" else "ko"
    switch = "English" if lang == "ko" else "한국어"
    title = "Enterprise Cloud 이용 가이드" if lang == "ko" else "Enterprise Cloud guide"
    back = "← 채팅으로" if lang == "ko" else "← Back to the chat"
    page = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" '
        f'content="light dark"><meta name="description" content="{title}"><title>{title}</title>'
        f'<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        f'<link rel="stylesheet" href="/static/app.css"><script src="/static/theme.js"></script></head>'
        f'<body class="guide"><header class="bar"><a class="brand" href="/"><svg class="logo" aria-hidden="true">'
        f'<use href="/static/icons.svg#logo"></use></svg><span>{back}</span></a><h1>{title}</h1>'
        f'<a href="/guide?lang={other}" lang="{other}">{switch}</a></header><main>{"".join(parts)}</main></body></html>'
    )
    return HTMLResponse(page, headers=SECURITY_HEADERS)
