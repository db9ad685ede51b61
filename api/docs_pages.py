"""The API documentation pages, `/docs` (Swagger UI) and `/redoc` (ReDoc), served wholly from this package.

FastAPI's own pages load their JS and CSS from a public CDN (and ReDoc's fonts from Google), so they stay blank on
an offline or air-gapped deployment. These pages load the files vendored under `api/static/vendor/` (pinned
versions, with their sha256 and licences in its README.md) and start them from `api/static/swagger-init.js` and
`api/static/redoc-init.js`: the HTML holds no inline script, and the Content-Security-Policy allows nothing from
another origin. (ReDoc's bundle has one string changed so that its "API docs by Redocly" badge asks no CDN for its
logo; see the README.)
"""

from __future__ import annotations

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.pages import SECURITY_HEADERS

__all__ = ["DOCS_HEADERS", "OAUTH2_REDIRECT_HEADERS", "REDOC_HEADERS", "router"]

router = APIRouter(include_in_schema=False)

_BASE_CSP = (
    "default-src 'self'; script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def _headers(csp: str) -> dict[str, str]:
    """The pages' security headers with this page's own Content-Security-Policy."""
    return {**SECURITY_HEADERS, "Content-Security-Policy": csp}


# Swagger UI: its stylesheet draws icons as `data:` SVG images (`background: url(data:image/svg+xml...)`), hence
# `img-src data:`. React sets element styles through the CSSOM, which style-src does not govern: no inline styles.
DOCS_HEADERS = _headers(f"{_BASE_CSP}; style-src 'self'; img-src 'self' data:; worker-src 'none'")
# ReDoc: styled-components writes its CSS into <style> elements it creates at run time, which CSP treats as inline
# styles, so `style-src 'unsafe-inline'` (styles only: scripts stay 'self'; without it ReDoc fails to render); its
# search index runs in a Web Worker that the bundle builds from a `blob:` URL, so `worker-src blob:` (else search
# is blocked); its styles draw icons as `data:` SVG images, so `img-src data:`.
REDOC_HEADERS = _headers(f"{_BASE_CSP}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src blob:")
# The page the OAuth2 provider sends the browser back to: one script file, nothing else.
OAUTH2_REDIRECT_HEADERS = _headers(f"{_BASE_CSP}; style-src 'self'; img-src 'self'; worker-src 'none'")


def _prefix(request: Request) -> str:
    """The app's root path (behind a proxy that mounts it under a prefix), as FastAPI's own pages use it."""
    return request.scope.get("root_path", "").rstrip("/")


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _head(title: str, prefix: str, links: str) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<link rel="icon" type="image/png" href="{_attr(prefix)}/static/vendor/swagger-ui-favicon-32x32.png">\n'
        f"{links}</head>\n"
    )


@router.api_route("/docs", methods=["GET", "HEAD"])
def swagger_ui_page(request: Request) -> HTMLResponse:
    """Swagger UI over `/openapi.json`, with "Try it out" against this server."""
    prefix = _prefix(request)
    app = request.app
    page = (
        _head(
            f"{app.title} - Swagger UI",
            prefix,
            f'<link rel="stylesheet" href="{_attr(prefix)}/static/vendor/swagger-ui.css">\n',
        )
        + "<body>\n"
        f'<div id="swagger-ui" data-openapi-url="{_attr(prefix + app.openapi_url)}" '
        f'data-oauth2-redirect-url="{_attr(prefix)}/docs/oauth2-redirect"></div>\n'
        f'<script src="{_attr(prefix)}/static/vendor/swagger-ui-bundle.js"></script>\n'
        f'<script src="{_attr(prefix)}/static/swagger-init.js"></script>\n'
        "</body>\n</html>\n"
    )
    return HTMLResponse(page, headers=DOCS_HEADERS)


@router.api_route("/docs/oauth2-redirect", methods=["GET", "HEAD"])
def swagger_ui_oauth2_redirect(request: Request) -> HTMLResponse:
    """Where an OAuth2 provider returns to Swagger UI (Swagger UI's own redirect script, as FastAPI serves it)."""
    prefix = _prefix(request)
    page = (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Swagger UI: OAuth2 Redirect</title>'
        f'</head>\n<body>\n<script src="{_attr(prefix)}/static/vendor/oauth2-redirect.js"></script>\n</body>\n</html>\n'
    )
    return HTMLResponse(page, headers=OAUTH2_REDIRECT_HEADERS)


@router.api_route("/redoc", methods=["GET", "HEAD"])
def redoc_page(request: Request) -> HTMLResponse:
    """ReDoc over `/openapi.json` (no web fonts: it falls back to the system's)."""
    prefix = _prefix(request)
    app = request.app
    page = (
        _head(f"{app.title} - ReDoc", prefix, "") + "<body>\n"
        f'<div id="redoc" data-openapi-url="{_attr(prefix + app.openapi_url)}"></div>\n'
        f'<script src="{_attr(prefix)}/static/vendor/redoc.standalone.js"></script>\n'
        f'<script src="{_attr(prefix)}/static/redoc-init.js"></script>\n'
        "</body>\n</html>\n"
    )
    return HTMLResponse(page, headers=REDOC_HEADERS)
