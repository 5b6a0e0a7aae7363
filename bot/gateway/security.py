"""Security headers on every response, and CORS for the origins in ``ALLOWED_ORIGINS`` (never ``*``).

* Pages get a Content-Security-Policy without ``unsafe-inline`` (so the widget's HTML has no inline script
  or style), ``nosniff`` and a referrer policy. Only the chat page (``/chat``) may be framed by other sites,
  and only by the allow-listed origins (``frame-ancestors``); everything else is same-origin only.
* JSON responses get ``default-src 'none'``: nothing in them is ever run or shown as a page.
* FastAPI's own API docs (``/docs``, ``/redoc``) need inline scripts, so they get no CSP.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from bot.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

EMBEDDABLE = ("/chat",)  # the paths other sites may put in a frame (the widget's panel)
NO_CSP = ("/docs", "/redoc", "/docs/oauth2-redirect")


def page_policy(settings: Settings, embeddable: bool) -> str:
    own = " ".join(["'self'", settings.public_url]).strip()
    ancestors = " ".join(["'self'", *settings.allowed_origins]) if embeddable else "'self'"
    return "; ".join([
        "default-src 'self'", f"script-src {own}", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", f"connect-src {own}", "media-src 'self'", f"frame-src {own}",
        f"frame-ancestors {ancestors}", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
    ])


def headers_for(settings: Settings, path: str, content_type: str) -> list[tuple[bytes, bytes]]:
    headers = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"strict-origin-when-cross-origin"),
               (b"permissions-policy", b"camera=(), geolocation=(), payment=(), usb=()")]
    embeddable = path in EMBEDDABLE
    if path in NO_CSP:
        policy = None
    elif content_type.startswith(("text/html", "text/css", "application/javascript", "text/javascript")):
        policy = page_policy(settings, embeddable)
    else:
        policy = "default-src 'none'; frame-ancestors 'none'"
    if policy:
        headers.append((b"content-security-policy", policy.encode("latin-1")))
    if not (embeddable and settings.allowed_origins):
        # (old browsers without frame-ancestors; an allow-list cannot be said with X-Frame-Options)
        headers.append((b"x-frame-options", b"SAMEORIGIN"))
    return headers


class SecurityHeaders:
    """Pure ASGI middleware (streams and long polls pass through untouched)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                content_type = next((v.decode("latin-1") for n, v in message.get("headers", [])
                                     if n.lower() == b"content-type"), "")
                extra = [(n, v) for n, v in headers_for(self.settings, scope["path"], content_type)
                         if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, settings: Settings) -> None:
    """Add CORS (when origins are allowed) and the security headers to ``app``."""
    if settings.allowed_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.allowed_origins), allow_credentials=False,
                           allow_methods=["GET", "POST", "DELETE"], allow_headers=["Authorization", "Content-Type"],
                           max_age=600)
    app.add_middleware(SecurityHeaders, settings=settings)
