"""Security headers on every HTTP response: what the browser may load, frame and send on.

The pages are plain HTML with ES modules and one stylesheet, all served from this origin, so
the Content-Security-Policy allows only ``'self'``: an injected ``<script>`` or inline handler
does not run, and ``frame-ancestors 'none'`` keeps the pages out of another site's frame. The
instructor API answers with ``Cache-Control: no-store`` so a shared classroom computer keeps
no copy of students' transcripts. Everything else with ``no-cache``: kept, but asked for again
(a 304 by its ETag when unchanged) before each use. Without it a browser may take a file as
fresh for a tenth of its age (RFC 9111's heuristic), and after an upgrade could run old modules
beside the new page for days.
A pure ASGI middleware, so streamed responses pass as they are.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# FastAPI's /docs and /redoc pages load their viewer from a CDN with an inline script: allowed
# there only (the viewer needs the network, which a classroom behind a firewall may not have).
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "font-src 'self' https://fonts.gstatic.com; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")
COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
# Public: the corpus listing. Every other /api/ path is an instructor's (or may become one).
PUBLIC_API = ("/api/documents",)


def headers_for(path: str) -> list[tuple[bytes, bytes]]:
    """The security headers a response to ``path`` carries."""
    policy = DOCS_CSP if path.startswith(DOCS_PATHS) else CSP
    out = [(b"content-security-policy", policy.encode()), *COMMON]
    private = path.startswith("/api/") and not path.startswith(PUBLIC_API)
    out.append((b"cache-control", b"no-store" if private else b"no-cache"))
    return out


class SecurityHeaders:
    """Adds :func:`headers_for` to every HTTP response (and WebSocket refusal) of the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.http.response.start"):
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((n, v) for n, v in extra if n not in names),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
