"""The web widget in a real browser (Debian's chromium driven by Playwright) against the real stack."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.conftest import Assistant

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make browser)")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def test_widget_greets_answers_with_a_source_and_restores_after_reload(assistant: Assistant) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page()
        page.goto(assistant.url + "/")
        page.wait_for_selector(".msg.bot", timeout=30_000)
        assert "养老政策助手" in page.inner_text(".msg.bot")

        page.fill("#text", "温州重度失能老人每月免费服务多少小时")
        page.keyboard.press("Enter")
        page.wait_for_selector(".msg.bot:has-text('出处')", timeout=30_000)
        answer = page.inner_text(".msg.bot:has-text('出处')")
        assert "四十五小时" in answer
        page.screenshot(path=str(assistant.data_dir / "widget.png"), full_page=True)

        page.reload()  # the conversation comes back from /api/chat/history
        page.wait_for_selector(".msg.bot:has-text('四十五小时')", timeout=30_000)
        assert page.locator(".msg.user:has-text('温州重度失能老人')").count() == 1
        browser.close()
