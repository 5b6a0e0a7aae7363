"""The web widget in a real browser (Debian's chromium driven by Playwright) against the real assistant.

Covers: send and answer, buttons, citation expansion, 长辈模式 and font size, read-aloud, voice input, the
typing indicator, error and retry, reload restore, the widget embedded in /demo from another origin, 200%
zoom, and an axe-core scan (from npm) in both modes at phone and desktop sizes. Screenshots are saved under
var/screenshots/ for people to look at.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import ROOT, Assistant

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "var" / "screenshots"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make browser)")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-quic", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ANSWER_WAIT = 60_000
QUESTION = "温州重度失能老人每月免费服务多少小时"
INTERNAL_ID = re.compile(r"[a-z]+-\d{4}|\d:\d|/inform|/greet|\{\"")  # doc ids, clause ids, payloads


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def open_chat(browser, assistant: Assistant, viewport: dict, elder: bool | None = None, **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
    page = context.new_page()
    page.goto(assistant.url + "/chat")
    page.wait_for_selector(".msg.bot", timeout=ANSWER_WAIT)
    if elder is not None:
        page.click("#intro-yes" if elder else "#intro-no")
    return context, page


def bot_count(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator(".msg.bot").count()


def ask(page, text: str) -> None:  # type: ignore[no-untyped-def]
    before = bot_count(page)
    page.fill("#text", text)
    page.keyboard.press("Enter")
    page.locator(".msg.bot").nth(before).wait_for(timeout=ANSWER_WAIT)  # (no wait_for_function: the CSP forbids eval)
    page.wait_for_selector("#typing", state="hidden", timeout=ANSWER_WAIT)


def tap(page, title: str) -> None:  # type: ignore[no-untyped-def]
    before = bot_count(page)
    page.locator(".choice", has_text=title).last.click()
    page.locator(".msg.bot").nth(before).wait_for(timeout=ANSWER_WAIT)  # (no wait_for_function: the CSP forbids eval)
    page.wait_for_selector("#typing", state="hidden", timeout=ANSWER_WAIT)


def px(page, selector: str, prop: str) -> float:  # type: ignore[no-untyped-def]
    return float(page.eval_on_selector(selector, f"e => parseFloat(getComputedStyle(e)['{prop}'])"))


def in_view(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 0.5 \
        and box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 0.5


def test_answer_with_buttons_citation_and_restore_after_reload(browser, assistant: Assistant) -> None:
    context, page = open_chat(browser, assistant, PHONE, elder=False)
    greeting = page.inner_text(".msg.bot")
    assert "养老政策助手" in greeting and page.locator(".msg.user").count() == 0  # the opening is not a user turn
    ask(page, QUESTION)
    cited = page.locator(".msg.bot:has(.cite)").last
    assert "四十五小时" in cited.inner_text()
    summary = cited.locator(".cite summary").first
    assert summary.inner_text().startswith("依据：《") and not INTERNAL_ID.search(summary.inner_text())
    assert "征求意见稿" in cited.locator(".cite .badge").first.inner_text()  # the draft's status as a badge
    assert page.locator(".msg.warn .badge", has_text="注意").count() >= 1
    assert not cited.locator(".cite blockquote").first.is_visible()
    summary.click()
    assert "四十五小时" in cited.locator(".cite blockquote").first.inner_text()
    page.screenshot(path=str(SHOTS / "phone-answer-citation.png"))

    tap(page, "详细说明") if page.locator(".choice", has_text="详细说明").count() else ask(page, "帮我查查")
    ask(page, "帮我查查老人能享受什么待遇")
    region = page.locator(".choice", has_text="温州")
    if region.count():
        tap(page, "温州")
    users = page.locator(".msg.user").all_inner_texts()
    shown_bots = page.locator(".msg.bot .text").all_inner_texts()
    cites = page.locator(".msg.bot .cite").count()
    buttons = page.locator(".choice").count()

    page.reload()  # restored from /api/chat/history with the session token
    page.wait_for_selector(".msg.bot .cite", timeout=ANSWER_WAIT)
    assert page.locator(".msg.user").all_inner_texts() == users
    assert page.locator(".msg.bot .text").all_inner_texts() == shown_bots
    assert page.locator(".msg.bot .cite").count() == cites and page.locator(".choice").count() == buttons
    assert not any(INTERNAL_ID.search(text) for text in page.locator(".msg.user").all_inner_texts())
    if region.count():
        # the tap shown as its title (after the screen readers' "我说：")
        assert any(text.split("\n")[-1] == "温州" for text in page.locator(".msg.user").all_inner_texts())
    context.close()


def test_elder_mode_and_font_size_are_applied_and_remembered(browser, assistant: Assistant) -> None:
    context, page = open_chat(browser, assistant, PHONE)
    assert page.is_visible("#intro")  # offered prominently on first use
    assert px(page, ".msg.bot .text", "fontSize") >= 18
    assert page.locator(".choice").first.bounding_box()["height"] >= 44
    page.click("#intro-yes")
    assert page.get_attribute("#elder", "aria-pressed") == "true" and not page.is_visible("#intro")
    assert px(page, ".msg.bot .text", "fontSize") >= 24
    assert px(page, ".title", "fontSize") >= 30
    assert px(page, ".msg.bot .text", "lineHeight") >= 1.3 * px(page, ".msg.bot .text", "fontSize")
    for selector in (".choice", "#send", "#handoff", "#call", "#elder", "#bigger"):
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 60 and box["width"] >= 60, selector
    size = px(page, ".msg.bot .text", "fontSize")
    page.click("#bigger")
    assert px(page, ".msg.bot .text", "fontSize") > size
    page.reload()
    page.wait_for_selector(".msg.bot", timeout=ANSWER_WAIT)
    assert px(page, ".msg.bot .text", "fontSize") > size and not page.is_visible("#intro")  # remembered
    page.click("#smaller")
    assert px(page, ".msg.bot .text", "fontSize") == size
    page.keyboard.press("Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none"  # a visible focus
    context.close()


def test_read_aloud_uses_chinese_speech_synthesis(browser, assistant: Assistant) -> None:
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("""
        window.__spoken = [];
        window.speechSynthesis.speak = (u) => window.__spoken.push({text: u.text, lang: u.lang});
    """)
    page = context.new_page()
    page.goto(assistant.url + "/chat")
    page.wait_for_selector(".read", timeout=ANSWER_WAIT)
    page.locator(".read").first.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0]["lang"] == "zh-CN" and "养老政策助手" in spoken[0]["text"]
    context.close()


def test_voice_button_only_where_speech_recognition_exists(browser, assistant: Assistant) -> None:
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("delete window.SpeechRecognition; delete window.webkitSpeechRecognition;")
    page = context.new_page()
    page.goto(assistant.url + "/chat")
    page.wait_for_selector(".msg.bot", timeout=ANSWER_WAIT)
    assert not page.is_visible("#voice")
    context.close()

    context = browser.new_context(viewport=PHONE)
    context.add_init_script("""
        window.SpeechRecognition = window.webkitSpeechRecognition = class {
            start() { setTimeout(() => { this.onresult({results: [[{transcript: '海口有什么补贴'}]]});
                                          this.onend(); }, 10); }
            stop() {}
        };
    """)
    page = context.new_page()
    page.goto(assistant.url + "/chat")
    page.wait_for_selector(".msg.bot", timeout=ANSWER_WAIT)
    assert page.is_visible("#voice") and page.get_attribute("#voice", "aria-label") == "说话输入"
    page.click("#voice")
    for _ in range(50):
        if page.input_value("#text") == "海口有什么补贴":
            break
        page.wait_for_timeout(50)
    assert page.input_value("#text") == "海口有什么补贴"
    context.close()


def test_typing_indicator_then_error_with_retry(browser, assistant: Assistant) -> None:
    context, page = open_chat(browser, assistant, PHONE, elder=False)
    held: list = []
    page.route("**/api/chat", lambda route: held.append(route))
    page.fill("#text", "海口有什么补贴")
    page.keyboard.press("Enter")
    page.wait_for_selector("#typing", state="visible")
    assert "正在查询" in page.inner_text("#typing")
    held.pop().abort("connectionrefused")  # the network fails
    page.wait_for_selector(".msg.error", timeout=10_000)
    assert "网络" in page.inner_text(".msg.error") and page.is_hidden("#typing")
    page.screenshot(path=str(SHOTS / "phone-error-retry.png"))
    page.unroute("**/api/chat")
    before = bot_count(page)
    page.click(".msg.error .retry")
    page.locator(".msg.bot").nth(before).wait_for(timeout=ANSWER_WAIT)  # (no wait_for_function: the CSP forbids eval)
    assert page.locator(".msg.error").count() == 0
    assert page.locator(".msg.user", has_text="海口有什么补贴").count() == 1  # sent once more, shown once
    context.close()


def test_server_error_is_shown_with_retry(browser, assistant: Assistant) -> None:
    context, page = open_chat(browser, assistant, PHONE, elder=False)
    page.route("**/api/chat", lambda route: route.fulfill(
        status=503, content_type="application/json",
        body=json.dumps({"detail": {"error": "助手暂时无法应答，请稍后再试，或拨打12345。", "part": "rasa"}})))
    page.fill("#text", "你好")
    page.keyboard.press("Enter")
    page.wait_for_selector(".msg.error .retry", timeout=10_000)
    assert "12345" in page.inner_text(".msg.error")
    context.close()


def ten_messages(page) -> None:  # type: ignore[no-untyped-def]
    for text in ("海口有什么补贴", "温州失能老人每月几个小时免费服务", "昌吉的老人能享受什么", "高龄津贴怎么申请",
                 "助餐服务有吗", "我妈85岁住海口", "特困老人有什么待遇", "家庭养老床位是什么意思", "谢谢",
                 "什么是居家养老服务"):
        ask(page, text)


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_after_ten_messages_the_input_stays_on_screen_and_axe_finds_nothing_serious(
        browser, assistant: Assistant, name: str, viewport: dict) -> None:
    # bypass_csp lets the test inject axe-core; the page itself runs under its strict CSP everywhere else
    context, page = open_chat(browser, assistant, viewport, elder=False, bypass_csp=True)
    ten_messages(page)
    page.locator(".cite summary").last.click()  # an expanded citation is scanned too
    assert page.locator(".msg.user").count() == 10
    problems = {}
    for mode in ("normal", "elder"):
        if mode == "elder":
            page.click("#elder")
            page.evaluate("document.querySelector('.main').scrollTop = 1e9")
        for selector in ("#text", "#send", "#call", "#handoff"):
            assert in_view(page, selector), (name, mode, selector)
        assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")  # no sideways scroll
        page.screenshot(path=str(SHOTS / f"{name}-{mode}-after-ten-messages.png"))
        problems[mode] = axe_serious(page)
    assert problems == {"normal": [], "elder": []}
    context.close()


def axe_serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make browser runs npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                       target: v.nodes[0] && v.nodes[0].target.join(' ')}));
    }""")
    return [f"{v['id']} ({v['impact']}, {v['nodes']} nodes, e.g. {v['target']})" for v in result
            if v["impact"] in ("serious", "critical")]


def test_zoomed_to_200_percent_still_works(browser, assistant: Assistant) -> None:
    # A 1280×800 desktop at 200% zoom lays out like a 640×400 window.
    context, page = open_chat(browser, assistant, {"width": 640, "height": 400}, elder=False)
    ask(page, "海口有什么补贴")
    for selector in ("#text", "#send", "#handoff"):
        assert in_view(page, selector), selector
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "desktop-zoom-200.png"))
    context.close()


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_widget_embedded_in_the_demo_portal_from_another_origin(browser, assistant: Assistant, name: str,
                                                                viewport: dict) -> None:
    demo_origin = assistant.url.replace("127.0.0.1", "localhost")
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(demo_origin + "/demo")
    launcher = page.locator("#eldercare-launcher")
    launcher.wait_for(timeout=10_000)
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    frame_element = page.locator("#eldercare-panel iframe")
    assert frame_element.get_attribute("src").startswith(assistant.url)  # the other origin
    frame = page.frame_locator("#eldercare-panel iframe")
    frame.locator(".msg.bot").first.wait_for(timeout=ANSWER_WAIT)
    frame.locator("#intro-no").click()
    frame.locator("#text").fill("海口有什么补贴")
    frame.locator("#text").press("Enter")
    frame.locator(".msg.bot").nth(1).wait_for(timeout=ANSWER_WAIT)
    page.screenshot(path=str(SHOTS / f"{name}-demo-portal-widget.png"))
    page.keyboard.press("Escape")
    # (the panel closes on the frame's message to the portal page: asynchronous, so waited for, not polled once)
    page.locator("#eldercare-panel").wait_for(state="hidden", timeout=10_000)
    assert launcher.get_attribute("aria-expanded") == "false"
    assert not [e for e in errors if "Content Security Policy" in e or "frame" in e.lower()], errors
    context.close()


def test_chat_page_names_cjk_fonts_that_are_installed(browser, assistant: Assistant) -> None:
    context, page = open_chat(browser, assistant, PHONE)
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in family and "Microsoft YaHei" in family  # (make browser installs Noto CJK)
    context.close()
