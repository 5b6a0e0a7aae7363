// Web widget: talks to the gateway's /api/chat; the conversation id lives in localStorage,
// so a reload restores the conversation from /api/chat/history.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("form");
  const input = document.getElementById("text");
  let sender = localStorage.getItem("elder-care-sender");
  if (!sender) {
    sender = "w" + Math.random().toString(36).slice(2) + Date.now().toString(36);
    localStorage.setItem("elder-care-sender", sender);
  }

  function add(role, text, extra) {
    const li = document.createElement("li");
    li.className = "msg " + role;
    li.textContent = text;
    if (extra && extra.citations) {
      for (const c of extra.citations) {
        const span = document.createElement("span");
        span.className = "cite";
        // the clause's place in words (label); ids are for machines, never shown
        span.textContent = "出处：" + (c.label || c.title || "收录的文件");
        li.appendChild(span);
      }
    }
    if (extra && extra.buttons) {
      const row = document.createElement("div");
      row.className = "buttons";
      for (const b of extra.buttons) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", () => send(b.payload, b.title));
        row.appendChild(btn);
      }
      li.appendChild(row);
    }
    log.appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  async function send(text, shown) {
    add("user", shown || text);
    try {
      const res = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, text: text }),
      });
      const body = await res.json();
      if (!res.ok) {
        add("error", body.message || (body.detail && body.detail.error) || body.error || "出错了，请稍后再试，或拨打12345。");
        return;
      }
      for (const m of body.messages) add("bot", m.text, m);
    } catch (e) {
      add("error", "网络连接失败，请稍后再试，或拨打12345。");
    }
  }

  async function restore() {
    try {
      const res = await fetch("/api/chat/history?sender=" + encodeURIComponent(sender));
      if (!res.ok) return;
      const body = await res.json();
      for (const m of body.messages) add(m.role, m.text);
      if (body.messages.length === 0) send("你好");
    } catch (e) { /* the first message will surface any error */ }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  restore();
})();
