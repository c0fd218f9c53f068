// zap-sync.js: the browser client of zapsocket-sync (docs/sync.md), the twin of the Java helpers in
// io.zapsocket.sync.client. No dependencies: it wraps an official socket.io-client v4 socket and speaks the documented
// wire format. Every helper (re)subscribes on each "connect" of the socket, so it survives reconnections.
//
//   import { io } from "/socket.io/socket.io.esm.min.js";
//   import { StreamSubscription, PresenceView, Presence, Typing, InboxReceiver, MapView, emitIdempotent }
//     from "/sync/zap-sync.js";   // served with StaticContent.classpath("/sync/", "io/zapsocket/sync/browser")
//   const socket = io();
//   const sub = StreamSubscription.follow(socket, "chat:lobby", {
//     since: JSON.parse(localStorage.pos || "null"),              // or null: from now on
//     onPublication: (p) => render(p.data),                       // once each, in offset order
//     onResync: (pos) => reloadFromServer(),                      // history lost (epoch changed / too old)
//   });
//   addEventListener("pagehide", () => (localStorage.pos = JSON.stringify(sub.position)));

const RETRY_MS = 500;

function isAnswer(a) {
  return a !== null && typeof a === "object" && !("error" in a);
}

function refusal(a) {
  const e = a && a.error ? a.error : { code: "unavailable", message: "no answer" };
  const err = new Error(e.code + ": " + e.message);
  err.code = e.code;
  return err;
}

/**
 * Follows a stream room: subscribes on every (re)connection with `since` = the last delivered position, delivers
 * each publication once and in offset order (duplicates dropped), fills offset gaps with `sync:history` pages, and
 * calls `onResync` when the history no longer holds (another epoch, or trimmed). Like the Java StreamSubscription.
 */
export class StreamSubscription {
  #socket; #stream; #opts;
  #offset = -1; #epoch = null;
  #pending = null;   // publications held back while a subscribe or a gap fill is pending (null: none pending)
  #request = 0;      // id of the awaited request; answers to other ids are stale
  #requests = 0;
  #closed = false;
  #onPub; #onConnect; #retry = null;

  /**
   * @param socket  a socket.io-client Socket
   * @param stream  the stream room
   * @param options {since?: {offset, epoch}, pageSize? (100), onPublication(p), onResync?(position), onError?(err)}
   */
  static follow(socket, stream, options) {
    return new StreamSubscription(socket, stream, options);
  }

  constructor(socket, stream, options = {}) {
    if (typeof stream !== "string") throw new TypeError("stream must be a string");
    if (typeof options.onPublication !== "function") throw new TypeError("onPublication is required");
    const pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError("pageSize must be an integer >= 1");
    this.#socket = socket;
    this.#stream = stream;
    this.#opts = { ...options, pageSize };
    if (options.since && Number.isInteger(options.since.offset) && typeof options.since.epoch === "string") {
      this.#offset = options.since.offset;
      this.#epoch = options.since.epoch;
    }
    this.#onPub = (p) => this.#publication(p);
    this.#onConnect = () => this.#subscribe();
    socket.on("sync:pub", this.#onPub);
    socket.on("connect", this.#onConnect);
    if (socket.connected) this.#subscribe();
  }

  /** The position of the last delivered publication, {offset, epoch} (offset -1 before the first answer). */
  get position() {
    return { offset: this.#offset, epoch: this.#epoch };
  }

  #subscribe() {
    if (this.#closed) return;
    clearTimeout(this.#retry);
    const id = ++this.#requests;
    this.#request = id;
    this.#pending = [];
    const body = { stream: this.#stream };
    if (this.#offset >= 0 && this.#epoch !== null) body.since = { offset: this.#offset, epoch: this.#epoch };
    // callback acks run in packet order (promises would let a live event slip in between)
    this.#socket.emit("sync:subscribe", body, (a) => this.#subscribed(id, a));
  }

  #subscribed(id, a) {
    if (this.#closed || id !== this.#request) return; // superseded
    this.#request = 0;
    const buffered = this.#pending;
    this.#pending = null;
    if (!isAnswer(a)) {
      this.#error(refusal(a));
      if (this.#socket.connected) this.#retry = setTimeout(() => this.#retryNow(), RETRY_MS);
      return;
    }
    this.#epoch = a.epoch;
    const pubs = a.publications || [];
    // where the answer starts: the publication before its first one, or (none) the stream's position
    const base = pubs.length ? pubs[0].offset - 1 : a.offset;
    if (a.resync) {
      this.#offset = base;
      if (this.#opts.onResync) this.#opts.onResync(this.position);
    } else if (this.#offset < 0) {
      this.#offset = base; // a fresh subscription starts where the stream is
    }
    this.#applyAll(pubs);
    this.#applyAll(buffered);
  }

  #retryNow() {
    if (!this.#closed && this.#request === 0 && this.#pending === null && this.#socket.connected) this.#subscribe();
  }

  #publication(p) {
    if (this.#closed || !p || p.stream !== this.#stream) return;
    if (this.#pending !== null) this.#pending.push(p);
    else this.#apply(p);
  }

  /** Applies in order until one starts a gap fill (or a resubscribe); the rest wait behind it. */
  #applyAll(list) {
    for (const p of list || []) {
      if (this.#pending !== null) this.#pending.push(p);
      else this.#apply(p);
    }
  }

  #apply(p) {
    if (this.#epoch !== null && p.epoch !== this.#epoch) return this.#subscribe(); // reset: the answer says resync
    if (p.offset <= this.#offset) return; // duplicate
    if (this.#offset >= 0 && p.offset > this.#offset + 1) return this.#fill(p); // gap
    this.#offset = p.offset;
    try {
      this.#opts.onPublication(p);
    } catch (e) {
      this.#error(e);
    }
  }

  #fill(p) {
    const id = ++this.#requests;
    this.#request = id;
    this.#pending = [p];
    const body = { stream: this.#stream, after: this.#offset, limit: this.#opts.pageSize, epoch: this.#epoch };
    this.#socket.emit("sync:history", body, (h) => this.#page(id, h));
  }

  #page(id, h) {
    if (this.#closed || id !== this.#request) return;
    this.#request = 0;
    const buffered = this.#pending;
    this.#pending = null;
    if (!isAnswer(h) || h.complete !== true) {
      if (!isAnswer(h)) this.#error(refusal(h));
      if (this.#socket.connected) this.#subscribe(); // resync or retry through a subscribe (else the next connect)
      return;
    }
    this.#applyAll(h.publications);
    this.#applyAll(buffered);
  }

  #error(e) {
    if (this.#opts.onError) this.#opts.onError(e);
  }

  /** Stops following: unsubscribes and removes the listeners. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#socket.off("sync:pub", this.#onPub);
    this.#socket.off("connect", this.#onConnect);
    if (this.#socket.connected) this.#socket.emit("sync:unsubscribe", { stream: this.#stream });
  }
}

/**
 * Who is in a room: subscribes on every (re)connection (`presence:subscribe`: the state), then merges the
 * `presence:diff` events in version order (older ones dropped). `onChange(members, diff)` gets the whole list,
 * one entry per key `{key, metas: [{ref, meta}]}`, and the diff that caused it ({joins, leaves}; null for a new
 * state). Also follows the room's `typing` events: `onTyping(keys)` with the keys typing now.
 */
export class PresenceView {
  #socket; #room; #opts;
  #state = new Map(); // key -> Map(ref -> meta)
  #typing = new Set();
  #version = -1;
  #closed = false;
  #onDiff; #onTyping; #onConnect;

  static follow(socket, room, options) {
    return new PresenceView(socket, room, options);
  }

  constructor(socket, room, options = {}) {
    if (typeof room !== "string") throw new TypeError("room must be a string");
    this.#socket = socket;
    this.#room = room;
    this.#opts = options;
    this.#onDiff = (d) => this.#diff(d);
    this.#onTyping = (t) => this.#typingEvent(t);
    this.#onConnect = () => this.#subscribe();
    socket.on("presence:diff", this.#onDiff);
    socket.on("typing", this.#onTyping);
    socket.on("connect", this.#onConnect);
    if (socket.connected) this.#subscribe();
  }

  /** The members now, ordered by key (empty before the first answer). */
  get members() {
    return [...this.#state.keys()].sort().map((key) => ({
      key,
      metas: [...this.#state.get(key)].map(([ref, meta]) => ({ ref, meta })),
    }));
  }

  /** The keys typing now (as the `typing` events said). */
  get typing() {
    return [...this.#typing].sort();
  }

  #subscribe() {
    if (this.#closed) return;
    this.#version = -1; // diffs before the new state are in it
    this.#socket.emit("presence:subscribe", { room: this.#room }, (a) => {
      if (this.#closed || !isAnswer(a)) return; // refused: the next connection subscribes again
      this.#state.clear();
      this.#merge(a.state, true);
      this.#version = a.version;
      this.#typing.clear();
      this.#changed(null);
    });
  }

  #diff(d) {
    if (this.#closed || !d || d.room !== this.#room || this.#version < 0 || d.version <= this.#version) return;
    this.#version = d.version;
    this.#merge(d.leaves, false);
    this.#merge(d.joins, true);
    for (const key of Object.keys(d.leaves || {})) if (!this.#state.has(key)) this.#typing.delete(key);
    this.#changed({ joins: d.joins || {}, leaves: d.leaves || {} });
  }

  #merge(byKey, join) {
    for (const [key, metas] of Object.entries(byKey || {})) {
      for (const m of metas) {
        if (join) {
          if (!this.#state.has(key)) this.#state.set(key, new Map());
          this.#state.get(key).set(m.ref, m.meta && typeof m.meta === "object" ? m.meta : {});
        } else {
          const refs = this.#state.get(key);
          if (refs) {
            refs.delete(m.ref);
            if (refs.size === 0) this.#state.delete(key);
          }
        }
      }
    }
  }

  #typingEvent(t) {
    if (this.#closed || !t || t.room !== this.#room) return;
    if (t.typing) this.#typing.add(t.key);
    else this.#typing.delete(t.key);
    if (this.#opts.onTyping) this.#opts.onTyping(this.typing);
  }

  #changed(diff) {
    if (this.#opts.onChange) this.#opts.onChange(this.members, diff);
  }

  /** Stops following (unsubscribes when connected). */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.off("presence:diff", this.#onDiff);
    this.#socket.off("typing", this.#onTyping);
    this.#socket.off("connect", this.#onConnect);
    if (this.#socket.connected) this.#socket.emit("presence:unsubscribe", { room: this.#room });
  }
}

/**
 * Tracks this socket in a room's presence (`presence:track`, the server chooses the key), again on every
 * (re)connection; `untrack()` stops. `ready` resolves with the first answer (`{ok, key}` or `{error}`).
 */
export class Presence {
  #socket; #room; #meta; #onConnect; #resolve;
  #tracked = true;
  ready;

  static track(socket, room, meta = {}) {
    return new Presence(socket, room, meta);
  }

  constructor(socket, room, meta = {}) {
    this.#socket = socket;
    this.#room = room;
    this.#meta = meta;
    this.ready = new Promise((r) => (this.#resolve = r));
    this.#onConnect = () => this.#track();
    socket.on("connect", this.#onConnect);
    if (socket.connected) this.#track();
  }

  #track() {
    if (!this.#tracked) return;
    this.#socket.emit("presence:track", { room: this.#room, meta: this.#meta }, (a) => this.#resolve(a));
  }

  /** Changes the meta (tracked again now if connected). */
  update(meta) {
    this.#meta = meta;
    if (this.#socket.connected) this.#track();
  }

  untrack() {
    if (!this.#tracked) return;
    this.#tracked = false;
    this.#socket.off("connect", this.#onConnect);
    if (this.#socket.connected) this.#socket.emit("presence:untrack", { room: this.#room });
  }
}

/**
 * The typing indicator of this socket in a room: call `start()` on each keystroke (it emits `typing:start` at most
 * every `repeat` ms, default 2000, below the server's 5 s expiry) and `stop()` when done (sent once). Others see it
 * through PresenceView's `onTyping`.
 */
export class Typing {
  #socket; #room; #repeat;
  #lastStart = -Infinity;
  #on = false;

  constructor(socket, room, options = {}) {
    this.#socket = socket;
    this.#room = room;
    this.#repeat = options.repeat ?? 2000;
  }

  start() {
    const now = Date.now();
    if (this.#on && now - this.#lastStart < this.#repeat) return;
    this.#on = true;
    this.#lastStart = now;
    if (this.#socket.connected) this.#socket.volatile.emit("typing:start", { room: this.#room });
  }

  stop() {
    if (!this.#on) return;
    this.#on = false;
    this.#lastStart = -Infinity;
    if (this.#socket.connected) this.#socket.volatile.emit("typing:stop", { room: this.#room });
  }
}

/**
 * Receives the inbox of the socket's user (`inbox:msg`); register it before the socket connects (the server sends
 * the stored messages at once). The handler (may be async) runs once per id, one message at a time in arrival
 * order; the message is acknowledged (`inbox:ack`) after it returned or resolved. A repeat (a lost acknowledgement)
 * is acknowledged again without calling the handler; a handler that throws leaves the message for the next
 * connection. `memory` (default 1000): how many handled ids are remembered against redeliveries.
 */
export class InboxReceiver {
  #socket; #handler; #memory;
  #handled = new Set();
  #chain = Promise.resolve();
  #onMsg;

  static listen(socket, handler, options = {}) {
    return new InboxReceiver(socket, handler, options);
  }

  constructor(socket, handler, options = {}) {
    if (typeof handler !== "function") throw new TypeError("handler is required");
    this.#socket = socket;
    this.#handler = handler;
    this.#memory = options.memory ?? 1000;
    this.#onMsg = (m) => (this.#chain = this.#chain.then(() => this.#message(m)));
    socket.on("inbox:msg", this.#onMsg);
  }

  async #message(m) {
    if (!m || !Number.isInteger(m.id)) return;
    if (!this.#handled.has(m.id)) {
      try {
        await this.#handler(m); // {id, time, data}
      } catch (e) {
        return; // not acknowledged: it comes again on the next connection
      }
      this.#handled.add(m.id);
      if (this.#handled.size > this.#memory) this.#handled.delete(this.#handled.values().next().value);
    }
    this.#socket.emit("inbox:ack", { ids: [m.id] });
  }

  /** Stops receiving (what is not acknowledged stays in the inbox). */
  close() {
    this.#socket.off("inbox:msg", this.#onMsg);
  }
}

/** A fresh idempotency key (a UUID). */
export function idempotencyKey() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
}

/**
 * emitWithAck with an idempotency key: sends `...args, {"zs:idem": key}` and waits `timeout` ms (default 5000) for
 * the answer; on a timeout it sends again with the same key, up to `retries` times (default 3), so a handler the
 * server declared with `sync.onIdempotent` runs once whatever the number of sends. Resolves with the ack's first
 * argument; rejects after the last timeout.
 *
 *   const answer = await emitIdempotent(socket, "order", [{ item: 42 }], { retries: 5 });
 */
export async function emitIdempotent(socket, event, args = [], options = {}) {
  const key = options.key ?? idempotencyKey();
  const timeout = options.timeout ?? 5000;
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await socket.timeout(timeout).emitWithAck(event, ...args, { "zs:idem": key });
    } catch (e) {
      if (attempt >= retries) throw e;
    }
  }
}

/**
 * A live copy of a replicated map: snapshot on every (re)connection (`map:subscribe`), then the `map:change` events
 * in `seq` order (older dropped; a jump takes a fresh snapshot). `onChange(entries, change)`: entries ordered by
 * key, each `{key, value, stamp, version}`; change is null for a snapshot. Writes answer `{ok, applied, stamp,
 * version}` or `{error}`; their effect arrives as a change like anyone else's.
 */
export class MapView {
  #socket; #map; #opts;
  #entries = new Map();
  #seq = -1;
  #closed = false;
  #onChange; #onConnect;

  static follow(socket, map, options) {
    return new MapView(socket, map, options);
  }

  constructor(socket, map, options = {}) {
    if (typeof map !== "string") throw new TypeError("map must be a string");
    this.#socket = socket;
    this.#map = map;
    this.#opts = options;
    this.#onChange = (c) => this.#change(c);
    this.#onConnect = () => this.#subscribe();
    socket.on("map:change", this.#onChange);
    socket.on("connect", this.#onConnect);
    if (socket.connected) this.#subscribe();
  }

  /** The live entries now, ordered by key. */
  get entries() {
    return [...this.#entries.keys()].sort().map((k) => this.#entries.get(k));
  }

  /** The value of `key`, or undefined. */
  get(key) {
    const e = this.#entries.get(key);
    return e ? e.value : undefined;
  }

  #subscribe() {
    if (this.#closed) return;
    this.#seq = -1; // changes before the new snapshot are in it
    this.#socket.emit("map:subscribe", { map: this.#map }, (a) => {
      if (this.#closed || !isAnswer(a)) return; // refused: the next connection subscribes again
      this.#entries.clear();
      for (const [key, e] of Object.entries(a.entries || {})) {
        this.#entries.set(key, { key, value: e.value, stamp: e.stamp, version: e.version });
      }
      this.#seq = a.seq;
      if (this.#opts.onChange) this.#opts.onChange(this.entries, null);
    });
  }

  #change(c) {
    if (this.#closed || !c || c.map !== this.#map || this.#seq < 0 || c.seq <= this.#seq) return;
    if (c.seq > this.#seq + 1) return this.#subscribe(); // a change was missed: a fresh snapshot
    this.#seq = c.seq;
    if (c.deleted) this.#entries.delete(c.key);
    else this.#entries.set(c.key, { key: c.key, value: c.value, stamp: c.stamp, version: c.version });
    if (this.#opts.onChange) this.#opts.onChange(this.entries, c);
  }

  /** Sets `key` (last-writer-wins maps). */
  set(key, value) {
    return this.#socket.emitWithAck("map:set", { map: this.#map, key, value });
  }

  /** Deletes `key` (last-writer-wins maps). */
  delete(key) {
    return this.#socket.emitWithAck("map:delete", { map: this.#map, key });
  }

  /** Writes `key` if its version is `expectedVersion` (CAS maps; 0: a new key); value null deletes. */
  compareAndSet(key, expectedVersion, value) {
    return value === null
      ? this.#socket.emitWithAck("map:delete", { map: this.#map, key, version: expectedVersion })
      : this.#socket.emitWithAck("map:set", { map: this.#map, key, value, version: expectedVersion });
  }

  /** Stops following (unsubscribes when connected). */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.off("map:change", this.#onChange);
    this.#socket.off("connect", this.#onConnect);
    if (this.#socket.connected) this.#socket.emit("map:unsubscribe", { map: this.#map });
  }
}
