"""POST /api/entitlements, mounted on a fresh FastAPI app (the lead wires the router into the gateway)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.gateway.entitlements import router

RESULT_KEYS = {"benefit_id", "name", "region", "status", "checklist", "reasons", "missing", "citations",
               "warnings"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def test_response_shape(client: TestClient) -> None:
    body = {"profile": {"region": "wenzhou", "hukou_local": True, "resides_local": True, "economic": "dibao",
                        "disability": "moderate"}}
    response = client.post("/api/entitlements", json=body)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"results"}
    result = data["results"][0]
    assert set(result) == RESULT_KEYS | {"amount"}
    assert result["benefit_id"] == "wenzhou.free_home_care_hours" and result["status"] == "eligible"
    assert result["amount"] == {"text": "每月可以享受不少于三十小时的免费居家养老服务", "value": 30,
                                "unit": "小时/月"}
    assert all(set(c) == {"doc_id", "clause_id", "quote"} for c in result["citations"])
    assert all({"condition", "state"} <= set(item) for item in result["checklist"])
    assert any("征求意见稿" in w for w in result["warnings"])


def test_need_info_lists_missing_fields_without_amount(client: TestClient) -> None:
    data = client.post("/api/entitlements", json={"profile": {"region": "三亚"}}).json()
    statuses = {r["benefit_id"]: r for r in data["results"]}
    visits = statuses["hainan.key_visits"]
    assert visits["status"] == "need_info" and visits["missing"][0] == "living"
    assert set(visits) == RESULT_KEYS  # no amount key when there is none
    assert all(r["region"] == "hainan" for r in data["results"])


@pytest.mark.parametrize("profile", [{}, {"age": 70}, {"region": "北京", "age": 70}, {"region": "上海市"}])
def test_missing_or_uncovered_region_is_200_with_a_notice(client: TestClient, profile: dict) -> None:
    response = client.post("/api/entitlements", json={"profile": profile})
    assert response.status_code == 200
    data = response.json()
    assert data["results"] == [] and "海口" in data["notice"] and "温州" in data["notice"]


@pytest.mark.parametrize(("profile", "field"), [
    ({"region": "haikou", "age": -5}, "age"),
    ({"region": "haikou", "age": "abc"}, "age"),
    ({"region": "haikou", "disability": "very"}, "disability"),
    ({"region": "haikou", "economic": "rich"}, "economic"),
    ({"region": "haikou", "living": "hotel"}, "living"),
    ({"region": "haikou", "shoe_size": 42}, "shoe_size"),
    ({"region": "haikou", "economic": "dibao", "tekun_mode": "dispersed"}, "tekun_mode"),
])
def test_malformed_profile_is_422_naming_the_field(client: TestClient, profile: dict, field: str) -> None:
    response = client.post("/api/entitlements", json={"profile": profile})
    assert response.status_code == 422
    assert field in response.text


def test_body_without_profile_is_422(client: TestClient) -> None:
    response = client.post("/api/entitlements", json={"region": "haikou"})
    assert response.status_code == 422 and "profile" in response.text
