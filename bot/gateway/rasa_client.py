"""HTTP client for the Rasa server and the action server."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from bot.settings import Settings


class RasaUnavailableError(Exception):
    """Rasa did not answer; the gateway turns this into a 503 that names the part."""


class RasaClient:
    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        self._settings = settings
        self._client = client

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """Send one user message through Rasa's REST channel and return the bot's messages."""
        url = f"{self._settings.rasa_url}/webhooks/rest/webhook"
        payload = {"sender": sender, "message": text, "metadata": metadata}
        try:
            response = await self._client.post(url, json=payload, timeout=self._settings.request_timeout)
        except httpx.HTTPError as exc:
            raise RasaUnavailableError(f"rasa: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise RasaUnavailableError(f"rasa: HTTP {response.status_code}")
        body = response.json()
        return body if isinstance(body, list) else []

    async def tracker(self, sender: str, include_events: str = "AFTER_RESTART") -> dict[str, Any]:
        """The conversation's tracker; ``include_events="ALL"`` for every event since the start (positions stay put)."""
        url = f"{self._settings.rasa_url}/conversations/{sender}/tracker"
        params = {"token": self._settings.auth_token, "include_events": include_events}
        try:
            response = await self._client.get(url, params=params, timeout=10)
        except httpx.HTTPError as exc:
            raise RasaUnavailableError(f"rasa: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise RasaUnavailableError(f"rasa: HTTP {response.status_code}")
        return response.json()

    async def health(self) -> dict[str, str]:
        """Check both back-end processes concurrently; each part is "ok" or a short reason."""
        rasa, actions = await asyncio.gather(self._check_rasa(), self._check_actions())
        return {"rasa": rasa, "actions": actions}

    async def _check_rasa(self) -> str:
        # /status needs the token and answers only once a model is loaded.
        url = f"{self._settings.rasa_url}/status"
        try:
            response = await self._client.get(url, params={"token": self._settings.auth_token}, timeout=3)
        except httpx.HTTPError as exc:
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
        except httpx.HTTPError as exc:
            return f"down ({type(exc).__name__})"
        return "ok" if response.status_code == 200 else f"down (HTTP {response.status_code})"
