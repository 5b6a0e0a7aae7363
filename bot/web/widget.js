// 养老政策助手 — embed on any page with one tag:
//   <script src="https://HOST/widget.js" data-api="https://HOST" defer></script>
// It adds a launcher button and a panel that frames HOST/chat (the page must be in HOST's ALLOWED_ORIGINS).
// No styles or scripts are written into the host page's markup (only CSSOM), so a strict CSP there is fine.
(function () {
  "use strict";
  if (window.__elderCareWidget) return;
  window.__elderCareWidget = true;

  var script = document.currentScript;
  var api = (script && script.getAttribute("data-api")) || (script ? new URL(script.src, location.href).origin : "");
  api = api.replace(/\/+$/, "");
  var RED = "#a61b1b";
  var FONT = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif';

  function css(node, styles) { Object.keys(styles).forEach(function (k) { node.style[k] = styles[k]; }); return node; }
  function phone() { return window.matchMedia("(max-width: 600px)").matches; }

  var launcher = css(document.createElement("button"), {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000", minHeight: "60px", minWidth: "60px",
    padding: "0 20px", border: "3px solid #fff", borderRadius: "30px", background: RED, color: "#fff",
    font: "bold 20px/1.3 " + FONT, cursor: "pointer", boxShadow: "0 2px 10px rgba(0,0,0,.35)"
  });
  launcher.type = "button";
  launcher.id = "eldercare-launcher";
  launcher.textContent = "💬 问养老政策";
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "eldercare-panel");

  var panel = css(document.createElement("div"), {
    position: "fixed", zIndex: "2147483001", display: "none", flexDirection: "column", background: "#fff",
    boxShadow: "0 4px 24px rgba(0,0,0,.4)", overflow: "hidden"
  });
  panel.id = "eldercare-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "养老政策助手");

  var bar = css(document.createElement("div"), {
    display: "flex", alignItems: "center", justifyContent: "space-between", background: RED, padding: "4px 8px"
  });
  var name = css(document.createElement("span"), { color: "#fff", font: "bold 22px/1.3 " + FONT });
  name.textContent = "养老政策助手";
  bar.appendChild(name);
  var close = css(document.createElement("button"), {
    minHeight: "44px", minWidth: "44px", padding: "0 14px", border: "2px solid #fff", borderRadius: "10px",
    background: "transparent", color: "#fff", font: "bold 18px/1.3 " + FONT, cursor: "pointer"
  });
  close.type = "button";
  close.textContent = "关闭 ✕";
  close.setAttribute("aria-label", "关闭养老政策助手");
  bar.appendChild(close);
  panel.appendChild(bar);

  var frame = null;

  function place() {
    if (phone()) {
      css(panel, { left: "0", top: "0", right: "0", bottom: "0", width: "100%", height: "100%", borderRadius: "0" });
    } else {
      css(panel, { left: "auto", top: "auto", right: "16px", bottom: "92px", width: "420px",
                   height: "min(720px, calc(100vh - 110px))", borderRadius: "14px" });
    }
  }

  function open() {
    if (!frame) {
      frame = css(document.createElement("iframe"), { flex: "1", width: "100%", border: "0" });
      frame.title = "养老政策助手对话";
      frame.src = api + "/chat?embed=1";
      frame.setAttribute("allow", "microphone; autoplay");
      panel.appendChild(frame);
    }
    place();
    panel.style.display = "flex";
    launcher.setAttribute("aria-expanded", "true");
    if (phone()) launcher.style.display = "none";
    frame.focus();
  }

  function shut() {
    panel.style.display = "none";
    launcher.style.display = "";
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.style.display === "flex") shut(); else open(); });
  close.addEventListener("click", shut);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && panel.style.display === "flex") shut(); });
  window.addEventListener("message", function (e) {
    if (e.origin === api && e.data && e.data.type === "eldercare:close" && panel.style.display === "flex") shut();
  });
  window.addEventListener("resize", function () { if (panel.style.display === "flex") place(); });

  function mount() { document.body.appendChild(panel); document.body.appendChild(launcher); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
