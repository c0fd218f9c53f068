// The read-only chat feed: Server-Sent Events with the browser's own EventSource. The browser reconnects by itself
// and sends Last-Event-ID; the server replays what was missed (no gap, no duplicate) or sends zap:resync.
"use strict";

const banner = document.querySelector("#banner");
const bannerText = document.querySelector("#banner-text");
const log = document.querySelector("#feed-log");
// for the browser test: how often the feed (re)opened and had to resync
window.feed = { opens: 0, resyncs: 0 };

function state(s, text) {
  banner.dataset.state = s;
  bannerText.textContent = text;
}

const source = new EventSource("/zap/sse?room=chat");
source.onopen = () => {
  window.feed.opens++;
  state("connected", "Live");
};
source.onerror = () => state(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting",
  source.readyState === EventSource.CLOSED ? "Feed refused" : "Reconnecting…");
source.addEventListener("chat:message", (e) => {
  const [m] = JSON.parse(e.data);
  const li = document.createElement("li");
  li.dataset.id = m.id;
  li.dataset.offset = e.lastEventId;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = m.name;
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = m.text;
  li.append(who, text);
  log.append(li);
});
source.addEventListener("zap:resync", () => {
  // the history no longer covers the gap: start again from what is shown now
  window.feed.resyncs++;
  log.replaceChildren();
});
