// 12345 坐席工作台: plain JavaScript, no framework, no CDN. Talks to /api/agent/* with the session cookie
// and sends the CSRF token with every POST. Keyboard: Ctrl+Enter ask, Alt+C copy script, Ctrl+S save record,
// Alt+1..5 tabs, "/" focuses the ask box.
"use strict";

const state = {
  me: null, csrf: "", fields: [], topics: [], outcomes: {}, tab: "ask",
  last: null, profile: {}, detected: new Set(), extraFields: new Set(),
  queueIds: null, talkId: null, talkAfter: 0, talkClosed: false, queueTimer: null, talkTimer: null, checkTimer: null,
};
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(method, path, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (method !== "GET") options.headers["X-CSRF-Token"] = state.csrf;
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (err) {
    throw new ApiError(0, "连不上服务器，请检查网络后再试");
  }
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== "/api/agent/login") {
    showLogin("登录已过期，请重新登录");
    throw new ApiError(401, "请先登录");
  }
  if (!response.ok) {
    const detail = data.detail || data;
    const message = (detail && (detail.message || detail.error)) || `出错了（${response.status}）`;
    throw new ApiError(response.status, message);
  }
  return data;
}

// --- sign-in ------------------------------------------------------------------------------------------------

function showLogin(message) {
  stopTimers();
  state.me = null;
  for (const id of ["ask-view", "queue-view", "records-view", "lookup-view", "review-view"]) $(id).hidden = true;
  $("tabs").hidden = true;
  $("who").hidden = true;
  $("login-view").hidden = false;
  $("login-error").textContent = message || "";
  $("login-name").focus();
}

async function signedIn(me) {
  state.me = me;
  state.csrf = me.csrf_token;
  $("login-view").hidden = true;
  $("tabs").hidden = false;
  $("who").hidden = false;
  $("who-name").textContent = `${me.username}（${me.role === "staff" ? "民政工作人员" : "坐席"}）`;
  for (const node of document.querySelectorAll(".staff-only")) node.hidden = me.role !== "staff";
  if (!state.fields.length) await loadFields();
  showTab("ask");
  pollQueue();
  state.queueTimer = setInterval(pollQueue, 3000);
}

async function loadFields() {
  const data = await api("GET", "/api/agent/fields");
  state.fields = data.fields;
  state.topics = data.topics;
  state.outcomes = data.outcomes;
  const region = state.fields.find((f) => f.field === "region");
  for (const choice of region.choices) $("ask-region").append(el("option", { value: choice.value, text: choice.text }));
  for (const select of [$("ticket-topic"), $("records-topic")]) {
    for (const topic of state.topics) select.append(el("option", { value: topic, text: topic }));
  }
  for (const select of [$("ticket-outcome"), $("records-outcome"), $("release-outcome")]) {
    for (const [code, text] of Object.entries(state.outcomes)) select.append(el("option", { value: code, text }));
  }
  renderAddField();
  renderChecklist();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("login-error").textContent = "";
  try {
    const me = await api("POST", "/api/agent/login",
      { username: $("login-name").value, password: $("login-password").value });
    $("login-password").value = "";
    await signedIn(me);
  } catch (err) {
    $("login-error").textContent = err.message;
  }
});

$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/agent/logout"); } catch (err) { /* signed out either way */ }
  showLogin("已退出");
});

function stopTimers() {
  for (const key of ["queueTimer", "talkTimer"]) {
    if (state[key]) clearInterval(state[key]);
    state[key] = null;
  }
}

// --- tabs and keyboard ----------------------------------------------------------------------------------------

function showTab(name) {
  if (name === "review" && (!state.me || state.me.role !== "staff")) return;
  state.tab = name;
  for (const button of document.querySelectorAll(".tab")) {
    if (button.dataset.tab === name) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  for (const tab of ["ask", "queue", "records", "lookup", "review"]) $(`${tab}-view`).hidden = tab !== name;
  if (name === "ask") $("ask-text").focus();
  if (name === "records") loadRecords();
  if (name === "review") loadReview();
  if (name === "lookup") $("lookup-number").focus();
}

for (const button of document.querySelectorAll(".tab")) {
  button.addEventListener("click", () => showTab(button.dataset.tab));
}

document.addEventListener("keydown", (event) => {
  if (!state.me) return;
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
  if (event.altKey && /^[1-5]$/.test(event.key)) {
    event.preventDefault();
    showTab(["ask", "queue", "records", "lookup", "review"][Number(event.key) - 1]);
  } else if (event.ctrlKey && event.key === "Enter" && state.tab === "ask") {
    event.preventDefault();
    ask();
  } else if (event.altKey && (event.key === "c" || event.key === "C" || event.code === "KeyC")) {
    event.preventDefault();
    copyScript();
  } else if (event.ctrlKey && (event.key === "s" || event.key === "S")) {
    event.preventDefault();
    if (state.tab === "ask") saveTicket();
  } else if (event.key === "/" && !typing) {
    event.preventDefault();
    showTab("ask");
  }
});

function flash(message) {
  const notice = $("notice");
  notice.textContent = message;
  notice.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { notice.hidden = true; }, 8000);
}

// --- ask panel ------------------------------------------------------------------------------------------------

$("ask-form").addEventListener("submit", (event) => { event.preventDefault(); ask(); });

async function ask() {
  const text = $("ask-text").value.trim();
  if (!text) { $("ask-status").textContent = "请先输入来电人说的话"; $("ask-text").focus(); return; }
  $("ask-status").textContent = "查询中…";
  const started = performance.now();
  const body = { text };
  if ($("ask-region").value) body.region = $("ask-region").value;
  try {
    const data = await api("POST", "/api/agent/suggest", body);
    state.last = { ...data, question: text };
    state.profile = { ...data.facts };
    state.detected = new Set(Object.keys(data.facts));
    state.extraFields = new Set((data.ask_caller || []).map((a) => a.field));
    renderAnswer(data);
    renderChecklist();
    renderCheck(data);
    $("ticket-topic").value = data.topic;
    $("ticket-outcome").value = data.status === "answered" ? "answered" : "referred";
    $("ask-status").textContent = `用时 ${Math.round(performance.now() - started)} 毫秒`;
    $("ticket-status").textContent = "";
  } catch (err) {
    $("ask-status").textContent = err.message;
  }
}

function highlighted(text, words) {
  // Text nodes and <mark> elements only: clause text is never parsed as HTML.
  const sorted = [...new Set(words || [])].filter(Boolean).sort((a, b) => b.length - a.length);
  const parts = [];
  let i = 0;
  let plain = "";
  while (i < text.length) {
    const word = sorted.find((w) => text.startsWith(w, i));
    if (word) {
      if (plain) { parts.push(plain); plain = ""; }
      parts.push(el("mark", { text: word }));
      i += word.length;
    } else {
      plain += text[i];
      i += 1;
    }
  }
  if (plain) parts.push(plain);
  return parts;
}

function renderAnswer(data) {
  $("script-card").hidden = false;
  $("script").textContent = data.script;
  const list = $("sources");
  list.replaceChildren();
  for (const source of data.sources) {
    const copy = el("button", { type: "button", class: "small-button", text: "复制原文",
      onclick: () => copyText(source.copy_text, "已复制原文") });
    list.append(el("article", { class: "card source" },
      el("div", { class: "card-head" },
        el("div", {}, el("span", { class: "doc", text: `《${source.document}》${source.label}` }),
          el("span", { class: `badge ${source.status}`, text: statusName(source.status) })),
        copy),
      source.warning ? el("p", { class: "warning", text: `⚠️ ${source.warning}` }) : null,
      el("p", { class: "clause" }, highlighted(source.text, source.highlights))));
  }
}

function statusName(status) {
  return { in_force: "现行有效", draft: "征求意见稿", plan_ended: "规划期已结束", pilot: "试点方案（已过期）" }[status] || status;
}

async function copyText(text, done) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) {
    const area = $("clipboard");
    area.value = text;
    area.select();
    document.execCommand("copy");
  }
  flash(done);
}

function copyScript() {
  if (state.last && state.last.script) copyText(state.last.script, "已复制建议口径");
}
$("copy-script").addEventListener("click", copyScript);

// The checklist: the core facts, and any detected, asked for or added; an edit re-runs the rules engine.
function fieldSpec(name) { return state.fields.find((f) => f.field === name); }

function shownFields() {
  return state.fields.filter((f) => f.core || state.detected.has(f.field) || state.extraFields.has(f.field)
    || state.profile[f.field] !== undefined);
}

function renderAddField() {
  const select = $("add-field");
  select.replaceChildren(el("option", { value: "", text: "＋ 添加一项情况…" }));
  const shown = new Set(shownFields().map((f) => f.field));
  for (const spec of state.fields) {
    if (!shown.has(spec.field)) select.append(el("option", { value: spec.field, text: spec.label }));
  }
}

$("add-field").addEventListener("change", () => {
  const name = $("add-field").value;
  if (!name) return;
  state.extraFields.add(name);
  renderChecklist();
  const input = document.querySelector(`[data-field="${name}"]`);
  if (input) input.focus();
});

function renderChecklist() {
  const box = $("checklist");
  box.replaceChildren();
  for (const spec of shownFields()) {
    const value = state.profile[spec.field];
    let input;
    if (spec.choices) {
      input = el("select", { "data-field": spec.field });
      input.append(el("option", { value: "", text: "不清楚" }));
      spec.choices.forEach((choice, i) => {
        const option = el("option", { value: String(i), text: choice.text });
        if (value !== undefined && value !== null && choice.value === value) option.selected = true;
        input.append(option);
      });
      if ((value !== undefined && value !== null) && !spec.choices.some((c) => c.value === value)) {
        // a place outside coverage (北京) keeps its words
        const option = el("option", { value: "other", text: `${value}（不在收录范围）`, selected: true });
        input.append(option);
      }
    } else {
      input = el("input", { type: "number", "data-field": spec.field, min: spec.minimum ?? 0,
        max: spec.maximum ?? 130, value: value ?? "" });
    }
    input.addEventListener("change", () => editFact(spec, input));
    box.append(el("label", { class: state.detected.has(spec.field) ? "detected" : "" }, spec.label, input));
  }
  renderAddField();
}

function editFact(spec, input) {
  if (spec.choices) {
    if (input.value === "other") return;
    const choice = input.value === "" ? null : spec.choices[Number(input.value)];
    if (choice) state.profile[spec.field] = choice.value;
    else delete state.profile[spec.field];
    if (spec.field === "economic" && state.profile.economic !== "tekun") delete state.profile.tekun_mode;
  } else if (input.value === "") {
    delete state.profile[spec.field];
  } else {
    state.profile[spec.field] = Number(input.value);
  }
  state.detected.delete(spec.field);
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(recheck, 150);
}

async function recheck() {
  try {
    const data = await api("POST", "/api/agent/check", { profile: state.profile });
    for (const item of data.ask_caller || []) state.extraFields.add(item.field);
    if (state.last) {
      state.last.results = data.results;
      state.last.ask_caller = data.ask_caller;
      state.last.facts = { ...state.profile };
    }
    renderChecklist();
    renderCheck(data);
  } catch (err) {
    $("notice-check").textContent = err.message;
  }
}

function verdictItem(result) {
  const why = (result.reasons || []).slice(0, 2).join("；");
  const cite = (result.citations || [])[0];
  return el("li", {},
    el("span", { class: `verdict ${result.status}`, text: result.verdict }),
    el("span", { class: "name", text: result.name }),
    result.amount ? el("div", { text: result.amount }) : null,
    why ? el("div", { class: "why", text: why }) : null,
    cite ? el("div", { class: "why", text: `依据：《${cite.document}》${cite.label}` }) : null,
    (result.warnings || []).length ? el("div", { class: "warning", text: `⚠️ ${result.warnings[0]}` }) : null);
}

function renderCheck(data) {
  $("notice-check").textContent = data.notice || "";
  $("results").replaceChildren(...(data.results || []).map(verdictItem));
  const asks = data.ask_caller || [];
  $("ask-caller-card").hidden = !asks.length;
  $("ask-caller").replaceChildren(...asks.map((a) => el("li", { text: a.question })));
}

// --- call records -----------------------------------------------------------------------------------------------

$("ticket-form").addEventListener("submit", (event) => { event.preventDefault(); saveTicket(); });

async function saveTicket() {
  const question = (state.last && state.last.question) || $("ask-text").value.trim();
  if (!question) { $("ticket-status").textContent = "请先输入并查询来电人的问题"; return; }
  const last = state.last || {};
  const body = {
    question, outcome: $("ticket-outcome").value, topic: $("ticket-topic").value,
    note: $("ticket-note").value, script: last.script || "", sources: last.sources || [],
    verdicts: (last.results || []).map((r) => ({ benefit_id: r.benefit_id, name: r.name, status: r.status,
      amount: r.amount })), facts: state.profile,
  };
  const region = state.profile.region;
  if (region && fieldSpec("region").choices.some((c) => c.value === region)) body.region = region;
  try {
    const ticket = await api("POST", "/api/agent/tickets", body);
    $("ticket-status").textContent = `已保存，记录编号 ${ticket.id}`;
    $("ticket-status").className = "ok";
    $("ticket-note").value = "";
  } catch (err) {
    $("ticket-status").textContent = err.message;
    $("ticket-status").className = "error";
  }
}

function recordQuery() {
  const params = new URLSearchParams();
  for (const [key, id] of [["from", "records-from"], ["to", "records-to"], ["topic", "records-topic"],
    ["outcome", "records-outcome"]]) {
    if ($(id).value) params.set(key, $(id).value);
  }
  return params.toString();
}

async function loadRecords() {
  const query = recordQuery();
  $("export-csv").href = `/api/agent/tickets.csv${query ? `?${query}` : ""}`;
  try {
    const data = await api("GET", `/api/agent/tickets${query ? `?${query}` : ""}`);
    $("records-status").textContent = `共 ${data.tickets.length} 条`;
    $("records").replaceChildren(...data.tickets.map((t) => el("tr", {},
      el("td", { text: t.id }), el("td", { text: t.created }), el("td", { text: t.agent }),
      el("td", { class: "q", text: t.question }), el("td", { text: t.topic }), el("td", { text: t.outcome_text }),
      el("td", { text: (t.sources || []).map((s) => `《${s.document || s.doc_id}》${s.label || ""}`).join("；") }),
      el("td", { text: t.note }))));
  } catch (err) {
    $("records-status").textContent = err.message;
  }
}
$("records-form").addEventListener("submit", (event) => { event.preventDefault(); loadRecords(); });

// --- look-up by number ------------------------------------------------------------------------------------------

function transcriptList(turns) {
  return el("ol", { class: "log" }, (turns || []).map((t) => el("li", { class: t.role, text: t.text })));
}

function factsLine(list) {
  return (list || []).map((f) => `${f.label}：${f.text}`).join("；") || "（没有说到具体情况）";
}

$("lookup-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("lookup-error").textContent = "";
  const number = $("lookup-number").value.trim();
  if (!/^\d{1,9}$/.test(number)) { $("lookup-error").textContent = "编号是数字，请核对"; return; }
  try {
    const data = await api("GET", `/api/agent/handoffs/${number}`);
    const box = $("lookup-result");
    box.hidden = false;
    box.replaceChildren(
      el("h2", { text: `编号 ${data.id}（${data.channel === "wechat" ? "微信" : "网页"}，${data.created}）` }),
      el("p", { class: "facts", text: `情况：${factsLine(data.fact_list)}` }),
      el("ul", { class: "results compact" }, (data.results || []).filter((r) => r.status !== "not_eligible").map(verdictItem)),
      el("h2", { text: "对话记录" }),
      transcriptList(data.messages || data.transcript));
  } catch (err) {
    $("lookup-error").textContent = err.message;
  }
});

// --- live handoff ---------------------------------------------------------------------------------------------

function beep() {
  try {
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    const tone = audio.createOscillator();
    tone.frequency.value = 880;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.2);
  } catch (err) { /* no sound: the banner and the title still tell */ }
}

async function pollQueue() {
  let data;
  try {
    data = await api("GET", "/api/agent/queue");
  } catch (err) {
    return;
  }
  const waiting = data.queue.filter((item) => item.live.state === "queued");
  $("queue-count").textContent = String(waiting.length);
  $("queue-count").classList.toggle("hot", waiting.length > 0);
  $("online").textContent = `在线坐席 ${data.agents_online.length} 人`;
  const ids = new Set(waiting.map((item) => item.id));
  if (state.queueIds) {
    const fresh = [...ids].filter((id) => !state.queueIds.has(id));
    if (fresh.length) {
      flash(`有新的转人工对话（编号 ${fresh.join("、")}），按 Alt+2 查看`);
      beep();
    }
  }
  state.queueIds = ids;
  document.title = waiting.length ? `(${waiting.length}) 等待接入 — 坐席工作台` : "12345 坐席工作台 — 养老政策助手";
  renderQueue(data.queue);
}

function renderQueue(items) {
  const list = $("queue");
  list.replaceChildren();
  if (!items.length) list.append(el("li", { class: "muted", text: "现在没有排队的对话" }));
  for (const item of items) {
    const mine = item.live.state === "claimed" && item.live.agent === state.me.username;
    // what the citizen said (the bot's long answers would crowd it out)
    const lines = (item.transcript || []).filter((t) => t.role === "user").slice(-3).map((t) => `说：${t.text}`);
    const action = item.live.state === "queued"
      ? el("button", { type: "button", class: "primary", text: "接入", onclick: () => claim(item.id) })
      : mine ? el("button", { type: "button", text: "打开", onclick: () => openTalk(item.id) })
        : el("span", { class: "muted", text: `${item.live.agent} 正在处理` });
    list.append(el("li", { class: mine ? "mine" : "" },
      el("div", { class: "card-head" },
        el("strong", { text: `编号 ${item.id}${item.position ? ` · 第${item.position}位` : ""}` }), action),
      el("div", { class: "lines", text: lines.join(" ／ ") }),
      el("div", { class: "facts", text: `情况：${factsLine(item.fact_list)}` }),
      (item.verdicts || []).length ? el("div", { class: "facts", text: `可能享受：${item.verdicts.map((v) => `${v.name}（${v.verdict}）`).join("；")}` }) : null));
  }
  if (state.talkId && !state.talkClosed && !items.some((i) => i.id === state.talkId && i.live.agent === state.me.username)) {
    // taken back to the queue after being idle (or by another console of the same agent)
    if (!$("talk").hidden) $("talk-state").textContent = "这个对话已不在您手上";
  }
}

async function claim(id) {
  try {
    await api("POST", `/api/agent/handoffs/${id}/claim`);
    await openTalk(id);
    pollQueue();
  } catch (err) {
    flash(err.message);
  }
}

async function openTalk(id) {
  state.talkId = id;
  state.talkAfter = 0;
  state.talkClosed = false;
  $("talk").hidden = false;
  $("talk-title").textContent = `编号 ${id} 的对话`;
  $("talk-log").replaceChildren();
  $("talk-error").textContent = "";
  await refreshTalk(true);
  if (state.talkTimer) clearInterval(state.talkTimer);
  state.talkTimer = setInterval(() => refreshTalk(false), 1500);
  $("reply-text").focus();
}

async function refreshTalk(full) {
  if (!state.talkId) return;
  try {
    const data = await api("GET", `/api/agent/handoffs/${state.talkId}${full ? "" : `?after=${state.talkAfter}`}`);
    if (full) {
      $("talk-facts").textContent = `情况：${factsLine(data.fact_list)}`;
      $("talk-verdicts").replaceChildren(...(data.results || []).filter((r) => r.status !== "not_eligible").map(verdictItem));
    }
    const live = data.live || {};
    let where = live.state === "claimed" ? `由 ${live.agent} 接入中` : live.state === "closed" ? "已结束" : "排队中";
    const win = data.wechat_window;
    if (win) where += win.open ? ` · 微信可回复：还剩${win.hours_left}小时、${win.messages_left}条` : " · 微信客服消息额度已用完，请电话联系";
    $("talk-state").textContent = where;
    const turns = data.messages || (full ? data.transcript : []);
    for (const turn of turns) {
      $("talk-log").append(el("li", { class: turn.role, text: turn.text }));
      if (turn.timestamp) state.talkAfter = Math.max(state.talkAfter, turn.timestamp);
    }
    if (turns.length) $("talk-log").scrollTop = $("talk-log").scrollHeight;
    state.talkClosed = live.state === "closed";
    if (state.talkClosed && state.talkTimer) { clearInterval(state.talkTimer); state.talkTimer = null; }
  } catch (err) {
    $("talk-error").textContent = err.message;
  }
}

$("reply-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("reply-text").value.trim();
  if (!text || !state.talkId) return;
  try {
    await api("POST", `/api/agent/handoffs/${state.talkId}/reply`, { text });
    $("reply-text").value = "";
    $("talk-error").textContent = "";
    await refreshTalk(false);
  } catch (err) {
    $("talk-error").textContent = err.message;
  }
});

$("release-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!state.talkId) return;
  try {
    await api("POST", `/api/agent/handoffs/${state.talkId}/release`,
      { outcome: $("release-outcome").value, note: $("release-note").value });
    $("release-note").value = "";
    await refreshTalk(false);
    flash(`编号 ${state.talkId} 已结束，助手已接回`);
    pollQueue();
  } catch (err) {
    $("talk-error").textContent = err.message;
  }
});

// --- staff review -----------------------------------------------------------------------------------------------

async function loadReview() {
  const params = new URLSearchParams();
  if ($("review-kind").value) params.set("kind", $("review-kind").value);
  if ($("review-state").value) params.set("reviewed", $("review-state").value);
  try {
    const data = await api("GET", `/api/agent/feedback?${params}`);
    const list = $("review-list");
    list.replaceChildren();
    if (!data.items.length) list.append(el("li", { class: "muted", text: "没有需要复核的内容" }));
    for (const item of data.items) {
      const note = el("input", { value: item.note || "", maxlength: 2000, placeholder: "复核备注（例如：知识库需补充…）",
        "aria-label": "复核备注" });
      const done = el("button", { type: "button", class: "primary", text: item.reviewed ? "更新备注" : "标记已复核",
        onclick: async () => {
          try {
            await api("POST", `/api/agent/feedback/${item.id}/review`, { note: note.value, reviewed: true });
            flash("已复核");
            loadReview();
          } catch (err) { flash(err.message); }
        } });
      list.append(el("li", {},
        el("div", { class: "card-head" }, el("strong", { text: `${item.kind_text} · ${item.created}` }),
          el("span", { class: item.reviewed ? "ok" : "muted", text: item.reviewed ? `已复核（${item.reviewer}）` : "未复核" })),
        el("div", { text: `问：${item.question || "（没有记录问题）"}` }),
        el("div", { class: "answer", text: `答：${item.answer || "（没有记录回答）"}` }),
        el("div", { class: "row" }, note, done)));
    }
  } catch (err) {
    flash(err.message);
  }
}
$("review-form").addEventListener("submit", (event) => { event.preventDefault(); loadReview(); });

// --- start --------------------------------------------------------------------------------------------------

(async function start() {
  try {
    const me = await api("GET", "/api/agent/me");
    await signedIn(me);
  } catch (err) {
    showLogin(err.status === 401 ? "" : err.message);
  }
}());
