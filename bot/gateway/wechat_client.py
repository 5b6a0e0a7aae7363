"""WeChat customer-service messages (客服消息): how a late answer, or a human agent's reply, reaches a user.

Uses wechatpy's ``WeChatClient`` (its HTTP calls run in a thread). The access token is cached in the
shared store and refreshed five minutes before it expires, by one worker at a time (a lock in the store),
because each fetch of a new token starts the old one's end. ``WECHAT_API_BASE`` points the client at
another server (tests run a fake WeChat API on loopback).

For other modules (the agent console): ``await send_customer_message(app, openid, text)``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, Optional

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from bot.gateway.store import Store
from bot.settings import Settings

TOKEN_KEY = "wechat:access_token"
LOCK_KEY = "wechat:access_token:lock"
REFRESH_MARGIN = 300  # refresh this many seconds before WeChat says the token expires
HTTP_TIMEOUT = 5
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid, malformed, expired access token
logger = logging.getLogger(__name__)


class WeChatSendError(Exception):
    """WeChat refused or could not be reached; the message was not delivered."""


class _Client(WeChatClient):
    """wechatpy's client with its API base (and token URL) taken from settings."""

    def __init__(self, settings: Settings, access_token: Optional[str] = None) -> None:
        super().__init__(settings.wechat_appid, settings.wechat_secret, access_token=access_token,
                         timeout=HTTP_TIMEOUT, auto_retry=False)
        self.API_BASE_URL = settings.wechat_api_base

    def fetch_access_token(self) -> dict[str, Any]:
        return self._fetch_access_token(url=self.API_BASE_URL + "token", params={
            "grant_type": "client_credential", "appid": self.appid, "secret": self.secret})


class CustomerService:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings, self.store = settings, store

    @property
    def configured(self) -> bool:
        return bool(self.settings.wechat_appid and self.settings.wechat_secret)

    async def _token(self, stale: Optional[str] = None) -> str:
        """The cached access token, or a fresh one (``stale``: a token WeChat just refused)."""
        for _ in range(50):
            cached = await self.store.get(TOKEN_KEY)
            if cached:
                entry = json.loads(cached)
                if entry["token"] != stale and entry["refresh_at"] > time.time():
                    return entry["token"]
            if await self.store.add(LOCK_KEY, "1", 30):
                try:
                    return await self._fetch()
                finally:
                    await self.store.delete(LOCK_KEY)
            await asyncio.sleep(0.1)  # another worker is fetching it
        raise WeChatSendError("timed out waiting for another worker to fetch the access token")

    async def _fetch(self) -> str:
        try:
            result = await run_in_threadpool(_Client(self.settings).fetch_access_token)
        except Exception as exc:  # noqa: BLE001 - requests or WeChat errors: not delivered, said so
            raise WeChatSendError(f"access token: {exc}") from exc
        token, expires_in = str(result["access_token"]), int(result.get("expires_in", 7200))
        entry = {"token": token, "refresh_at": time.time() + max(expires_in - REFRESH_MARGIN, expires_in // 2)}
        await self.store.set(TOKEN_KEY, json.dumps(entry), expires_in)
        return token

    async def _call(self, endpoint: str, data: dict[str, Any]) -> None:
        if not self.configured:
            raise WeChatSendError("WECHAT_APPID and WECHAT_SECRET are not set: no customer-service messages")
        token = await self._token()
        for attempt in (1, 2):
            client = _Client(self.settings, access_token=token)
            try:
                await run_in_threadpool(client.post, endpoint, data=data)
                return
            except WeChatClientException as exc:
                if attempt == 1 and exc.errcode in TOKEN_ERRORS:
                    token = await self._token(stale=token)
                    continue
                raise WeChatSendError(f"{endpoint}: {exc.errcode} {exc.errmsg}") from exc
            except Exception as exc:  # noqa: BLE001 - network errors
                raise WeChatSendError(f"{endpoint}: {type(exc).__name__}: {exc}") from exc

    async def send_text(self, openid: str, text: str) -> None:
        await self._call("message/custom/send", {"touser": openid, "msgtype": "text", "text": {"content": text}})

    async def typing(self, openid: str) -> None:
        """Show "对方正在输入…" to the user (until a message is sent, or 15 s)."""
        await self._call("message/custom/typing", {"touser": openid, "command": "Typing"})


def get_customer_service(app: FastAPI) -> CustomerService:
    service = getattr(app.state, "wechat_cs", None)
    if service is None:
        service = app.state.wechat_cs = CustomerService(app.state.settings, app.state.store)
    return service


async def send_customer_message(app: FastAPI, openid: str, text: str) -> None:
    """Send ``text`` to the WeChat user ``openid`` (the Rasa sender is ``wechat:<openid>``) as a 客服消息.

    Raises WeChatSendError when it was not delivered (not configured, WeChat refused, unreachable). WeChat
    accepts these only within 48 hours of the user's last message, and at most 2048 bytes of text.
    """
    await get_customer_service(app).send_text(openid, text)
