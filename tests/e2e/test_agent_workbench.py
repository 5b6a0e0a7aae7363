"""The 12345 workbench against the real stack: a live handoff through Rasa's tracker (pause, the agent's
replies as bot events, the citizen's words in the console, resume), and the console in a real browser
(Debian's chromium driven by Playwright): sign in, ask, edit the checklist, save a record, export CSV."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import ROOT, Assistant

PASSWORD = "e2e-agent-pass-1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "var" / "screenshots"


def add_agent(assistant: Assistant, name: str, role: str = "agent") -> None:
    subprocess.run([sys.executable, "-m", "bot.cli", "agents", "add", name, "--role", role], cwd=ROOT,
                   env=assistant.env, input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=60)


class Console:
    """An agent's console over HTTP (the cookie stays in the client)."""

    def __init__(self, assistant: Assistant, name: str) -> None:
        self.http = httpx.Client(base_url=assistant.url, timeout=30)
        response = self.http.post("/api/agent/login", json={"username": name, "password": PASSWORD})
        assert response.status_code == 200, response.text
        self.headers = {"X-CSRF-Token": response.json()["csrf_token"]}

    def get(self, path: str) -> dict:
        response = self.http.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: dict | None = None) -> dict:
        response = self.http.post(path, json=body, headers=self.headers)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def close(self) -> None:
        self.http.post("/api/agent/logout", headers=self.headers)  # nobody stays "online" for later tests
        self.http.close()


class Citizen:
    """A widget user over HTTP: a server-issued session, its token on every call (as the widget does)."""

    def __init__(self, assistant: Assistant) -> None:
        self.url = assistant.url
        session = httpx.post(f"{assistant.url}/api/chat/session", timeout=30).json()
        self.sender, self.auth = session["sender"], {"Authorization": f"Bearer {session['token']}"}
        self.after = 0

    def chat(self, text: str) -> dict:
        response = httpx.post(f"{self.url}/api/chat", json={"sender": self.sender, "text": text}, headers=self.auth,
                              timeout=60)
        assert response.status_code == 200, response.text
        body = response.json()
        self.after = body.get("after", self.after)
        return body

    def said(self, text: str) -> str:
        return "\n".join(m["text"] for m in self.chat(text)["messages"])

    def updates(self, wait: float = 10) -> list[str]:
        """What the widget's long poll brings: bot messages written since the last position."""
        response = httpx.get(f"{self.url}/api/chat/updates", params={"after": self.after, "wait": wait},
                             headers=self.auth, timeout=wait + 30)
        assert response.status_code == 200, response.text
        body = response.json()
        self.after = body["after"]
        return [m["text"] for m in body["messages"]]

    def history(self) -> list[dict]:
        response = httpx.get(f"{self.url}/api/chat/history", headers=self.auth, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["messages"]


def test_a_live_handoff_pauses_the_bot_and_carries_both_sides(assistant: Assistant) -> None:
    add_agent(assistant, "e2e-wang")
    console = Console(assistant, "e2e-wang")
    citizen = Citizen(assistant)
    try:
        citizen.chat("我妈85岁，住在海口，低保")
        text = citizen.said("转人工")
        assert "排在第1位" in text and "编号" in text, text
        item = next(i for i in console.get("/api/agent/queue")["queue"] if i["sender_id"] == f"web:{citizen.sender}")
        assert item["position"] == 1 and any("85" in t["text"] for t in item["transcript"])
        assert item["facts"]["region"] == "haikou"

        number = item["id"]
        console.post(f"/api/agent/handoffs/{number}/claim")
        assert any("工作人员已接入" in t for t in citizen.updates())
        console.post(f"/api/agent/handoffs/{number}/reply", {"text": "您好，我是12345的王，请问您母亲的情况？"})
        # the widget's long poll brings the agent's reply, and the history keeps it
        assert any("我是12345的王" in t for t in citizen.updates())
        assert any("我是12345的王" in m["text"] for m in citizen.history())

        quiet = citizen.chat("她想问能不能免费体检")
        assert quiet["messages"] == []  # the bot is paused: a person answers now
        seen = console.get(f"/api/agent/handoffs/{number}?after=1")["messages"]
        assert any(m["role"] == "user" and "免费体检" in m["text"] for m in seen)

        console.post(f"/api/agent/handoffs/{number}/release", {"outcome": "answered", "note": "已答复体检"})
        assert any("助手回来了" in t for t in citizen.updates())
        back = citizen.chat("海口的老人能免费体检吗")
        assert any("体检" in m["text"] for m in back["messages"]) and any(m.get("citations") for m in back["messages"])
    finally:
        console.close()


def test_with_nobody_online_the_citizen_gets_12345_and_a_number_to_quote(assistant: Assistant) -> None:
    reply = assistant.chat("e2e-nobody", "转人工")
    text = "\n".join(m["text"] for m in reply["messages"])
    assert "没有工作人员在线" in text and "12345" in text and "编号" in text


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make browser)")
def test_the_console_in_a_browser(assistant: Assistant, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    add_agent(assistant, "e2e-li")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(assistant.url + "/agent")
        page.wait_for_selector("#login-form")
        page.fill("#login-name", "e2e-li")
        page.fill("#login-password", "wrong-password")
        page.keyboard.press("Enter")
        page.wait_for_selector("#login-error:has-text('用户名或密码不对')")
        page.fill("#login-password", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_selector("#ask-view:not([hidden])")

        page.fill("#ask-text", "我妈82岁，温州户口，评估是重度失能，家里低保，一个月能有几个钟头免费服务？")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector("#script-card:not([hidden])", timeout=30_000)
        assert "四十五小时" in page.inner_text("#script") and "征求意见稿" in page.inner_text("#script")
        assert page.locator(".source mark").count() > 0 and "征求意见稿" in page.inner_text(".source .badge")
        assert page.input_value('select[data-field="economic"]') != ""  # detected facts are pre-filled
        assert "还需问清" in page.inner_text("#results")
        page.screenshot(path=str(SCREENSHOTS / "agent-ask.png"))

        page.select_option('select[data-field="resides_local"]', label="居住在本市")
        page.wait_for_selector("#results .verdict.eligible", timeout=10_000)
        assert "四十五小时" in page.inner_text("#results")
        page.screenshot(path=str(SCREENSHOTS / "agent-checklist.png"))

        page.fill("#ticket-note", "来电人手机13812345678，已告知")
        page.keyboard.press("Control+s")
        page.wait_for_selector("#ticket-status.ok")
        page.keyboard.press("Alt+3")
        page.wait_for_selector("#records tr")
        assert "138****5678" in page.inner_text("#records") and "13812345678" not in page.inner_text("#records")
        page.screenshot(path=str(SCREENSHOTS / "agent-records.png"))
        with page.expect_download() as download:
            page.click("#export-csv")
        saved = tmp_path / "records.csv"
        download.value.save_as(saved)
        table = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
        assert table[0][0] == "编号" and any("温州户口" in cell for row in table[1:] for cell in row)

        # a citizen asks for a person while this console is open: it is told, claims, talks and releases
        page.keyboard.press("Alt+2")
        page.wait_for_selector("#queue-view:not([hidden])")
        citizen = Citizen(assistant)
        citizen.chat("我爸78岁，住在温州，是温州户口")
        assert "排在第1位" in citizen.said("转人工")
        page.wait_for_selector("#notice:has-text('有新的转人工对话')", timeout=10_000)
        page.wait_for_selector("#queue li:has-text('78岁') button:has-text('接入')")
        page.screenshot(path=str(SCREENSHOTS / "agent-queue.png"))
        page.click("#queue li:has-text('78岁') button:has-text('接入')")
        page.wait_for_selector("#talk-log li.user:has-text('78岁')")
        page.fill("#reply-text", "您好，我是12345坐席，请问老人能自理吗？")
        page.keyboard.press("Enter")
        assert any("能自理吗" in t for t in citizen.updates()) or any("能自理吗" in t for t in citizen.updates())
        assert citizen.chat("不能自理，卧床三年了")["messages"] == []
        page.wait_for_selector("#talk-log li.user:has-text('卧床三年')", timeout=10_000)
        page.screenshot(path=str(SCREENSHOTS / "agent-talk.png"))
        page.select_option("#release-outcome", "follow_up")
        page.click("#release-form button")
        page.wait_for_selector("#talk-state:has-text('已结束')", timeout=10_000)
        assert "助手回来了" in citizen.history()[-1]["text"]
        number = page.inner_text("#talk-title").split()[1]

        page.keyboard.press("Alt+4")
        page.fill("#lookup-number", number)
        page.keyboard.press("Enter")
        page.wait_for_selector("#lookup-result:has-text('卧床三年')")
        assert "温州" in page.inner_text("#lookup-result")
        page.screenshot(path=str(SCREENSHOTS / "agent-lookup.png"))
        page.click("#logout")
        page.wait_for_selector("#login-form")
        assert errors == []
        browser.close()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make browser)")
def test_the_widget_user_talks_to_an_agent_and_gets_the_bot_back(assistant: Assistant) -> None:
    from playwright.sync_api import sync_playwright

    add_agent(assistant, "e2e-zhao")
    console = Console(assistant, "e2e-zhao")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
            page.goto(assistant.url + "/chat")
            page.wait_for_selector(".msg.bot", timeout=60_000)
            page.fill("#text", "转人工")
            page.keyboard.press("Enter")
            page.wait_for_selector(".msg.bot:has-text('排在第1位')", timeout=60_000)
            item = console.get("/api/agent/queue")["queue"][0]
            number = item["id"]
            console.post(f"/api/agent/handoffs/{number}/claim")
            console.post(f"/api/agent/handoffs/{number}/reply", {"text": "您好，我是12345坐席小赵，请讲。"})
            page.wait_for_selector(".msg.bot:has-text('我是12345坐席小赵')", timeout=10_000)

            page.fill("#text", "我想问我爸能不能申请家庭养老床位")
            page.keyboard.press("Enter")
            deadline = time.monotonic() + 15
            while not any("家庭养老床位" in m["text"] and m["role"] == "user" for m in
                          console.get(f"/api/agent/handoffs/{number}?after=1")["messages"]):
                assert time.monotonic() < deadline, "the citizen's message did not reach the console"
                time.sleep(0.5)
            page.screenshot(path=str(SCREENSHOTS / "agent-widget-live.png"))

            console.post(f"/api/agent/handoffs/{number}/release", {"outcome": "referred", "note": ""})
            page.wait_for_selector(".msg.bot:has-text('助手回来了')", timeout=10_000)
            before = page.locator(".msg.bot").count()
            page.fill("#text", "温州重度失能老人每月免费服务多少小时")
            page.keyboard.press("Enter")
            page.locator(".msg.bot").nth(before).wait_for(timeout=60_000)
            page.wait_for_selector(".msg.bot:has-text('四十五小时')", timeout=60_000)
            browser.close()
    finally:
        console.close()
