"""The knowledge-base API of the gateway (no Rasa needed)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.gateway.app import create_app
from bot.settings import load_settings


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(load_settings())) as test_client:
        yield test_client


def test_search_returns_precise_cited_clauses(client: TestClient) -> None:
    body = client.get("/api/kb/search", params={"q": "重度失能 免费居家养老服务 小时", "region": "wenzhou"}).json()
    first = body["results"][0]
    assert first["clause_id"] == "wenzhou-2022-draft:3.3.8"
    assert first["doc_status"] == "draft"
    assert set(first) == {"doc_id", "clause_id", "heading", "text", "score", "doc_status"}


def test_search_region_filter_includes_hainan_for_haikou(client: TestClient) -> None:
    results = client.get("/api/kb/search", params={"q": "养老床位", "region": "haikou", "k": 10}).json()["results"]
    assert {r["doc_id"].split("-")[0] for r in results} <= {"haikou", "hainan"}


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "   "}, {"q": "体检", "k": 0}, {"q": "体检", "k": 99},
                                    {"q": "体检", "region": "北京"}, {"q": "x" * 201}, {}])
def test_bad_search_parameters_are_422(client: TestClient, params: dict) -> None:
    assert client.get("/api/kb/search", params=params).status_code == 422


def test_documents_and_clauses(client: TestClient) -> None:
    docs = client.get("/api/kb/documents").json()["documents"]
    assert {d["doc_id"] for d in docs} >= {"haikou-2023-105", "wenzhou-2022-draft", "changji-2021-1"}
    doc = client.get("/api/kb/documents/wenzhou-2022-draft").json()
    assert doc["status"] == "draft" and any(c["clause_id"] == "wenzhou-2022-draft:3.3.8" for c in doc["clauses"])
    clause = client.get("/api/kb/clauses/haikou-2023-105:2.3.9").json()
    assert "65" in clause["text"] and clause["parent"] == "haikou-2023-105:2.3"


def test_unknown_ids_are_404_with_a_message(client: TestClient) -> None:
    for path in ("/api/kb/documents/nope", "/api/kb/clauses/nope:1"):
        response = client.get(path)
        assert response.status_code == 404 and "nope" in response.json()["detail"]["error"]


def test_catalogs(client: TestClient) -> None:
    assert client.get("/api/kb/benefits").status_code == 200
    figures = client.get("/api/kb/figures", params={"region": "wenzhou"}).json()["figures"]
    assert all(f["region"] == "wenzhou" for f in figures)
    assert client.get("/api/kb/figures", params={"region": "火星"}).status_code == 422
