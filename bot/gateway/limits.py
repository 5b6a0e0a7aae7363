"""Request hardening for the gateway, before any route sees the request (a pure ASGI middleware).

* The body is limited by the bytes actually received, chunked uploads included (a Content-Length
  header alone can be left out or lie): over the limit → 413.
* A JSON body nested deeper than any real request (``[[[[…]]]]``) → 422 before a parser or validator
  recurses into it (900 levels made pydantic raise RecursionError, a 500).
* A query parameter with a control character → 422 naming it (a sender with a control character
  used to reach Rasa's URL and fail there).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (strings skipped); no parsing, no recursion."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_JSON_STRING.sub(b"", body)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def bad_query_parameter(query_string: bytes) -> str | None:
    """The name of the first query parameter whose name or value holds a control character, else None.

    Bytes that are not UTF-8 are read as U+FFFD (as Starlette does), so they never reach a route raw.
    """
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace")
    for name, value in pairs:
        if any(unicodedata.category(ch) == "Cc" for ch in name + value):
            return "".join("?" if unicodedata.category(ch) == "Cc" else ch for ch in name) or "query"
    return None


async def _reply(send: Send, status: int, content: dict[str, Any]) -> None:
    body = json.dumps(content, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def too_large(limit: int) -> dict[str, Any]:
    return {"error": f"request body too large (max {limit} bytes)", "field": "body",
            "message": f"请求内容太长了（最多{limit // 1024}KB），请分几次发送。"}


class RequestLimits:
    """ASGI middleware: ``app.add_middleware(RequestLimits)``."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES, max_depth: int = MAX_JSON_DEPTH) -> None:
        self.app = app
        self.max_body = max_body
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        name = bad_query_parameter(scope.get("query_string", b""))
        if name is not None:
            await _reply(send, 422, {"error": f"query parameter {name!r} has control characters",
                                     "fields": [name], "message": f"请求有误：{name}含有不能识别的字符。"})
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"").decode("latin-1")
        if length.isdigit() and int(length) > self.max_body:
            await _reply(send, 413, too_large(self.max_body))
            return
        # Read the whole body, counting what actually arrives, then hand it on in one piece.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _reply(send, 413, too_large(self.max_body))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body.lstrip()[:1] in (b"[", b"{") and json_depth(body) > self.max_depth:
            await _reply(send, 422, {"error": f"JSON nested more than {self.max_depth} levels deep",
                                     "fields": ["body"], "message": "请求有误：内容嵌套层数太多。"})
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
