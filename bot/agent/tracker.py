"""What the citizen sees of a live handoff, written into Rasa's tracker through its HTTP API
(``POST /conversations/{id}/tracker/events`` with the gateway's token): the agent's replies as ``bot`` events
(so history and the widget's updates show them), and ``pause`` / ``resume`` (ConversationPaused /
ConversationResumed: while paused, Rasa logs the citizen's messages but does not answer them)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import httpx

from bot.settings import Settings

JOINED = "工作人员已接入，请问有什么可以帮您？"
BACK = "人工服务已结束，智能助手回来了，您可以继续提问。"
REQUEUED = "工作人员暂时离开了，您的对话已重新排队；这期间智能助手可以先回答您的问题。"
AGENT_MARK = {"from": "agent"}


class TrackerUnavailableError(Exception):
    """Rasa did not take the events; the gateway answers 503 naming the part."""


class TrackerWriter:
    def __init__(self, settings: Settings, timeout: float = 10.0) -> None:
        self._settings = settings
        self._timeout = timeout

    async def _call(self, method: str, sender_id: str, suffix: str, params: dict[str, str],
                    body: Any = None) -> httpx.Response:
        """The conversation's home replica first (the one the gateway sends its messages to), then the others."""
        problem = "rasa: no replica"
        path = f"/conversations/{quote(sender_id, safe=':@')}/tracker{suffix}"
        async with httpx.AsyncClient(timeout=self._timeout) as client:
            for base in self._settings.rasa_urls_for(sender_id):
                try:
                    response = await client.request(method, base + path, params=params, json=body)
                except (httpx.HTTPError, AttributeError, OSError) as exc:  # (a replica dying mid-connect)
                    problem = f"rasa: {type(exc).__name__}"
                    continue
                if response.status_code == 200:
                    return response
                problem = f"rasa: HTTP {response.status_code}"
                if response.status_code < 500:
                    break
        raise TrackerUnavailableError(problem)

    async def append(self, sender_id: str, events: list[dict[str, Any]]) -> None:
        params = {"token": self._settings.auth_token, "include_events": "NONE"}
        await self._call("POST", sender_id, "/events", params, events)

    async def events(self, sender_id: str) -> list[dict[str, Any]]:
        response = await self._call("GET", sender_id, "", {"token": self._settings.auth_token})
        return list(response.json().get("events") or [])


def bot_event(text: str, agent: str | None = None) -> dict[str, Any]:
    metadata = {**AGENT_MARK, "agent": agent} if agent else {"from": "workbench"}
    return {"event": "bot", "text": text, "timestamp": time.time(), "metadata": metadata}


def pause_event() -> dict[str, Any]:
    return {"event": "pause", "timestamp": time.time()}


def resume_event() -> dict[str, Any]:
    return {"event": "resume", "timestamp": time.time()}


def transcript(events: list[dict[str, Any]], after: float = 0.0) -> list[dict[str, Any]]:
    """The user and bot messages of a tracker (after a timestamp), as the console shows them."""
    out = []
    for event in events:
        if event.get("event") not in ("user", "bot") or not event.get("text"):
            continue
        stamp = float(event.get("timestamp") or 0)
        if stamp <= after:
            continue
        meta = event.get("metadata") or {}
        role = "user" if event["event"] == "user" else ("agent" if meta.get("from") == "agent" else "bot")
        out.append({"role": role, "text": event["text"], "timestamp": stamp})
    return out
