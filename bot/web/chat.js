// 养老政策助手 — the chat page (also the panel of the embeddable widget, /widget.js).
// The server issues the session (POST /api/chat/session): an unguessable sender and a signed token, kept in
// localStorage, sent as "Authorization: Bearer". A reload restores the conversation from /api/chat/history;
// /api/chat/updates (long poll) brings messages written later, e.g. a human agent's replies.
(function () {
  "use strict";

  var SESSION_KEY = "eldercare.session.v1";
  var PREFS_KEY = "eldercare.prefs.v1";
  var SIZES = { normal: [18, 20, 22, 24, 26, 28], elder: [24, 26, 28, 30, 32, 36] };
  var LONG_TEXT = 220; // characters after which an answer is collapsed behind 展开
  var STATUS_BADGE = { draft: "征求意见稿", plan_ended: "规划已到期", pilot: "试点文件" };
  var GREETING = "/greet";
  var HANDOFF = "/human_handoff";

  var root = document.documentElement;
  var $ = function (id) { return document.getElementById(id); };
  var log = $("log"), main = document.querySelector(".main"), form = $("form"), input = $("text");
  var typing = $("typing"), voice = $("voice");
  var session = null, after = 0, busy = false, poller = null, prefs = loadPrefs();

  // --- preferences: 长辈模式 and text size, remembered ----------------------------------------------------

  function loadPrefs() {
    try { return JSON.parse(localStorage.getItem(PREFS_KEY)) || {}; } catch (e) { return {}; }
  }
  function savePrefs() {
    try { localStorage.setItem(PREFS_KEY, JSON.stringify(prefs)); } catch (e) { /* private mode */ }
  }
  function applyPrefs() {
    var sizes = prefs.elder ? SIZES.elder : SIZES.normal;
    var step = Math.max(0, Math.min(sizes.length - 1, prefs.step || 0));
    prefs.step = step;
    root.classList.toggle("elder", !!prefs.elder);
    root.style.setProperty("--fs", sizes[step] + "px");
    $("elder").setAttribute("aria-pressed", prefs.elder ? "true" : "false");
    $("smaller").disabled = step === 0;
    $("bigger").disabled = step === sizes.length - 1;
  }
  function setElder(on) {
    prefs.elder = on; prefs.step = 0; prefs.introSeen = true;
    $("intro").hidden = true;
    applyPrefs(); savePrefs();
  }

  // --- the session ------------------------------------------------------------------------------------------

  function loadSession() {
    try {
      var s = JSON.parse(localStorage.getItem(SESSION_KEY));
      return s && s.sender && s.token ? s : null;
    } catch (e) { return null; }
  }
  function saveSession(s) {
    try {
      if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s)); else localStorage.removeItem(SESSION_KEY);
    } catch (e) { /* private mode: this page's memory only */ }
  }
  function headers(json) {
    var h = {};
    if (json) h["Content-Type"] = "application/json";
    if (session) h.Authorization = "Bearer " + session.token;
    return h;
  }
  async function newSession() {
    var res = await fetch("/api/chat/session", { method: "POST", headers: headers(false) });
    if (!res.ok) throw new Error("session " + res.status);
    var body = await res.json();
    session = { sender: body.sender, token: body.token };
    saveSession(session);
    after = 0;
  }

  // --- rendering ---------------------------------------------------------------------------------------------

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function addUser(text) {
    var li = el("div", "msg user");
    li.appendChild(el("span", "sr-only", "我说："));
    li.appendChild(el("span", "text", text));
    log.appendChild(li);
    return li;
  }

  function citation(c) {
    var details = el("details", "cite");
    var summary = el("summary");
    summary.appendChild(el("span", null, "依据：" + (c.label || c.title || "政策文件")));
    summary.appendChild(el("span", "open-hint", "点开看原文"));
    if (c.status && c.status !== "in_force") {
      summary.appendChild(el("span", "badge", STATUS_BADGE[c.status] || "请注意"));
    }
    details.appendChild(summary);
    if (c.quote) details.appendChild(el("blockquote", null, c.quote));
    if (c.status_note) details.appendChild(el("p", "status-note", "⚠️ " + c.status_note));
    return details;
  }

  function addBot(m) {
    var text = m.text || "";
    var warn = text.indexOf("⚠️") === 0;
    var li = el("div", "msg bot" + (warn ? " warn" : ""));
    li.appendChild(el("span", "sr-only", "助手说："));
    if (warn) li.appendChild(el("span", "badge", "注意"));
    var body = el("span", "text", warn ? text.replace(/^⚠️\s*/, "") : text);
    li.appendChild(body);
    if (text.length > LONG_TEXT) {
      li.classList.add("collapsed");
      var more = el("button", "more", "展开全文");
      more.type = "button";
      more.setAttribute("aria-expanded", "false");
      more.addEventListener("click", function () {
        var open = li.classList.toggle("collapsed") === false;
        more.textContent = open ? "收起" : "展开全文";
        more.setAttribute("aria-expanded", open ? "true" : "false");
      });
      li.appendChild(more);
    }
    (m.citations || []).forEach(function (c) { li.appendChild(citation(c)); });
    if (m.buttons && m.buttons.length) {
      var row = el("div", "choices");
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", "可以直接点选");
      m.buttons.forEach(function (b) {
        var btn = el("button", "choice", b.title);
        btn.type = "button";
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(btn);
      });
      li.appendChild(row);
    }
    log.appendChild(li);
    return li;
  }

  // One answer (a turn): its bubbles, then 朗读 (and 👍/👎 when it cites a document) under the last one.
  function addTurn(messages) {
    if (!messages.length) return null;
    var first = null, last = null, spoken = [];
    messages.forEach(function (m) {
      last = addBot(m);
      first = first || last;
      spoken.push(m.text || "");
    });
    var acts = el("div", "acts");
    if ("speechSynthesis" in window) {
      var read = el("button", "act read", "🔊 朗读");
      read.type = "button";
      read.addEventListener("click", function () { readAloud(spoken.join("。"), read); });
      acts.appendChild(read);
    }
    var cited = messages.some(function (m) { return m.citations && m.citations.length; });
    var asksAlready = messages.some(function (m) {
      return (m.buttons || []).some(function (b) { return b.payload.indexOf("/feedback") === 0; });
    });
    if (cited && !asksAlready) { // (the assistant usually offers 有帮助/没帮助 itself)
      [["👍 有用", '/feedback{"helpful":"yes"}'], ["👎 没用", '/feedback{"helpful":"no"}']].forEach(function (f) {
        var b = el("button", "act", f[0]);
        b.type = "button";
        b.setAttribute("aria-pressed", "false");
        b.addEventListener("click", function () {
          if (b.getAttribute("aria-pressed") === "true") return;
          b.setAttribute("aria-pressed", "true");
          send(f[1], f[0]);
        });
        acts.appendChild(b);
      });
    }
    if (acts.children.length) last.appendChild(acts);
    return first;
  }

  function showFrom(node) {
    // Start reading at the beginning of the new answer; short ones simply scroll into view.
    if (!node) return;
    main.scrollTop = Math.max(0, node.offsetTop - main.offsetTop - 8);
  }

  function addError(text, retry) {
    var li = el("div", "msg error");
    li.setAttribute("role", "alert");
    li.appendChild(el("span", "text", text));
    if (retry) {
      var again = el("button", "retry", "重试");
      again.type = "button";
      again.addEventListener("click", function () { li.remove(); retry(); });
      var row = el("div", "choices");
      row.appendChild(again);
      li.appendChild(row);
    }
    log.appendChild(li);
    showFrom(li);
    return li;
  }

  // --- speech ------------------------------------------------------------------------------------------------

  function readAloud(text, button) {
    var synth = window.speechSynthesis;
    if (synth.speaking) {
      synth.cancel();
      if (button.textContent.indexOf("停止") >= 0) { button.textContent = "🔊 朗读"; return; }
    }
    var utterance = new SpeechSynthesisUtterance(text.replace(/⚠️/g, "注意："));
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    utterance.onend = utterance.onerror = function () { button.textContent = "🔊 朗读"; };
    button.textContent = "⏹ 停止朗读";
    synth.speak(utterance);
  }

  function setUpVoice() {
    var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    if (!Recognition) return; // the button stays hidden where the browser cannot listen
    voice.hidden = false;
    var listening = null;
    voice.addEventListener("click", function () {
      if (listening) { listening.stop(); return; }
      var rec = new Recognition();
      rec.lang = "zh-CN";
      rec.interimResults = false;
      rec.onresult = function (event) {
        input.value = event.results[0][0].transcript;
        input.focus();
      };
      rec.onerror = function () { addError("没听清，请再说一遍，或者打字告诉我。"); };
      rec.onend = function () { listening = null; voice.setAttribute("aria-pressed", "false"); };
      listening = rec;
      voice.setAttribute("aria-pressed", "true");
      try { rec.start(); } catch (e) { listening = null; voice.setAttribute("aria-pressed", "false"); }
    });
  }

  // --- talking to the gateway --------------------------------------------------------------------------------

  async function send(text, shown, hidden) {
    if (!hidden) showFrom(addUser(shown || text));
    stopPolling();
    busy = true;
    typing.hidden = false;
    main.scrollTop = main.scrollHeight;
    var retry = function () { send(text, shown, true); };
    try {
      var payload = { sender: session.sender, text: text };
      if (shown !== undefined && shown !== null) payload.shown = shown;
      var res = await fetch("/api/chat", { method: "POST", headers: headers(true), body: JSON.stringify(payload) });
      var body = await res.json().catch(function () { return {}; });
      if (res.status === 401) {
        await newSession();
        addError("对话已过期，已为您重新开始。请再发一次您的问题。");
      } else if (res.status === 429) {
        addError(body.message || "您发送得太快了，请稍等一分钟再试。", retry);
      } else if (!res.ok && res.status < 500) {
        addError(body.message || "这句话没能发出去，请换个说法再试。");
      } else if (!res.ok) {
        addError((body.detail && body.detail.error) || body.message || "助手暂时无法应答，请稍后再试，或拨打12345。", retry);
      } else {
        if (typeof body.after === "number") after = body.after;
        showFrom(addTurn(body.messages || []));
      }
    } catch (e) {
      addError("网络连接失败，消息没有发出去。请检查网络后点“重试”，或拨打12345。", retry);
    } finally {
      busy = false;
      typing.hidden = true;
      startPolling();
    }
  }

  function stopPolling() {
    if (poller) { poller.abort(); poller = null; }
  }

  function startPolling() {
    if (poller || !session) return;
    var control = new AbortController();
    poller = control;
    (async function loop() {
      while (poller === control) {
        try {
          var url = "/api/chat/updates?wait=25&after=" + after + "&sender=" + encodeURIComponent(session.sender);
          var res = await fetch(url, { headers: headers(false), signal: control.signal });
          if (res.status === 401 || res.status === 403) { poller = null; return; }
          if (!res.ok) throw new Error("updates " + res.status);
          var body = await res.json();
          if (poller !== control || busy) return;
          after = body.after;
          if (body.messages && body.messages.length) showFrom(addTurn(body.messages));
        } catch (e) {
          if (control.signal.aborted) return;
          await new Promise(function (r) { setTimeout(r, 5000); });
        }
      }
    })();
  }

  async function restore() {
    var res = await fetch("/api/chat/history?sender=" + encodeURIComponent(session.sender), { headers: headers(false) });
    if (res.status === 401 || res.status === 403) return "gone";
    if (!res.ok) throw new Error("history " + res.status);
    var body = await res.json();
    var turn = [];
    body.messages.forEach(function (m) {
      if (m.role === "bot") { turn.push(m); return; }
      addTurn(turn); turn = [];
      addUser(m.text);
    });
    addTurn(turn);
    after = body.after || 0;
    main.scrollTop = main.scrollHeight;
    return body.messages.length > 0 ? "restored" : "empty";
  }

  async function start() {
    session = loadSession();
    try {
      var restored = false;
      if (session) {
        var found = await restore();
        if (found === "gone") { session = null; saveSession(null); } // ended or expired: start afresh
        restored = found === "restored";
      }
      if (!session) await newSession();
      if (!restored) await send(GREETING, "", true);
      else startPolling();
    } catch (e) {
      addError("暂时连不上助手，请检查网络后点“重试”，或拨打12345。", function () { start(); });
    }
  }

  // --- controls ----------------------------------------------------------------------------------------------

  if (new URLSearchParams(location.search).get("embed") === "1" && window.parent !== window) {
    root.classList.add("embedded");
    // Escape inside the widget's frame closes the panel (widget.js listens; the message carries nothing else).
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") window.parent.postMessage({ type: "eldercare:close" }, "*");
    });
  }
  applyPrefs();
  if (!prefs.introSeen) $("intro").hidden = false;
  $("intro-yes").addEventListener("click", function () { setElder(true); input.focus(); });
  $("intro-no").addEventListener("click", function () { setElder(false); input.focus(); });
  $("elder").addEventListener("click", function () { setElder(!prefs.elder); });
  $("bigger").addEventListener("click", function () { prefs.step = (prefs.step || 0) + 1; applyPrefs(); savePrefs(); });
  $("smaller").addEventListener("click", function () { prefs.step = (prefs.step || 0) - 1; applyPrefs(); savePrefs(); });
  $("handoff").addEventListener("click", function () { if (session) send(HANDOFF, "转人工"); });

  function submit() {
    var text = input.value.trim();
    if (!text || !session) return;
    input.value = "";
    grow();
    send(text);
  }
  function grow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 4, 200) + "px";
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); submit(); }
  });
  input.addEventListener("input", grow);
  setUpVoice();
  start();
})();
