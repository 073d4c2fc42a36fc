// Injected by `python build.py serve` into every page it serves (never written to slides/).
// Reloads the page after each successful rebuild (reveal.js keeps the slide in the URL hash, so
// the deck reopens on the same slide) and shows build errors over the page until the next one.
(function () {
  "use strict";
  var EVENTS = "/__coursebuild/events";
  var OVERLAY_ID = "coursebuild-errors";
  var RETRY_MS = 2000;
  var script = document.currentScript;
  var pageBuild = script ? script.getAttribute("data-build") : null;

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;  // text, never HTML: messages quote the Markdown
    Object.assign(node.style, style || {});
    return node;
  }

  function showErrors(lines) {
    removeOverlay();
    var overlay = element("div", "", {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(20, 20, 20, 0.92)", color: "#fff", padding: "2em",
      font: "16px/1.5 system-ui, sans-serif", textAlign: "left",
    });
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build error");
    var title = element("h2", "Build error: the page shows the last good build", {
      margin: "0 0 1em", font: "bold 20px system-ui, sans-serif", color: "#ff8080",
    });
    var details = element("pre", lines.join("\n"), {
      margin: "0 0 1.5em", whiteSpace: "pre-wrap", wordBreak: "break-word",
      font: "15px/1.5 ui-monospace, monospace", color: "#fff",
    });
    var dismiss = element("button", "Dismiss", {
      font: "16px system-ui, sans-serif", padding: "0.4em 1.2em", cursor: "pointer",
    });
    dismiss.type = "button";
    dismiss.addEventListener("click", removeOverlay);
    overlay.append(title, details, dismiss);
    document.body.appendChild(overlay);
  }

  function connect() {
    var events = new EventSource(EVENTS);
    events.addEventListener("hello", function (event) {
      // A build finished between this page's load and this connection: catch up.
      if (pageBuild && event.data !== pageBuild) location.reload();
    });
    events.addEventListener("reload", function () {
      location.reload();
    });
    events.addEventListener("error", function (event) {
      if (typeof event.data === "string") {
        showErrors(JSON.parse(event.data));
      } else if (events.readyState === EventSource.CLOSED) {
        // Refused (503: too many pages open): EventSource gives up, so try again later.
        // A lost connection is CONNECTING instead: EventSource retries by itself.
        setTimeout(connect, RETRY_MS);
      }
    });
  }

  connect();
})();
