"""The web pages: the full-page chat (``/`` and ``/chat``, which portals frame), the embed script
``/widget.js``, and ``/demo``, a government portal page that embeds the widget as a real site would."""

from __future__ import annotations

import html
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
router = APIRouter(include_in_schema=False)


@router.get("/")
@router.get("/chat")
async def chat_page() -> FileResponse:
    return FileResponse(WEB_DIR / "chat.html", headers={"Cache-Control": "no-cache"})


@router.get("/widget.js")
async def widget_script() -> FileResponse:
    # Portals load it with <script src=…> from their own pages: a short cache, revalidated.
    return FileResponse(WEB_DIR / "widget.js", media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=300"})


@router.get("/demo")
async def demo_page(request: Request) -> Response:
    """The demo portal; the widget comes from ``PUBLIC_URL`` when set (another origin), else from this one."""
    api = request.app.state.settings.public_url
    page = (WEB_DIR / "demo.html").read_text(encoding="utf-8").replace("{{API}}", html.escape(api, quote=True))
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})
