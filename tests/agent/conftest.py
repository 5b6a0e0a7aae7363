"""Shared set-up of the workbench tests: a fresh app database, accounts, a signed-in client, a fake tracker."""

from __future__ import annotations

import json
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from fastapi.testclient import TestClient

from bot.agent import accounts
from bot.agent.tracker import TrackerUnavailableError
from bot.gateway import agent as agent_api
from bot.gateway.app import create_app
from bot.settings import load_settings

PASSWORD = "correct-horse-9"


class FakeTracker:
    """Rasa's tracker as the gateway writes it: events per sender; ``down`` makes every call fail."""

    def __init__(self) -> None:
        self.log: dict[str, list[dict[str, Any]]] = {}
        self.down = False

    async def append(self, sender_id: str, events: list[dict[str, Any]]) -> None:
        if self.down:
            raise TrackerUnavailableError("rasa: ConnectError")
        self.log.setdefault(sender_id, []).extend(events)

    async def events(self, sender_id: str) -> list[dict[str, Any]]:
        if self.down:
            raise TrackerUnavailableError("rasa: ConnectError")
        return list(self.log.get(sender_id, []))

    def texts(self, sender_id: str) -> list[str]:
        return [e.get("text", "") for e in self.log.get(sender_id, []) if e.get("event") == "bot"]

    def kinds(self, sender_id: str) -> list[str]:
        return [e["event"] for e in self.log.get(sender_id, [])]


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> str:
    # argon2id's cheapest parameters: the tests check what is stored and verified, not the hash's cost
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("APP_DB_URL", url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return url


@pytest.fixture
def tracker() -> FakeTracker:
    return FakeTracker()


@pytest.fixture
def client(app_db: str, tracker: FakeTracker) -> TestClient:
    accounts.add_account("wang", PASSWORD, "agent")
    accounts.add_account("li", PASSWORD, "staff")
    app = create_app(load_settings())
    app.dependency_overrides[agent_api.get_tracker] = lambda: tracker
    with TestClient(app) as test_client:
        yield test_client


def send(client: TestClient, method: str, path: str, body: Any, headers: dict[str, str] | None = None):
    """A request with a JSON body sent as is (lone surrogates written as \\udxxx escapes, as JSON allows)."""
    return client.request(method, path, content=json.dumps(body).encode("ascii"),
                          headers={"content-type": "application/json", **(headers or {})})


def sign_in(client: TestClient, name: str = "wang", password: str = PASSWORD) -> dict[str, str]:
    """Sign in; returns the headers a console sends with POSTs (the cookie stays in the client)."""
    response = client.post("/api/agent/login", json={"username": name, "password": password})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}
