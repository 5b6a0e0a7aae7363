"""The gateway's FastAPI application: health, channels, and the web widget's static page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from bot.gateway import agent, entitlements, kb_api, pages, security, web, wechat
from bot.gateway.deps import get_rasa
from bot.gateway.limits import MAX_BODY_BYTES, RequestLimits
from bot.gateway.rasa_client import RasaClient
from bot.gateway.ratelimit import RateLimiter
from bot.gateway.sessions import Sessions
from bot.gateway.store import StoreUnavailableError, make_store
from bot.kb.search import get_index
from bot.settings import Settings, load_settings

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def _utf8_safe(value: Any) -> Any:
    """``value`` with every string made encodable as UTF-8 (lone surrogates written as ``\\udxxx``).

    Request models reject such strings, but an error can still echo the input (a field name, an enum value):
    without this the error response itself would fail to encode and become a 500.
    """
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_utf8_safe(k): _utf8_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_utf8_safe(v) for v in value]
    return value


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient() as client:
            app.state.rasa = RasaClient(settings, client)
            # Build the search index (jieba, BM25) now, not on the first user's request.
            await run_in_threadpool(get_index)
            yield
        await app.state.store.close()

    app = FastAPI(title="养老政策助手 gateway", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    # Shared state (sessions ended, rate limits, WeChat): memory, or Redis when REDIS_URL is set.
    app.state.store = make_store(settings.redis_url, settings.redis_prefix)
    app.state.sessions = Sessions(settings.session_secret, settings.retention_days * 86400.0, app.state.store)
    app.state.limiter = RateLimiter(app.state.store, settings.rate_limit_sender, settings.rate_limit_ip)

    web.install_error_handlers(app)

    @app.exception_handler(StoreUnavailableError)
    async def store_down(request: Request, exc: StoreUnavailableError) -> JSONResponse:
        return JSONResponse(status_code=503, content=web.STORE_DOWN)

    # Body size (bytes actually read, chunked too), JSON nesting depth, control characters in queries.
    app.add_middleware(RequestLimits, max_body=MAX_BODY_BYTES)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _utf8_safe(exc.errors())
        # (a body that is no JSON at all is reported at position 0 of the body: the field at fault is the body)
        fields = [".".join(str(p) for p in err["loc"] if p not in ("body", "__root__")) or "body"
                  if err.get("type") != "json_invalid" else "body" for err in errors]
        messages = [f"{f}: {err['msg']}" for f, err in zip(fields, errors)]
        notice = "；".join(f"{f}{_chinese_problem(err)}" for f, err in zip(fields, errors))
        return JSONResponse(
            status_code=422,
            content={"error": "; ".join(messages), "message": f"请求有误：{notice}。", "fields": fields,
                     "detail": errors},
        )

    @app.get("/healthz")
    async def healthz(rasa: RasaClient = Depends(get_rasa)) -> JSONResponse:
        parts = await rasa.health()
        ok = all(value == "ok" for value in parts.values())
        body = {"status": "ok" if ok else "degraded", **parts}
        if not ok:
            body["down"] = [name for name, value in parts.items() if value != "ok"]
        return JSONResponse(status_code=200 if ok else 503, content=body)

    app.include_router(web.router)
    app.include_router(kb_api.router)
    app.include_router(entitlements.router)
    app.include_router(wechat.router)
    app.include_router(agent.router)

    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    security.install(app, settings)  # last, so outermost: every response gets the headers, a 413 too

    return app


def _chinese_problem(error: dict) -> str:
    """A short Chinese reading of a validation error, for widgets and people reading the reply."""
    kind = str(error.get("type", ""))
    if kind == "json_invalid":
        return "不是有效的JSON"
    if kind.endswith("max_length"):
        return f"太长了（最多{(error.get('ctx') or {}).get('limit_value', '')}字），请分几次发送"
    if kind.endswith("missing"):
        return "缺少"
    if kind.startswith("type_error"):
        return "类型不对"
    return "不符合要求（例如为空）"
