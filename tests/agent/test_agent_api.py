"""The workbench's HTTP API (/api/agent/*) with a real app database and a fake Rasa tracker: sign-in, CSRF,
lockout, audit, call records, staff review, the live handoff queue, and bad input (a clear 4xx, never a 5xx)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import timedelta

from fastapi.testclient import TestClient

from bot import store
from bot.agent import accounts, clock
from bot.handoff import handoff_text, request_handoff
from tests.agent.conftest import PASSWORD, FakeTracker, send, sign_in

ENDPOINTS = [
    ("GET", "/api/agent/me", None), ("GET", "/api/agent/fields", None), ("POST", "/api/agent/logout", None),
    ("POST", "/api/agent/suggest", {"text": "温州失能老人服务多少小时"}),
    ("POST", "/api/agent/check", {"profile": {"region": "wenzhou"}}),
    ("POST", "/api/agent/tickets", {"question": "问", "outcome": "answered"}),
    ("GET", "/api/agent/tickets", None), ("GET", "/api/agent/tickets.csv", None), ("GET", "/api/agent/queue", None),
    ("GET", "/api/agent/handoffs/1", None), ("POST", "/api/agent/handoffs/1/claim", None),
    ("POST", "/api/agent/handoffs/1/reply", {"text": "您好"}),
    ("POST", "/api/agent/handoffs/1/release", {"outcome": "answered"}),
    ("GET", "/api/agent/feedback", None), ("POST", "/api/agent/feedback/1/review", {"note": "x"}),
    ("GET", "/api/agent/audit", None),
]


def rows(url: str, sql: str) -> list[tuple]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return db.execute(sql).fetchall()


def handoff(sender: str = "web:citizen", facts: dict | None = None) -> int:
    receipt = request_handoff(sender, "web", "asked", [{"role": "user", "text": "我妈85岁住海口"},
                                                       {"role": "user", "text": "转人工"}],
                              facts or {"region": "haikou", "age": "85"})
    assert receipt.queued, receipt
    return receipt.number


# --- sign-in ---------------------------------------------------------------------------------------------------


def test_every_endpoint_needs_a_session(client: TestClient) -> None:
    for method, path, body in ENDPOINTS:
        response = client.request(method, path, json=body)
        assert response.status_code == 401, path
        assert response.json()["detail"]["message"] == "请先登录"


def test_every_post_needs_the_csrf_token(client: TestClient) -> None:
    headers = sign_in(client, "li")  # staff: the review endpoint answers 403 for CSRF, not for the role
    for method, path, body in [e for e in ENDPOINTS if e[0] == "POST"]:
        for wrong in ({}, {"X-CSRF-Token": "forged"}):
            response = client.request(method, path, json=body, headers=wrong)
            assert response.status_code == 403, (path, wrong, response.text)
            assert response.json()["detail"]["fields"] == ["X-CSRF-Token"]
    assert headers["X-CSRF-Token"]


def test_login_sets_a_strict_http_only_cookie_and_returns_role_and_csrf(client: TestClient) -> None:
    response = client.post("/api/agent/login", json={"username": "wang", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "wang" and body["role"] == "agent" and len(body["csrf_token"]) > 30
    cookie = response.headers["set-cookie"]
    assert "agent_session=" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    assert PASSWORD not in cookie
    assert client.get("/api/agent/me").json()["username"] == "wang"


def test_there_is_no_default_account(client: TestClient, app_db: str) -> None:
    for name, password in [("admin", "admin"), ("admin", "123456"), ("agent", "agent"), ("root", "password")]:
        assert client.post("/api/agent/login", json={"username": name, "password": password}).status_code == 401
    assert {r[0] for r in rows(app_db, "select username from agent_accounts")} == {"wang", "li"}


def test_passwords_are_stored_as_argon2id_hashes(client: TestClient, app_db: str) -> None:
    for (stored,) in rows(app_db, "select password_hash from agent_accounts"):
        assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_logout_ends_the_session(client: TestClient) -> None:
    headers = sign_in(client)
    assert client.post("/api/agent/logout", headers=headers).status_code == 200
    assert client.get("/api/agent/me").status_code == 401


def test_a_stolen_cookie_is_dead_after_logout(client: TestClient) -> None:
    headers = sign_in(client)
    token = client.cookies.get("agent_session")
    client.post("/api/agent/logout", headers=headers)
    client.cookies.set("agent_session", token, path="/api/agent")
    assert client.get("/api/agent/me").status_code == 401


def test_five_failed_logins_lock_the_name_even_for_the_right_password(client: TestClient, app_db: str,
                                                                       monkeypatch) -> None:
    for _ in range(4):
        assert client.post("/api/agent/login", json={"username": "wang", "password": "wrong"}).status_code == 401
    locked = client.post("/api/agent/login", json={"username": "wang", "password": "wrong"})
    assert locked.status_code == 429 and "锁定" in locked.json()["detail"]["message"]
    assert int(locked.headers["retry-after"]) > 0
    assert client.post("/api/agent/login", json={"username": "wang", "password": PASSWORD}).status_code == 429
    # another name is not affected
    assert client.post("/api/agent/login", json={"username": "li", "password": PASSWORD}).status_code == 200
    # after the lockout window the right password works again
    later = clock.now() + timedelta(minutes=6)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.post("/api/agent/login", json={"username": "wang", "password": PASSWORD}).status_code == 200
    actions = [r[0] for r in rows(app_db, "select action from agent_audit_log where username = 'wang' order by id")]
    assert actions.count("login_failed") == 4 and "login_locked" in actions and actions[-1] == "login"


def test_unknown_names_lock_too(client: TestClient) -> None:
    for _ in range(5):
        client.post("/api/agent/login", json={"username": "nobody", "password": "x"})
    assert client.post("/api/agent/login", json={"username": "nobody", "password": "x"}).status_code == 429


def test_an_idle_session_expires(client: TestClient, monkeypatch) -> None:
    sign_in(client)
    later = clock.now() + timedelta(hours=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get("/api/agent/me").status_code == 401


BAD_LOGINS = [
    {}, {"username": "wang"}, {"username": 1, "password": "x"}, {"username": "wang", "password": ""},
    {"username": "w" * 65, "password": "x"}, {"username": "wang", "password": "x" * 201},
    {"username": "\ud800", "password": "x"}, {"username": "wang", "password": "x", "extra": 1}, [], "text",
]


def test_bad_login_bodies_get_a_422_naming_the_field(client: TestClient) -> None:
    for body in BAD_LOGINS:
        response = send(client, "POST", "/api/agent/login", body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["fields"]


def test_staff_only_endpoints_refuse_agents(client: TestClient) -> None:
    headers = sign_in(client, "wang")
    assert client.get("/api/agent/feedback").status_code == 403
    assert client.post("/api/agent/feedback/1/review", json={"note": ""}, headers=headers).status_code == 403
    assert client.get("/api/agent/audit").status_code == 403


# --- ask panel ---------------------------------------------------------------------------------------------------


def test_suggest_returns_script_sources_facts_results_and_questions(client: TestClient, app_db: str) -> None:
    headers = sign_in(client)
    body = client.post("/api/agent/suggest", headers=headers,
                       json={"text": "我妈82岁温州户口，评估是重度失能，家里低保，身份证110101194001011234，"
                                     "每月免费服务多少小时"}).json()
    assert {"script", "sources", "facts", "results", "ask_caller"} <= set(body)
    assert "四十五小时" in body["script"] and "征求意见稿" in body["script"]
    assert body["sources"][0]["doc_id"] == "wenzhou-2022-draft" and body["sources"][0]["highlights"]
    assert body["facts"] == {"age": 82, "region": "wenzhou", "hukou_local": True, "disability": "severe",
                             "economic": "dibao"}
    assert any(r["status"] == "need_info" and "resides_local" in r["missing"] for r in body["results"])
    assert body["ask_caller"][0]["field"] == "resides_local"
    (detail,) = rows(app_db, "select detail from agent_audit_log where action = 'suggest'")[0]
    assert "110101194001011234" not in detail and "110*************34" in detail


def test_the_checklist_edit_changes_the_verdict(client: TestClient) -> None:
    headers = sign_in(client)
    profile = {"region": "wenzhou", "age": 82, "hukou_local": True, "disability": "severe", "economic": "dibao"}
    before = client.post("/api/agent/check", json={"profile": profile}, headers=headers).json()
    after = client.post("/api/agent/check", json={"profile": {**profile, "resides_local": True}},
                        headers=headers).json()
    hours = "wenzhou.free_home_care_hours"
    assert next(r for r in before["results"] if r["benefit_id"] == hours)["status"] == "need_info"
    result = next(r for r in after["results"] if r["benefit_id"] == hours)
    assert result["status"] == "eligible" and result["verdict"] == "可以享受" and "四十五小时" in result["amount"]
    assert result["citations"][0]["label"]


def test_suggest_with_an_edited_profile_keeps_the_agents_values(client: TestClient) -> None:
    headers = sign_in(client)
    body = client.post("/api/agent/suggest", headers=headers,
                       json={"text": "我妈82岁温州户口", "profile": {"age": 79, "hukou_local": None}}).json()
    assert body["facts"]["age"] == 79 and "hukou_local" not in body["facts"]


BAD_SUGGESTS = [
    {}, {"text": ""}, {"text": "   "}, {"text": 5}, {"text": "x" * 1001}, {"text": "问", "region": "beijing"},
    {"text": "问", "profile": {"age": -5}}, {"text": "问", "profile": {"age": "abc"}},
    {"text": "问", "profile": {"disability": "very"}}, {"text": "问", "profile": {"nonsense": 1}},
    {"text": "\ud800"}, {"text": "问", "extra": 1}, [1, 2],
]


def test_bad_suggest_bodies_get_a_4xx(client: TestClient) -> None:
    headers = sign_in(client)
    for body in BAD_SUGGESTS:
        response = send(client, "POST", "/api/agent/suggest", body, headers)
        assert response.status_code == 422, (body, response.text)


def test_a_body_that_is_no_json_is_a_422(client: TestClient) -> None:
    headers = {**sign_in(client), "content-type": "application/json"}
    assert client.post("/api/agent/suggest", content=b"{not json", headers=headers).status_code == 422


# --- call records ------------------------------------------------------------------------------------------------


def ticket(client: TestClient, headers: dict, **extra) -> dict:
    body = {"question": "温州重度失能每月几小时", "outcome": "answered", "topic": "上门服务", "region": "wenzhou",
            "script": "每月可以享受不少于四十五小时…", "note": "来电人手机13812345678，身份证110101194001011234",
            "sources": [{"doc_id": "wenzhou-2022-draft", "clause_id": "wenzhou-2022-draft:3.3.8",
                         "document": "温州市居家养老服务促进条例实施意见（征求意见稿）", "label": "三、（三）8",
                         "text": "…"}],
            "verdicts": [{"benefit_id": "wenzhou.free_home_care_hours", "name": "免费居家养老服务",
                          "status": "eligible",
                          "amount": "每月不少于四十五小时"}], **extra}
    response = client.post("/api/agent/tickets", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_tickets_are_saved_masked_listed_filtered_and_exported(client: TestClient, app_db: str) -> None:
    headers = sign_in(client)
    first = ticket(client, headers)
    ticket(client, headers, outcome="follow_up", topic="补贴津贴", question="=HYPERLINK(\"x\") 补贴")
    assert first["note"] == "来电人手机138****5678，身份证110*************34"
    (stored,) = rows(app_db, f"select note from agent_tickets where id = {first['id']}")[0]
    assert "13812345678" not in stored and "110101194001011234" not in stored
    assert len(client.get("/api/agent/tickets").json()["tickets"]) == 2
    assert [t["outcome"] for t in client.get("/api/agent/tickets?outcome=follow_up").json()["tickets"]] == ["follow_up"]
    assert len(client.get("/api/agent/tickets", params={"topic": "上门服务"}).json()["tickets"]) == 1
    today = clock.now().astimezone(clock.LOCAL).date()
    assert len(client.get(f"/api/agent/tickets?from={today}&to={today}").json()["tickets"]) == 2
    assert client.get(f"/api/agent/tickets?from={today + timedelta(days=1)}").json()["tickets"] == []
    response = client.get("/api/agent/tickets.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert table[0][:4] == ["编号", "时间", "坐席", "来电问题"] and len(table) == 3
    assert any(cell.startswith("'=HYPERLINK") for cell in table[1])  # no formula reaches a spreadsheet
    assert "《温州市居家养老服务促进条例实施意见（征求意见稿）》三、（三）8" in table[2]
    assert "13812345678" not in response.text
    actions = [r[0] for r in rows(app_db, "select action from agent_audit_log")]
    assert actions.count("ticket_create") == 2 and "tickets_export" in actions


BAD_TICKETS = [
    {"outcome": "answered"}, {"question": "问"}, {"question": "问", "outcome": "maybe"},
    {"question": "", "outcome": "answered"}, {"question": "问", "outcome": "answered", "topic": "不存在的类别"},
    {"question": "问", "outcome": "answered", "region": "beijing"},
    {"question": "问", "outcome": "answered", "handoff_id": 0},
    {"question": "问", "outcome": "answered", "sources": "x"},
    {"question": "问", "outcome": "answered", "note": "x" * 2001}, {"question": "\ud800", "outcome": "answered"},
]


def test_bad_tickets_get_a_4xx(client: TestClient) -> None:
    headers = sign_in(client)
    for body in BAD_TICKETS:
        assert send(client, "POST", "/api/agent/tickets", body, headers).status_code == 422, body


def test_bad_ticket_filters_get_a_422(client: TestClient) -> None:
    sign_in(client)
    for query in ["from=2026-13-01", "from=yesterday", "from=2026-05-02&to=2026-05-01", "outcome=maybe",
                  "topic=" + "x" * 41]:
        assert client.get(f"/api/agent/tickets?{query}").status_code == 422, query
        assert client.get(f"/api/agent/tickets.csv?{query}").status_code == 422, query


# --- the bot's side of a handoff ---------------------------------------------------------------------------------


def test_with_nobody_online_the_citizen_is_sent_to_12345_at_once(app_db: str, monkeypatch) -> None:
    monkeypatch.setenv("AGENT_SERVICE_HOURS", "工作日9:00—17:00")
    receipt = request_handoff("web:a", "web", "asked", [], {})
    assert not receipt.queued and receipt.agents_online == 0
    text = handoff_text(receipt)
    assert "没有工作人员在线" in text and "12345" in text and f"编号{receipt.number}" in text
    assert "工作日9:00—17:00" in text


def test_with_an_agent_online_the_citizen_is_queued_with_a_place(client: TestClient) -> None:
    sign_in(client)
    first, second = handoff("web:one"), handoff("web:two")
    receipt = request_handoff("web:two", "web", "asked", [], {})
    assert receipt.repeated and receipt.number == second and receipt.position == 2
    assert "排在第2位" in handoff_text(receipt)
    text = handoff_text(request_handoff("web:three", "web", "asked", [], {}))
    assert "排在第3位" in text and "12345" in text
    assert first < second


def test_a_channel_agents_cannot_answer_yet_is_not_queued(client: TestClient) -> None:
    sign_in(client)
    receipt = request_handoff("wechat:o1", "wechat", "asked", [], {})
    assert not receipt.queued and "12345" in handoff_text(receipt) and "没有工作人员在线" not in handoff_text(receipt)


# --- the queue -----------------------------------------------------------------------------------------------


def test_claim_reply_release_write_pause_bot_events_and_resume(client: TestClient, tracker: FakeTracker,
                                                               app_db: str) -> None:
    headers = sign_in(client)
    number = handoff()
    queue = client.get("/api/agent/queue").json()
    item = queue["queue"][0]
    assert item["id"] == number and item["position"] == 1 and queue["agents_online"] == ["wang"]
    assert item["transcript"][0]["text"] == "我妈85岁住海口" and {"field": "age", "label": "年龄", "value": 85,
                                                               "text": "85周岁"} in item["fact_list"]
    claimed = client.post(f"/api/agent/handoffs/{number}/claim", headers=headers)
    assert claimed.status_code == 200 and claimed.json()["live"]["state"] == "claimed"
    assert client.post(f"/api/agent/handoffs/{number}/reply", json={"text": "您好，我是12345的小王"},
                       headers=headers).status_code == 200
    tracker.log["web:citizen"].append({"event": "user", "text": "我妈能领高龄津贴吗", "timestamp": 9e9})
    live = client.get(f"/api/agent/handoffs/{number}?after=1").json()
    assert [m["role"] for m in live["messages"]][-3:] == ["agent", "agent", "user"]
    assert client.get(f"/api/agent/handoffs/{number}?after=8e9").json()["messages"] == [
        {"role": "user", "text": "我妈能领高龄津贴吗", "timestamp": 9e9}]
    released = client.post(f"/api/agent/handoffs/{number}/release", json={"outcome": "answered", "note": "已答复"},
                           headers=headers)
    assert released.status_code == 200 and released.json()["live"]["state"] == "closed"
    assert tracker.kinds("web:citizen") == ["pause", "bot", "bot", "user", "resume", "bot"]
    assert tracker.texts("web:citizen")[1] == "您好，我是12345的小王"
    assert "助手回来了" in tracker.texts("web:citizen")[-1]
    audit = rows(app_db, "select username, action, handoff_id from agent_audit_log where handoff_id is not null")
    assert [a[1] for a in audit] == ["claim", "reply", "release"] and all(a[0] == "wang" for a in audit)
    assert client.get("/api/agent/queue").json()["queue"] == []


def test_a_claimed_conversation_belongs_to_its_agent(client: TestClient) -> None:
    other = TestClient(client.app)
    other_headers = sign_in(other, "li")
    headers = sign_in(client, "wang")
    number = handoff()
    assert client.post(f"/api/agent/handoffs/{number}/claim", headers=headers).status_code == 200
    response = other.post(f"/api/agent/handoffs/{number}/claim", headers=other_headers)
    assert response.status_code == 409 and "wang" in response.json()["detail"]["message"]
    assert other.post(f"/api/agent/handoffs/{number}/reply", json={"text": "hi"},
                      headers=other_headers).status_code == 409
    assert other.post(f"/api/agent/handoffs/{number}/release", json={"outcome": "answered"},
                      headers=other_headers).status_code == 409


def test_replying_before_claiming_or_after_release_is_refused(client: TestClient) -> None:
    headers = sign_in(client)
    number = handoff()
    assert client.post(f"/api/agent/handoffs/{number}/reply", json={"text": "hi"}, headers=headers).status_code == 409
    client.post(f"/api/agent/handoffs/{number}/claim", headers=headers)
    client.post(f"/api/agent/handoffs/{number}/release", json={"outcome": "referred"}, headers=headers)
    assert client.post(f"/api/agent/handoffs/{number}/reply", json={"text": "hi"}, headers=headers).status_code == 409
    assert client.post(f"/api/agent/handoffs/{number}/claim", headers=headers).status_code == 409


def test_an_idle_claim_goes_back_to_the_queue_and_the_bot_answers_meanwhile(client: TestClient, tracker: FakeTracker,
                                                                            monkeypatch) -> None:
    headers = sign_in(client)
    number = handoff()
    client.post(f"/api/agent/handoffs/{number}/claim", headers=headers)
    later = clock.now() + timedelta(minutes=6)
    monkeypatch.setattr(clock, "now", lambda: later)
    item = client.get("/api/agent/queue").json()["queue"][0]
    assert item["live"]["state"] == "queued" and item["position"] == 1
    assert tracker.kinds("web:citizen")[-2:] == ["resume", "bot"] and "重新排队" in tracker.texts("web:citizen")[-1]


def test_rasa_down_gives_503_and_leaves_the_conversation_queued(client: TestClient, tracker: FakeTracker) -> None:
    headers = sign_in(client)
    number = handoff()
    tracker.down = True
    response = client.post(f"/api/agent/handoffs/{number}/claim", headers=headers)
    assert response.status_code == 503 and response.json()["detail"]["part"] == "rasa"
    assert client.get("/api/agent/queue").json()["queue"][0]["live"]["state"] == "queued"
    looked_up = client.get(f"/api/agent/handoffs/{number}").json()  # the stored transcript still shows
    assert looked_up["tracker"] is False and looked_up["transcript"][0]["text"] == "我妈85岁住海口"


def test_look_up_by_number_shows_transcript_facts_and_verdicts(client: TestClient) -> None:
    sign_in(client)
    number = store.record_handoff("web:x", "web", "asked", [{"role": "user", "text": "我爸70岁住海口，低保"}],
                                  {"region": "haikou", "age": "70", "economic": "dibao", "hukou_local": "true"})
    body = client.get(f"/api/agent/handoffs/{number}").json()
    assert body["id"] == number and body["live"] is None and body["transcript"][0]["text"].startswith("我爸70岁")
    assert body["facts"]["economic"] == "dibao"
    assert any(r["status"] in ("eligible", "likely") for r in body["results"])


BAD_HANDOFF_REQUESTS = [
    ("GET", "/api/agent/handoffs/999", None, 404), ("GET", "/api/agent/handoffs/abc", None, 422),
    ("GET", "/api/agent/handoffs/0", None, 422), ("GET", "/api/agent/handoffs/99999999999999", None, 422),
    ("GET", "/api/agent/handoffs/1?after=-1", None, 422), ("POST", "/api/agent/handoffs/999/claim", None, 404),
    ("POST", "/api/agent/handoffs/1/reply", {"text": ""}, 422), ("POST", "/api/agent/handoffs/1/reply", {}, 422),
    ("POST", "/api/agent/handoffs/1/reply", {"text": "x" * 1001}, 422),
    ("POST", "/api/agent/handoffs/1/release", {"outcome": "done"}, 422),
    ("POST", "/api/agent/handoffs/1/release", {"note": "x"}, 422),
    ("POST", "/api/agent/feedback/999/review", {"note": ""}, 404),
    ("POST", "/api/agent/feedback/1/review", {"reviewed": "yes"}, 422),
    ("GET", "/api/agent/feedback?kind=helpful", None, 422), ("GET", "/api/agent/feedback?reviewed=maybe", None, 422),
]


def test_bad_handoff_and_review_requests_get_a_clear_4xx(client: TestClient) -> None:
    headers = sign_in(client, "li")
    handoff()
    for method, path, body, status in BAD_HANDOFF_REQUESTS:
        response = send(client, method, path, body, headers) if body is not None else client.request(
            method, path, headers=headers)
        assert response.status_code == status, (path, body, response.text)
        assert "message" in response.json().get("detail", response.json()) or response.json().get("message")


def test_a_handoff_recorded_before_the_queue_cannot_be_claimed(client: TestClient) -> None:
    headers = sign_in(client)
    number = store.record_handoff("web:y", "web", "asked", [], {})
    response = client.post(f"/api/agent/handoffs/{number}/claim", headers=headers)
    assert response.status_code == 409 and "排队" in response.json()["detail"]["message"]


# --- staff review ----------------------------------------------------------------------------------------------


def test_staff_see_unanswered_and_thumbs_down_and_review_them(client: TestClient, app_db: str) -> None:
    unanswered = store.record_feedback("web:a", "unanswered", "助浴怎么收费")
    down = store.record_feedback("web:b", "not_helpful", "温州失能几小时", "每月可以享受…",
                                 ["wenzhou-2022-draft:3.3.8"])
    store.record_feedback("web:c", "helpful", "海口体检")
    headers = sign_in(client, "li")
    items = client.get("/api/agent/feedback").json()["items"]
    assert [i["id"] for i in items] == [down, unanswered]
    assert items[0]["answer"] == "每月可以享受…" and "12345" in items[1]["answer"]
    reviewed = client.post(f"/api/agent/feedback/{unanswered}/review", headers=headers,
                           json={"note": "知识库没有助浴收费，已记下；来电13812345678"}).json()
    assert reviewed["reviewed"] and reviewed["reviewer"] == "li" and "138****5678" in reviewed["note"]
    assert [i["id"] for i in client.get("/api/agent/feedback?reviewed=false").json()["items"]] == [down]
    assert [i["id"] for i in client.get("/api/agent/feedback?reviewed=true").json()["items"]] == [unanswered]
    assert [i["id"] for i in client.get("/api/agent/feedback?kind=not_helpful").json()["items"]] == [down]
    entries = client.get("/api/agent/audit?action=feedback_review").json()["entries"]
    assert entries[0]["username"] == "li" and entries[0]["detail"]["feedback_id"] == unanswered
    assert json.loads(rows(app_db, "select detail from agent_audit_log where action='feedback_review'")[0][0])


# --- the console page ------------------------------------------------------------------------------------------


def test_the_console_page_and_assets_are_served_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/agent")
    assert page.status_code == 200 and "坐席登录" in page.text
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "http" not in page.text.split("<body>")[0].replace("http-equiv", "")  # no CDN
    assert client.get("/agent/agent.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/agent/agent.css").status_code == 200
    assert client.get("/agent/../app.py").status_code == 404
    assert client.get("/agent/index.html").status_code == 404


def test_agents_online_counts_recent_consoles_only(client: TestClient, monkeypatch) -> None:
    from bot.agent.config import load_config

    sign_in(client)
    assert accounts.agents_online(load_config()) == ["wang"]
    later = clock.now() + timedelta(minutes=2)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert accounts.agents_online(load_config()) == []
