"""HTTP client for the Rasa server(s) and the action server.

With several Rasa replicas (`REPLICAS`, the scaled topology) each conversation has a home replica
chosen by a stable hash of its sender id, so its tracker stays warm there; when that replica cannot be
reached the next one takes the message (Rasa's Redis lock store keeps one conversation's turns in order
whichever replica handles them).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any
from urllib.parse import quote

import httpx

from bot.settings import Settings

logger = logging.getLogger(__name__)

# What the user sees when Rasa answered with no message at all (the action server is down, or an action
# crashed): never an empty reply.
EMPTY_REPLY_TEXT = "抱歉，助手这会儿没能回答您。请稍后再发一次；着急的话请拨打12345政务服务便民热线。"
PATH_SAFE = ":@!$&'()*+,;=-._~"  # what a URL path segment may hold unquoted (RFC 3986 pchar)
# The metadata a channel sets when the text is the payload of a button the user tapped (typed text never is: the
# conversation takes a payload only when tapped and offered; bot/conversation/message.py reads the same key).
TAPPED = "tapped"
TURN_ID = "turn_id"  # the gateway's id of one user message, in its metadata (stored with the user event)
# Failures that mean the replica did not answer: try the next one. The replica may have died after storing the
# turn and before answering (SIGKILL mid-turn), so the next one is first asked whether it holds the turn (by the
# turn's id in the message's metadata): then its stored replies are returned and the message is not sent again.
# A read timeout is not among them: the replica may still be working on the message.
# (AttributeError: anyio asks a socket that the dying replica reset right after connect for its peer name, and
# httpcore lets that through instead of a ConnectError — seen once in the scale test as a 500)
_FAIL_OVER = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError,
              httpx.WriteError, httpx.PoolTimeout, AttributeError, OSError)
# any failure of the transport to a replica (the same AttributeError / OSError besides httpx's own)
TRANSPORT_ERRORS = (httpx.HTTPError, AttributeError, OSError)


class RasaUnavailableError(Exception):
    """Rasa did not answer; the gateway turns this into a 503 that names the part."""


def has_text(messages: list[dict[str, Any]]) -> bool:
    """Whether any of Rasa's messages says something (its own text or a custom payload's)."""
    return any(isinstance(m, dict) and (m.get("text") or (isinstance(m.get("custom"), dict)
                                                            and m["custom"].get("text")))
               for m in messages)


class RasaClient:
    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        self._settings = settings
        self._client = client
        self._urls = settings.rasa_urls

    def replicas_for(self, sender: str) -> list[str]:
        """The replicas in the order to try them for ``sender``: its home replica first."""
        return self._settings.rasa_urls_for(sender)

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """Send one user message through Rasa's REST channel and return the bot's messages (never none)."""
        turn_id = uuid.uuid4().hex
        payload = {"sender": sender, "message": text, "metadata": {**metadata, TURN_ID: turn_id}}
        problem = ""
        for base in self.replicas_for(sender):
            if problem:
                stored = await self._stored_turn(base, sender, turn_id)
                if stored is not None:
                    logger.warning("%s; the turn was stored before it failed: its replies are returned", problem)
                    return stored if has_text(stored) else [{"text": EMPTY_REPLY_TEXT, "recipient_id": sender}]
            try:
                response = await self._client.post(f"{base}/webhooks/rest/webhook", json=payload,
                                                   timeout=self._settings.request_timeout)
            except _FAIL_OVER as exc:
                problem = f"rasa: {type(exc).__name__} at {base}"
                logger.warning("%s; trying the next replica", problem)
                continue
            except httpx.HTTPError as exc:
                raise RasaUnavailableError(f"rasa: {type(exc).__name__}") from exc
            if response.status_code >= 500:
                problem = f"rasa: HTTP {response.status_code} at {base}"
                logger.warning("%s; trying the next replica", problem)
                continue
            if response.status_code != 200:
                raise RasaUnavailableError(f"rasa: HTTP {response.status_code}")
            try:
                body = response.json()
            except ValueError:
                body = None
            messages = body if isinstance(body, list) else []
            if not has_text(messages):
                if await self._paused(base, sender):
                    return []  # a person has taken the conversation over (bot.agent): they answer, not the bot
                logger.error("rasa gave no reply to %s (is the action server down?); sent the apology", sender)
                return [{"text": EMPTY_REPLY_TEXT, "recipient_id": sender}]
            return messages
        raise RasaUnavailableError(problem or "rasa: no replica")

    async def _stored_turn(self, base: str, sender: str, turn_id: str) -> list[dict[str, Any]] | None:
        """The bot's messages of the stored turn with this id (as the REST channel gives them), or None when the
        conversation holds no such turn (or the replica cannot say)."""
        try:
            # (characters no URL may hold quoted: a sender with control characters raised httpx.InvalidURL; the
            # usual ones, web:… and wechat:…, stay as they are)
            response = await self._client.get(f"{base}/conversations/{quote(sender, safe=PATH_SAFE)}/tracker",
                                              params={"token": self._settings.auth_token, "include_events": "ALL"},
                                              timeout=10)
            events = response.json().get("events") if response.status_code == 200 else None
        except Exception as exc:  # noqa: BLE001 - a probe: whatever fails, the message is sent as before
            logger.warning("could not ask %s whether it holds the turn: %s", base, type(exc).__name__)
            return None
        if not isinstance(events, list):
            return None
        at = next((i for i, e in enumerate(events) if isinstance(e, dict) and e.get("event") == "user"
                   and isinstance(e.get("metadata"), dict) and e["metadata"].get(TURN_ID) == turn_id), None)
        if at is None:
            return None
        replies: list[dict[str, Any]] = []
        for event in events[at + 1:]:
            if not isinstance(event, dict) or event.get("event") == "user":
                break
            if event.get("event") == "bot":
                data = event.get("data") if isinstance(event.get("data"), dict) else {}
                message = {"recipient_id": sender, "text": event.get("text")}
                message.update({k: v for k, v in data.items() if v and k in ("buttons", "custom", "image")})
                replies.append({k: v for k, v in message.items() if v is not None})
        return replies

    async def _paused(self, base: str, sender: str) -> bool:
        """The conversation is paused (ConversationPaused: an agent claimed it), so silence is expected."""
        try:
            response = await self._client.get(f"{base}/conversations/{sender}/tracker",
                                              params={"token": self._settings.auth_token, "include_events": "NONE"},
                                              timeout=5)
            body = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError, *_FAIL_OVER):
            return False
        return isinstance(body, dict) and body.get("paused") is True

    async def tracker(self, sender: str, include_events: str = "AFTER_RESTART") -> dict[str, Any]:
        """The conversation's tracker from its home replica (or the next that answers); ``include_events="ALL"``
        for every event since the start (positions stay put)."""
        problem = ""
        params = {"token": self._settings.auth_token, "include_events": include_events}
        for base in self.replicas_for(sender):
            try:
                response = await self._client.get(f"{base}/conversations/{sender}/tracker", params=params, timeout=10)
            except TRANSPORT_ERRORS as exc:
                problem = f"rasa: {type(exc).__name__}"
                continue
            if response.status_code != 200:
                problem = f"rasa: HTTP {response.status_code}"
                continue
            return response.json()
        raise RasaUnavailableError(problem or "rasa: no replica")

    async def health(self) -> dict[str, str]:
        """Check the back-end processes concurrently; each part is "ok" or a short reason.

        Rasa is "ok" while any replica answers (the others' conversations fail over to it).
        """
        *replicas, actions = await asyncio.gather(*(self._check_rasa(url) for url in self._urls),
                                                  self._check_actions())
        up = [state for state in replicas if state == "ok"]
        if up or len(replicas) == 1:
            rasa = "ok" if up else replicas[0]
        else:
            rasa = f"down (all {len(replicas)} replicas: {replicas[0]})"
        return {"rasa": rasa, "actions": actions}

    async def _check_rasa(self, base: str) -> str:
        # /status needs the token and answers only once a model is loaded.
        try:
            response = await self._client.get(f"{base}/status", params={"token": self._settings.auth_token},
                                              timeout=3)
        except TRANSPORT_ERRORS as exc:
            return f"down ({type(exc).__name__})"
        if response.status_code != 200:
            return f"down (HTTP {response.status_code})"
        if not response.json().get("model_file"):
            return "down (no model loaded)"
        return "ok"

    async def _check_actions(self) -> str:
        url = f"{self._settings.actions_url}/health"
        try:
            response = await self._client.get(url, timeout=3)
        except TRANSPORT_ERRORS as exc:
            return f"down ({type(exc).__name__})"
        return "ok" if response.status_code == 200 else f"down (HTTP {response.status_code})"
