"""A local fake of WeChat for tests: it signs and encrypts messages as WeChat's servers do, and serves the
access-token and customer-service APIs on loopback (point WECHAT_API_BASE at ``FakeWeChatApi.base``)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from wechatpy.crypto import WeChatCrypto

from bot.gateway.wechat import signature
from bot.gateway.wechat_crypto import msg_signature


class FakeWeChatApi:
    """``GET /cgi-bin/token`` and ``POST /cgi-bin/message/custom/{send,typing}``, recording every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = []  # (path, query, body)
        self.accepted: list[tuple[str, dict[str, Any]]] = []  # (path, body) of the calls answered errcode 0
        self.tokens_issued = 0
        self.send_error: dict[str, Any] | None = None  # e.g. {"errcode": 45015, "errmsg": "response out of time"}
        self.expire_next_token_use = False  # answer 42001 once, as WeChat does for an expired token
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                with api.lock:
                    api.calls.append((url.path, query, {}))
                    if url.path == "/cgi-bin/token" and query.get("grant_type") == "client_credential":
                        api.tokens_issued += 1
                        self._json({"access_token": f"TOKEN-{api.tokens_issued}", "expires_in": 7200})
                        return
                self._json({"errcode": 40013, "errmsg": "invalid appid"})

            def do_POST(self) -> None:  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                with api.lock:
                    api.calls.append((url.path, query, body))
                    if query.get("access_token") != f"TOKEN-{api.tokens_issued}":
                        self._json({"errcode": 40001, "errmsg": "invalid credential"})
                    elif api.expire_next_token_use:
                        api.expire_next_token_use = False
                        self._json({"errcode": 42001, "errmsg": "access_token expired"})
                    elif url.path.endswith("/send") and api.send_error:
                        self._json(api.send_error)
                    else:
                        api.accepted.append((url.path, body))
                        self._json({"errcode": 0, "errmsg": "ok"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeWeChatApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sent(self, kind: str = "send") -> list[dict[str, Any]]:
        """The customer-service calls of ``kind`` (send, typing) that WeChat accepted."""
        with self.lock:
            return [body for path, body in self.accepted if path == f"/cgi-bin/message/custom/{kind}"]

    def attempts(self, kind: str = "send") -> list[dict[str, Any]]:
        with self.lock:
            return [body for path, _, body in self.calls if path == f"/cgi-bin/message/custom/{kind}"]

    def wait_for(self, kind: str, count: int = 1, timeout: float = 5.0, accepted: bool = True) -> list[dict[str, Any]]:
        calls = self.sent if accepted else self.attempts
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(calls(kind)) < count:
            time.sleep(0.02)
        return calls(kind)


class FakeWeChatServer:
    """What WeChat's servers send to /wechat: signed query strings, plain or encrypted XML bodies."""

    def __init__(self, token: str, appid: str, aes_key: str) -> None:
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, appid)

    def query(self, timestamp: str | None = None, nonce: str = "n0nce") -> dict[str, str]:
        timestamp = timestamp or str(int(time.time()))
        return {"signature": signature(self.token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}

    def encrypted(self, xml: str, account: str, compatible: bool = False, timestamp: str | None = None,
                  nonce: str = "n0nce") -> tuple[dict[str, str], bytes]:
        """The query and body of a 安全模式 (or 兼容模式: plaintext fields too) push of ``xml``."""
        query = self.query(timestamp, nonce)
        cipher = self.crypto.encrypt_message(xml, nonce, query["timestamp"])
        encrypted = cipher.split("<Encrypt><![CDATA[")[1].split("]]>")[0]
        query.update(encrypt_type="aes", msg_signature=msg_signature(self.token, query["timestamp"], nonce, encrypted),
                     openid="o")
        inner = xml.removeprefix("<xml>").removesuffix("</xml>") if compatible else \
            f"<ToUserName><![CDATA[{account}]]></ToUserName>"
        return query, f"<xml>{inner}<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()

    def open_reply(self, body: str) -> str:
        """Check the reply's signature and decrypt it, as WeChat does."""
        import xmltodict

        envelope = xmltodict.parse(body)["xml"]
        return self.crypto.decrypt_message(envelope, envelope["MsgSignature"], envelope["TimeStamp"],
                                           envelope["Nonce"])
