// The demo page: a shared todo list and a chat room over Socket.IO, served by Zap-Socket.
//
// State model. The todo list is the sync module's compare-and-set map "todos": MapView (/sync/zap-sync.js) follows
// it (a snapshot on every connection, then each change in order, from every node). `server` holds the items as the
// server last told us (the map's snapshot and changes, and acks; newer versions win). Every change the user makes is an operation appended to `queue` (persisted in localStorage)
// and applied on top of `server` to draw the page: that is the optimistic update. Operations are sent one at a
// time, in order, each with an acknowledgement; the ack's authoritative item replaces ours and the operation
// leaves the queue (server reconciliation). A change made on an old version is refused by the server with the
// current item, which we adopt. While disconnected the queue just grows; it is replayed on reconnection.
// Operation ids are generated here and sent as idempotency keys ({"zs:idem": opId}), so a replay the server
// already applied is answered with its first answer, not applied twice (cluster-wide with Redis).
//
// Presence and typing come from the sync module's browser client (/sync/zap-sync.js, docs/sync.md): the server
// tracks every socket in the room "demo" under the user's name; PresenceView follows it (state, then diffs; one entry
// per name, a meta per tab) and Typing sends typing:start/stop.
//
// Page options (query string): ?name=Alice  ?transport=polling|websocket
// The chat is the stream room "chat": StreamSubscription delivers the last 100 messages when the page opens, then
// the live ones, and after a reconnection exactly the ones missed (resumed from its last offset, gaps filled).
// Direct messages go through the user's inbox: InboxReceiver shows each once and acknowledges it; a user who was
// offline gets theirs when they come back.
import { InboxReceiver, MapView, PresenceView, StreamSubscription, Typing } from "/sync/zap-sync.js";

const ROOM = "demo";
const TODOS = "todos"; // the compare-and-set map of the todo list

const params = new URLSearchParams(location.search);
const $ = (sel) => document.querySelector(sel);
const randomId = () => (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now())
    .replace(/[^A-Za-z0-9_-]/g, "");

// ---------------------------------------------------------------- the offline queue (one per tab)

// Each tab keeps its own queue, so that two tabs never rewrite each other's. The tab id survives a reload
// (sessionStorage); a queue left by a tab that was closed while offline is adopted by the next tab that opens.
const QUEUE_PREFIX = "zapsocket-demo.queue.";
const ALIVE_PREFIX = "zapsocket-demo.alive.";
const tabId = sessionStorage.getItem("zapsocket-demo.tab") || randomId();
sessionStorage.setItem("zapsocket-demo.tab", tabId);

function readJson(key, fallback) {
  try {
    const v = localStorage.getItem(key);
    return v ? JSON.parse(v) : fallback;
  } catch (e) {
    return fallback;
  }
}

let queue = readJson(QUEUE_PREFIX + tabId, []);
adoptOrphanQueues();
saveQueue();

function saveQueue() {
  try {
    if (queue.length) localStorage.setItem(QUEUE_PREFIX + tabId, JSON.stringify(queue));
    else localStorage.removeItem(QUEUE_PREFIX + tabId);
  } catch (e) {
    toast("Could not save the offline queue: " + e.message);
  }
}

function heartbeat() {
  try { localStorage.setItem(ALIVE_PREFIX + tabId, String(Date.now())); } catch (e) { /* quota: ignore */ }
}

function adoptOrphanQueues() {
  const now = Date.now();
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key || !key.startsWith(QUEUE_PREFIX) || key === QUEUE_PREFIX + tabId) continue;
    const owner = key.slice(QUEUE_PREFIX.length);
    const alive = Number(localStorage.getItem(ALIVE_PREFIX + owner) || 0);
    if (now - alive > 10000) {
      queue = queue.concat(readJson(key, []));
      localStorage.removeItem(key);
      localStorage.removeItem(ALIVE_PREFIX + owner);
      i = -1; // the keys moved: start over
    }
  }
}

heartbeat();
setInterval(heartbeat, 3000);
addEventListener("pagehide", () => {
  if (!queue.length) localStorage.removeItem(ALIVE_PREFIX + tabId);
});

// ---------------------------------------------------------------- state

let myName = (params.get("name") || sessionStorage.getItem("zapsocket-demo.name")
    || "Guest-" + Math.floor(100 + Math.random() * 900)).slice(0, 24);
sessionStorage.setItem("zapsocket-demo.name", myName);

const server = new Map();          // id -> todo, as last known from the server
const deleted = new Set();         // ids known deleted: late changes for them are ignored
let chatLog = [];                  // messages from the server, in order
let members = [];                  // presence: [{key: name, metas: [{ref, meta}]}], from PresenceView
let typingNames = [];              // the names typing now (others only), from PresenceView
let inflight = null;               // the operation being sent
let attempt = 0;                   // invalidates acks of a previous connection
let reconnectAttempt = 0;
let manualOffline = false;

function newer(a, b) {
  return !b || a.version > b.version || (a.version === b.version && a.updatedAt > b.updatedAt);
}

function learn(todo) {
  if (!todo || deleted.has(todo.id)) return;
  if (newer(todo, server.get(todo.id))) server.set(todo.id, todo);
}

function forget(id) {
  server.delete(id);
  deleted.add(id); // ids are never reused: a late change for it is ignored
}

/** The item a map entry or change holds ({key, version, value: {text, completed, ...}}), or null if malformed. */
function todoOf(e) {
  const v = e.value;
  if (!v || typeof v !== "object" || typeof v.text !== "string") return null;
  return { id: e.key, text: v.text, completed: v.completed === true, version: e.version, updatedAt: v.updatedAt,
    updatedBy: v.updatedBy, createdAt: v.createdAt };
}

const byAge = (a, b) => (a.createdAt - b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The list as drawn: the server's items (oldest first) with the queued operations applied in order. */
function view() {
  const items = new Map();
  for (const t of [...server.values()].sort(byAge)) items.set(t.id, { ...t, pending: false });
  for (const op of queue) {
    const p = op.payload;
    if (op.kind === "create" && !items.has(p.id)) {
      items.set(p.id, { id: p.id, text: p.text, completed: false, version: 1, updatedAt: op.at,
        updatedBy: myName, pending: true });
    } else if (op.kind === "update" && items.has(p.id)) {
      const t = items.get(p.id);
      items.set(p.id, { ...t, text: p.text ?? t.text, completed: p.completed ?? t.completed,
        version: p.baseVersion + 1, pending: true });
    } else if (op.kind === "delete") {
      items.delete(p.id);
    }
  }
  return [...items.values()];
}

// ---------------------------------------------------------------- the socket

const transports = params.get("transport") === "polling" ? ["polling"]
    : params.get("transport") === "websocket" ? ["websocket"] : ["polling", "websocket"];
const socket = io({
  auth: { name: myName },
  transports,
  reconnectionDelay: 500,
  reconnectionDelayMax: 3000,
});
window.socket = socket; // for the tests and the console (a module's names are not global)

const dms = [];                    // direct messages received: {id, from, text, at}
InboxReceiver.listen(socket, (m) => { // registered before the socket connects: the stored ones come at once
  const d = m.data || {};
  dms.push({ id: m.id, from: d.from, text: d.text, at: d.at });
  renderDms();
});

PresenceView.follow(socket, ROOM, {
  onChange: (list) => {
    members = list;
    renderPresence();
  },
  onTyping: (keys) => {
    typingNames = keys.filter((k) => k !== myName);
    renderTyping();
  },
});
const typingSender = new Typing(socket, ROOM);

MapView.follow(socket, TODOS, {
  onChange: (entries, change) => {
    if (change === null) {
      // a snapshot (every connection): the list as the server has it now; what it lacks was deleted meanwhile
      // (or is newer than the snapshot: then its change follows)
      const live = new Set(entries.map((e) => e.key));
      for (const id of [...server.keys()]) if (!live.has(id)) server.delete(id);
      for (const e of entries) learn(todoOf(e));
    } else if (change.deleted) {
      forget(change.key);
    } else {
      learn(todoOf(change));
    }
    render();
  },
});

StreamSubscription.follow(socket, "chat", {
  rewind: 100,
  onPublication: (p) => {
    addChat(p.data);
    typingNames = typingNames.filter((n) => n !== p.data.name);
    render();
  },
  onResync: () => {
    chatLog = []; // the server lost the history we were following (restart without persistence, or too old)
    render();
  },
});

socket.on("connect", () => {
  reconnectAttempt = 0;
  attempt++;
  inflight = null;
  flush(); // the todo map's snapshot comes by itself (MapView subscribes on every connection)
  render();
});

// A socket.io client does not reconnect by itself after "io server disconnect" (an operator's disconnect from the
// admin UI, say): the demo treats it as a lost connection, shows "reconnecting" and comes back after a second.
let kickedAt = 0;

socket.on("disconnect", (reason) => {
  attempt++;
  inflight = null;
  typingNames = [];
  if (reason === "io server disconnect" && !manualOffline) {
    const at = kickedAt = Date.now();
    setTimeout(() => {
      if (kickedAt === at && !manualOffline && !socket.connected) socket.connect();
    }, 1000);
  }
  render();
});

socket.on("connect", () => {
  kickedAt = 0;
});

socket.on("connect_error", (err) => {
  if (err.message === "invalid name") toast("The server refused the name: " + (err.data?.message || ""));
  render();
});

socket.io.on("reconnect_attempt", (n) => {
  reconnectAttempt = n;
  render();
});
socket.io.on("reconnect_failed", render);

// A draining Zap-Socket node (SocketServer.close(Duration)) sends "zap:drain" just before it closes the connection:
// reconnect at once (the load balancer picks another node) instead of after reconnectionDelay; later attempts, if
// that one fails, back off as usual.
socket.on("zap:drain", () => {
  const delay = socket.io.reconnectionDelay();
  socket.io.reconnectionDelay(0);
  socket.io.once("reconnect_attempt", () => socket.io.reconnectionDelay(delay));
});

socket.io.on("open", () => {
  socket.io.engine.on("upgrade", render);
});

addEventListener("online", render);
addEventListener("offline", render);

// ---------------------------------------------------------------- sending operations

const EVENTS = { create: "todo:create", update: "todo:update", delete: "todo:delete", chat: "chat:send" };

function enqueue(kind, payload) {
  queue.push({ kind, payload: { opId: randomId(), ...payload }, at: Date.now() });
  saveQueue();
  render();
  flush();
}

function flush() {
  if (!socket.connected || inflight || queue.length === 0) return;
  const op = queue[0];
  const mine = attempt;
  inflight = op;
  // every operation carries an idempotency key (sync.onIdempotent on the server): a resend after a lost answer is
  // not applied twice; after an "unavailable" answer (kept for that key) the next try uses a new key
  const key = (op.kind === "chat" ? op.payload.id : op.payload.opId) + ":" + (op.failures || 0);
  const args = [op.payload, { "zs:idem": key }];
  socket.timeout(10000).emit(EVENTS[op.kind], ...args, (err, res) => {
    if (mine !== attempt) return; // answered after a reconnection: it is being resent
    inflight = null;
    if (res && res.error === "unavailable") op.failures = (op.failures || 0) + 1;
    if (err || (res && res.error === "unavailable")) {
      // no answer in time, or the server cannot reach its store (Redis) for now, but still connected: send it
      // again (the operation id makes that safe)
      setTimeout(flush, 1000);
      return;
    }
    settle(op, res);
    queue = queue.filter((o) => o !== op);
    saveQueue();
    render();
    flush();
  });
}

/** Applies the server's answer to an operation. */
function settle(op, res) {
  if (res && res.ok) {
    if (res.todo) learn(res.todo);
    if (res.deleted) forget(res.deleted);
    if (res.message) addChat(res.message);
    return;
  }
  const error = res && res.error;
  if (error === "stale") {
    server.set(res.current.id, res.current);
    toast(`“${res.current.text}” was changed by ${res.current.updatedBy} first: your change was not applied`);
  } else if (error === "not_found") {
    forget(res.id);
    if (op.kind !== "delete") toast("That item was deleted by someone else"); // a delete: gone, as wanted
  } else {
    toast("Refused by the server: " + ((res && (res.message || res.error)) || "no answer"));
  }
}

function addChat(m) {
  if (!chatLog.some((x) => x.id === m.id)) {
    chatLog.push(m);
    if (chatLog.length > 100) chatLog = chatLog.slice(-100);
  }
}

// ---------------------------------------------------------------- user actions

$("#todo-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("#todo-input").value.trim();
  if (!text) return;
  enqueue("create", { id: randomId(), text });
  $("#todo-input").value = "";
});

$("#todo-list").addEventListener("click", (e) => {
  const li = e.target.closest("li.todo");
  if (!li) return;
  const item = view().find((t) => t.id === li.dataset.id);
  if (!item) return;
  if (e.target.classList.contains("toggle")) {
    enqueue("update", { id: item.id, baseVersion: item.version, completed: !item.completed });
  } else if (e.target.classList.contains("delete")) {
    enqueue("delete", { id: item.id });
  }
});

$("#todo-list").addEventListener("dblclick", (e) => {
  const li = e.target.closest("li.todo");
  if (!li || !e.target.classList.contains("text")) return;
  const item = view().find((t) => t.id === li.dataset.id);
  if (!item) return;
  const input = document.createElement("input");
  input.className = "edit";
  input.value = item.text;
  input.maxLength = 200;
  e.target.replaceWith(input);
  input.focus();
  let done = false;
  const finish = (save) => {
    if (done) return;
    done = true;
    const text = input.value.trim();
    input.remove(); // else render() would keep the list as it is, to not disturb an edit
    if (save && text && text !== item.text) {
      enqueue("update", { id: item.id, baseVersion: item.version, text });
    } else {
      render();
    }
  };
  input.addEventListener("keydown", (k) => {
    if (k.key === "Enter") finish(true);
    if (k.key === "Escape") finish(false);
  });
  input.addEventListener("blur", () => finish(true));
});

let typingTimer = null;
function setTyping(on) {
  clearTimeout(typingTimer);
  if (on) {
    typingTimer = setTimeout(() => setTyping(false), 2000);
    typingSender.start(); // at most every 2 s; the server expires it 5 s after the last
  } else {
    typingSender.stop();
  }
}

$("#chat-input").addEventListener("input", () => setTyping($("#chat-input").value.length > 0));
$("#chat-input").addEventListener("blur", () => setTyping(false));
$("#chat-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("#chat-input").value.trim();
  if (!text) return;
  setTyping(false);
  enqueue("chat", { id: randomId(), text });
  $("#chat-input").value = "";
});

$("#dm-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const to = $("#dm-to").value.trim();
  const text = $("#dm-text").value.trim();
  if (!to || !text) return;
  socket.timeout(10000).emit("dm:send", { to, text }, (err, res) => {
    if (err || !res || !res.ok) toast("Direct message not sent: " + ((res && (res.message || res.error)) || "no answer"));
    else toast(`Sent to ${to}`);
  });
  $("#dm-text").value = "";
});

$("#name-input").value = myName;
$("#name-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = $("#name-input").value.trim();
  if (!name || name === myName) return;
  myName = name.slice(0, 24);
  sessionStorage.setItem("zapsocket-demo.name", myName);
  socket.auth.name = myName;
  if (!manualOffline) socket.disconnect().connect(); // the name is part of the handshake
});
$("#name-input").addEventListener("blur", () => $("#name-form").requestSubmit());

$("#offline-toggle").addEventListener("click", () => {
  manualOffline = !manualOffline;
  if (manualOffline) socket.disconnect();
  else socket.connect();
  render();
});

// ---------------------------------------------------------------- drawing

function render() {
  renderBanner();
  renderTodos();
  renderChat();
  renderPresence();
  renderTyping();
}

function renderBanner() {
  const banner = $("#banner");
  let state;
  let text;
  if (socket.connected) {
    state = "connected";
    const transport = socket.io.engine && socket.io.engine.transport ? socket.io.engine.transport.name : "";
    text = `Connected as ${myName}` + (transport ? ` · ${transport}` : "");
  } else if (kickedAt && !manualOffline) {
    state = "reconnecting";
    text = "Disconnected by the server · reconnecting…";
  } else if (manualOffline || !navigator.onLine || !socket.active) {
    state = "offline";
    text = manualOffline ? "Offline (by choice)" : "Offline";
  } else if (reconnectAttempt > 0) {
    state = "reconnecting";
    text = `Connection lost · reconnecting (attempt ${reconnectAttempt})…`;
  } else {
    state = "connecting";
    text = "Connecting…";
  }
  banner.dataset.state = state;
  $("#banner-text").textContent = text;
  $("#queued-count").textContent = String(queue.length);
  $("#queued").hidden = queue.length === 0;
  $("#offline-toggle").textContent = manualOffline ? "Go online" : "Go offline";
}

function renderTodos() {
  const list = $("#todo-list");
  const editing = list.querySelector("input.edit");
  if (editing) return; // do not pull the field from under the user's cursor
  const items = view();
  list.replaceChildren(...items.map((t) => {
    const li = document.createElement("li");
    li.className = "todo" + (t.completed ? " done" : "") + (t.pending ? " pending" : "");
    li.dataset.id = t.id;
    li.dataset.version = String(t.version);
    const box = document.createElement("input");
    box.type = "checkbox";
    box.className = "toggle";
    box.checked = t.completed;
    box.setAttribute("aria-label", "done");
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = t.text;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = `v${t.version} · ${t.updatedBy}`;
    const del = document.createElement("button");
    del.type = "button";
    del.className = "delete";
    del.title = "Delete";
    del.setAttribute("aria-label", "Delete");
    del.textContent = "×";
    li.append(box, text, meta, del);
    return li;
  }));
  $("#todo-empty").hidden = items.length > 0;
}

function renderChat() {
  const log = $("#chat-log");
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
  const pending = queue.filter((op) => op.kind === "chat" && !chatLog.some((m) => m.id === op.payload.id))
      .map((op) => ({ id: op.payload.id, name: myName, text: op.payload.text, at: op.at, pending: true }));
  log.replaceChildren(...chatLog.concat(pending).map((m) => {
    const li = document.createElement("li");
    li.dataset.id = m.id;
    if (m.pending) li.className = "pending";
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = m.name;
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = m.text;
    const at = document.createElement("span");
    at.className = "at";
    at.textContent = m.pending ? "sending…" : new Date(m.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    li.append(who, text, at);
    return li;
  }));
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function renderPresence() {
  const users = socket.connected ? members : [];
  $("#user-count").textContent = String(users.length);
  $("#users").replaceChildren(...users.map((u) => {
    const li = document.createElement("li");
    li.textContent = u.key; // the name (one entry per user; u.metas: one per tab)
    li.dataset.tabs = String(u.metas.length);
    if (u.metas.length > 1) li.title = `${u.metas.length} tabs`;
    if (u.key === myName) li.className = "me";
    return li;
  }));
}

function renderDms() {
  $("#dm-log").replaceChildren(...dms.map((m) => {
    const li = document.createElement("li");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = m.from;
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = m.text;
    li.append(who, text);
    return li;
  }));
}

function renderTyping() {
  const names = socket.connected ? typingNames : [];
  $("#typing").textContent = names.length === 0 ? ""
      : names.length === 1 ? `${names[0]} is typing…` : `${names.join(", ")} are typing…`;
}

let toastCount = 0;
function toast(message) {
  const el = document.createElement("div");
  el.className = "toast";
  el.textContent = message;
  el.dataset.n = String(++toastCount);
  $("#toasts").append(el);
  setTimeout(() => el.remove(), 6000);
}

render();
