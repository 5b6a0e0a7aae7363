"""Malformed and hostile requests for the gateway: none may get a 5xx (issue 22).

Used by tests/unit/test_hostile_input.py (in-process, a fake Rasa) and tests/e2e/test_faults.py (the real
stack over HTTP). Each case is (name, method, path, headers, body); a body may be bytes or an iterator of
bytes (sent chunked, with no Content-Length).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Union

Body = Union[bytes, Iterator[bytes], None]
Case = tuple[str, str, str, dict[str, str], Body]
JSON = {"content-type": "application/json"}
XML = {"content-type": "text/xml"}
MB = 1024 * 1024


def wechat_query(token: str, timestamp: str = "1714000000", nonce: str = "382910") -> str:
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    return f"signature={signature}&timestamp={timestamp}&nonce={nonce}"


def nested(depth: int, open_: str = "[", close: str = "]", inner: str = "1") -> str:
    return open_ * depth + inner + close * depth


def chunks(total: int, size: int = 16 * 1024, first: bytes = b'{"sender": "a", "text": "') -> Iterator[bytes]:
    yield first
    sent = len(first)
    while sent < total:
        yield b"x" * size
        sent += size
    yield b'"}'


def _xml(text: str, encoding: str = "utf-8", declaration: str = '<?xml version="1.0" encoding="{enc}"?>') -> bytes:
    body = (declaration.format(enc=encoding) + "<xml><ToUserName>gh_1</ToUserName><FromUserName>o_hostile"
            "</FromUserName><CreateTime>1714000000</CreateTime><MsgType>text</MsgType>"
            f"<Content>{text}</Content><MsgId>9{abs(hash(encoding + text)) % 10**9}</MsgId></xml>")
    return body.encode(encoding if encoding.lower() not in ("no-such", "utf-7x") else "utf-8", "replace")


def cases(wechat_token: str) -> list[Case]:
    wq = wechat_query(wechat_token)
    chat = "/api/chat"
    result: list[Case] = [
        # deep nesting (RecursionError in validation was a 500)
        ("chat text nested 900 deep", "POST", chat, JSON, json.dumps({"sender": "a"})[:-1].encode()
         + f', "text": {nested(900)}}}'.encode()),
        ("chat body nested 5000 deep", "POST", chat, JSON, nested(5000).encode()),
        ("chat objects nested 900 deep", "POST", chat, JSON, nested(900, '{"a":', "}", "1").encode()),
        ("entitlements profile nested 900 deep", "POST", "/api/entitlements", JSON,
         f'{{"profile": {{"age": {nested(900)}}}}}'.encode()),
        ("entitlements nested 500 deep", "POST", "/api/entitlements", JSON,
         ('{"profile": ' + nested(500, '{"region":', "}", "1") + "}").encode()),
        # control characters in query parameters (InvalidURL towards Rasa was a 500)
        *[(f"history sender with {c!r}", "GET", f"/api/chat/history?sender=a{c}b", {}, None)
          for c in ("%00", "%01", "%0a", "%0d", "%1b", "%7f", "%c2%85", "%09")],
        ("kb search with NUL", "GET", "/api/kb/search?q=%E5%85%BB%00%E8%80%81", {}, None),
        ("kb search with invalid UTF-8", "GET", "/api/kb/search?q=%ff%fe", {}, None),
        ("kb search 4k-character query", "GET", "/api/kb/search?q=" + "养老" * 2000, {}, None),
        ("kb documents with a path trick", "GET", "/api/kb/documents/..%2F..%2Fetc%2Fpasswd", {}, None),
        ("static path traversal", "GET", "/static/../../../etc/passwd", {}, None),
        # invalid UTF-8, lone surrogates, odd JSON
        ("chat invalid UTF-8", "POST", chat, JSON, b'{"sender": "a", "text": "\xff\xfe\xfd"}'),
        ("chat lone surrogate", "POST", chat, JSON, b'{"sender": "a", "text": "\\ud800"}'),
        ("chat lone surrogate key", "POST", chat, JSON, b'{"sender": "a", "text": "hi", "\\udfff": 1}'),
        ("chat surrogate sender", "POST", chat, JSON, b'{"sender": "\\udbff", "text": "hi"}'),
        ("entitlements surrogate value", "POST", "/api/entitlements", JSON, b'{"profile": {"region": "\\ud800"}}'),
        ("chat NaN", "POST", chat, JSON, b'{"sender": "a", "text": NaN}'),
        ("chat huge number", "POST", chat, JSON, b'{"sender": "a", "text": 1e999999}'),
        ("chat duplicate keys", "POST", chat, JSON, b'{"sender": "a", "text": "x", "text": 5}'),
        ("chat null", "POST", chat, JSON, b"null"),
        ("chat empty body", "POST", chat, JSON, b""),
        ("chat text/plain", "POST", chat, {"content-type": "text/plain"}, b'{"sender": "a", "text": "hi"}'),
        ("chat form encoded", "POST", chat, {"content-type": "application/x-www-form-urlencoded"},
         b"sender=a&text=hi"),
        ("chat BOM", "POST", chat, JSON, b'\xef\xbb\xbf{"sender": "a", "text": "hi"}'),
        ("chat control chars in text", "POST", chat, JSON, b'{"sender": "a", "text": "\\u0000\\u0007\\u001b"}'),
        ("chat control char sender", "POST", chat, JSON, b'{"sender": "a\\u007fb", "text": "hi"}'),
        ("entitlements age as string", "POST", "/api/entitlements", JSON, b'{"profile": {"age": "eighty"}}'),
        ("entitlements huge age", "POST", "/api/entitlements", JSON, b'{"profile": {"age": 1e308}}'),
        ("entitlements negative age", "POST", "/api/entitlements", JSON,
         b'{"profile": {"age": -99999999999999999999}}'),
        ("entitlements list profile", "POST", "/api/entitlements", JSON, b'{"profile": []}'),
        # sizes: 1 MB with Content-Length, 1 MB chunked (used to bypass the limit), small chunked
        ("chat 1 MB", "POST", chat, JSON, b'{"sender": "a", "text": "' + b"x" * MB + b'"}'),
        ("entitlements 1 MB", "POST", "/api/entitlements", JSON, b'{"profile": {"region": "' + b"y" * MB + b'"}}'),
        ("chat 1 MB chunked", "POST", chat, JSON, chunks(MB)),
        ("entitlements 1 MB chunked", "POST", "/api/entitlements", JSON,
         chunks(MB, first=b'{"profile": {"region": "')),
        ("chat small chunked", "POST", chat, JSON,
         iter([b'{"sender": "chunk",', b' "text": "\xe4\xbd\xa0\xe5\xa5\xbd"}'])),
        # methods
        ("chat DELETE", "DELETE", chat, {}, None),
        ("chat PUT", "PUT", chat, JSON, b"{}"),
        ("healthz POST", "POST", "/healthz", JSON, b"{}"),
        ("OPTIONS", "OPTIONS", chat, {}, None),
        # WeChat: XML entities, DTDs, encodings, sizes
        ("wechat billion laughs", "POST", f"/wechat?{wq}", XML,
         b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
         b"<xml><Content>&lol2;</Content></xml>"),
        ("wechat external entity", "POST", f"/wechat?{wq}", XML,
         b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
         b"<xml><Content>&e;</Content></xml>"),
        ("wechat parameter entity", "POST", f"/wechat?{wq}", XML,
         b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><xml/>'),
        ("wechat malformed", "POST", f"/wechat?{wq}", XML, b"<xml><Content>unclosed"),
        ("wechat not xml", "POST", f"/wechat?{wq}", XML, b"\x00\x01\x02 hello"),
        ("wechat invalid UTF-8", "POST", f"/wechat?{wq}", XML, _xml("你好").replace("你".encode(), b"\xff\xfe")),
        ("wechat 1 MB", "POST", f"/wechat?{wq}", XML, _xml("长" * (MB // 3))),
        ("wechat 1 MB chunked", "POST", f"/wechat?{wq}", XML, chunks(MB, first=b"<xml><Content>")),
        ("wechat bad signature", "POST", "/wechat?signature=x&timestamp=1&nonce=2", XML, _xml("你好")),
        ("wechat GET control chars", "GET", f"/wechat?{wq}&echostr=a%00b", {}, None),
        ("wechat deep elements", "POST", f"/wechat?{wq}", XML, b"<xml>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</xml>"),
    ]
    # Encoding declarations the parser cannot honour (multi-byte, unknown) were a 500.
    for encoding in ("gbk", "gb2312", "utf-16", "utf-16le", "big5", "shift_jis", "no-such", "utf-7x", "latin-1"):
        result.append((f"wechat XML declared {encoding}", "POST", f"/wechat?{wq}", XML, _xml("你好", encoding)))
    return result
