#!/usr/bin/env node
// Remote control for real socket.io-client instances, driven by the Java interop tests.
//
// stdin : one JSON command per line   {"req":1,"cmd":"connect","client":"a","url":"http://127.0.0.1:1234/","opts":{}}
// stdout: one JSON object per line, either
//           a reply  {"req":1,"ok":true,"result":...}  /  {"req":1,"ok":false,"error":"..."}
//           an event {"client":"a","type":"connect","id":"...","transport":"polling"}
// stderr: logs (never parsed).
//
// Commands (every command carries "req", echoed in its single reply):
//   connect    {client, url, opts?, subscribe?: [name | {event, ackWith?}], onAny?: bool, packets?: bool}
//              io(url, opts); subscriptions are attached before the connection can deliver anything.
//              A client name that is already in use is closed and replaced.
//   emit       {client, event, args?, ack?: bool, timeout?: ms}
//              ack=false: reply {ok:true} once queued. ack=true: reply {ok:true, result:[ack args...]} or
//              {ok:false, error:"operation has timed out" | "socket has been disconnected"}.
//   on         {client, event, ackWith?: [...] | "echo"}   report every occurrence as {type:"event"}; when the
//              server asked for an ack and ackWith is set, answer it (with the received args for "echo").
//   off        {client, event}
//   onAny      {client}                                    report every incoming event as {type:"any"}
//   disconnect {client}                                    socket.disconnect()
//   connectAgain {client}                                  socket.connect() (after a disconnect)
//   retarget   {client, url}                               point the Manager at another server (same path) and
//                                                          close its engine: it reconnects there (cluster tests)
//   close      {client}                                    close the Manager (engine connection)
//   state      {client} -> {connected, disconnected, active, id, recovered, transport, engineId}
//   reset      {}                                          close and forget every client
//   exit       {}                                          close everything, reply, exit 0
//
// Events (type): connect {id, transport, recovered}, disconnect {reason, description?},
//   connect_error {message, data}, reconnect_attempt {attempt}, reconnect {attempt},
//   reconnect_error {message}, reconnect_failed {}, upgrade {transport}, open {transport} (manager open),
//   close {reason} (manager/engine close), ping {} (Engine.IO ping received), packet {packetType, nsp, id} (only with packets:true),
//   event {name, args, hasAck}, any {name, args}, driver_error {message}.
//
// opts.parser "msgpack": the client uses socket.io-msgpack-parser (its module cannot travel as JSON).
// opts.localAddress (e.g. "127.0.3.1"): every request of the client (polling and WebSocket) leaves from that address
// (an http.Agent is created for it), so that a load balancer hashing client IPs tells the clients apart.
//
// Binary: every Buffer / ArrayBuffer / typed array in reported args is written as {"$bin":"<base64>"};
// every {"$bin":"<base64>"} object in command args (at any depth) is sent as a Buffer.
"use strict";

const readline = require("node:readline");
const http = require("node:http");
const { io } = require("socket.io-client");

const clients = new Map(); // name -> { socket, manager, subs: Map<event, listener>, anyListener }

// ---------------------------------------------------------------------------------------------
// output

function write(obj) {
  let line;
  try {
    line = JSON.stringify(obj);
  } catch (e) {
    line = JSON.stringify({ type: "driver_error", message: `unserializable output: ${e.message}` });
  }
  process.stdout.write(line + "\n");
}

function log(...parts) {
  process.stderr.write(`${parts.join(" ")}\n`);
}

function report(client, type, fields) {
  write(Object.assign({ client, type }, fields));
}

// ---------------------------------------------------------------------------------------------
// binary <-> JSON

function toJson(value, depth = 0) {
  if (depth > 100) throw new Error("value nested too deeply");
  if (value === undefined) return null;
  if (value === null || typeof value !== "object") return value;
  if (Buffer.isBuffer(value)) return { $bin: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { $bin: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) {
    return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  }
  if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1));
  if (value instanceof Error) return { message: value.message, data: toJson(value.data, depth + 1) };
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "function") out[k] = toJson(v, depth + 1);
  }
  return out;
}

function fromJson(value, depth = 0) {
  if (depth > 100) throw new Error("value nested too deeply");
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => fromJson(v, depth + 1));
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === "$bin" && typeof value.$bin === "string") {
    return Buffer.from(value.$bin, "base64");
  }
  const out = {};
  for (const k of keys) out[k] = fromJson(value[k], depth + 1);
  return out;
}

// ---------------------------------------------------------------------------------------------
// clients

function need(cmd, field, type) {
  const v = cmd[field];
  if (v === undefined || v === null) throw new Error(`missing field "${field}"`);
  if (type && typeof v !== type) throw new Error(`field "${field}" must be a ${type}`);
  return v;
}

function getClient(cmd) {
  const name = need(cmd, "client", "string");
  const c = clients.get(name);
  if (!c) throw new Error(`unknown client "${name}"`);
  return c;
}

function transportName(socket) {
  const engine = socket.io && socket.io.engine;
  return engine && engine.transport ? engine.transport.name : null;
}

function splitAck(args) {
  if (args.length > 0 && typeof args[args.length - 1] === "function") {
    return [args.slice(0, -1), args[args.length - 1]];
  }
  return [args, null];
}

function subscribe(c, event, ackWith) {
  if (typeof event !== "string" || event.length === 0) throw new Error("event must be a non-empty string");
  if (ackWith !== undefined && ackWith !== null && ackWith !== "echo" && !Array.isArray(ackWith)) {
    throw new Error('ackWith must be an array or "echo"');
  }
  const old = c.subs.get(event);
  if (old) c.socket.off(event, old);
  const answer = ackWith === undefined || ackWith === null ? null : ackWith === "echo" ? "echo" : fromJson(ackWith);
  const listener = (...raw) => {
    const [args, ack] = splitAck(raw);
    report(c.name, "event", { name: event, args: toJson(args), hasAck: ack !== null });
    if (ack && answer !== null) ack(...(answer === "echo" ? args : answer));
  };
  c.subs.set(event, listener);
  c.socket.on(event, listener);
}

function watchEngine(c, engine) {
  if (!engine || c.engines.has(engine)) return;
  c.engines.add(engine);
  engine.on("upgrade", (transport) => report(c.name, "upgrade", { transport: transport.name }));
  engine.on("close", () => c.engines.delete(engine));
}

function closeClient(c) {
  try {
    c.closed = true;
    c.manager.removeAllListeners();
    for (const e of c.engines) e.removeAllListeners("upgrade");
    c.socket.removeAllListeners();
    c.socket.offAny();
    c.socket.disconnect();
    c.manager._close();
  } catch (e) {
    log(`closing ${c.name}: ${e.message}`);
  }
}

function connect(cmd) {
  const name = need(cmd, "client", "string");
  const url = need(cmd, "url", "string");
  const opts = cmd.opts === undefined || cmd.opts === null ? {} : fromJson(cmd.opts);
  if (typeof opts !== "object" || Array.isArray(opts)) throw new Error("opts must be an object");
  const subs = cmd.subscribe === undefined ? [] : cmd.subscribe;
  if (!Array.isArray(subs)) throw new Error("subscribe must be an array");

  if (opts.parser === "msgpack") {
    opts.parser = require("socket.io-msgpack-parser");
  } else if (opts.parser !== undefined) {
    throw new Error('opts.parser must be "msgpack" when given');
  }
  if (typeof opts.localAddress === "string" && opts.agent === undefined) {
    opts.agent = new http.Agent({ localAddress: opts.localAddress });
  }

  const previous = clients.get(name);
  if (previous) {
    closeClient(previous);
    clients.delete(name);
  }

  const socket = io(url, opts);
  const manager = socket.io;
  const c = { name, socket, manager, subs: new Map(), engines: new Set(), closed: false };
  clients.set(name, c);

  // Everything below is attached synchronously, before any network I/O can complete.
  for (const s of subs) {
    if (typeof s === "string") subscribe(c, s);
    else subscribe(c, s && s.event, s && s.ackWith);
  }
  if (cmd.onAny === true) enableAny(c);

  socket.on("connect", () =>
    report(name, "connect", { id: socket.id, transport: transportName(socket), recovered: socket.recovered === true }),
  );
  socket.on("disconnect", (reason, details) =>
    report(name, "disconnect", {
      reason,
      description: details && details.description !== undefined ? String(details.description) : null,
    }),
  );
  socket.on("connect_error", (err) =>
    report(name, "connect_error", { message: err && err.message, data: toJson(err && err.data) }),
  );

  manager.on("open", () => {
    watchEngine(c, manager.engine);
    report(name, "open", { transport: transportName(socket) });
  });
  manager.on("close", (reason) => report(name, "close", { reason: String(reason) }));
  manager.on("ping", () => report(name, "ping", {}));
  manager.on("reconnect_attempt", (attempt) => report(name, "reconnect_attempt", { attempt }));
  manager.on("reconnect", (attempt) => report(name, "reconnect", { attempt }));
  manager.on("reconnect_error", (err) => report(name, "reconnect_error", { message: err && err.message }));
  manager.on("reconnect_failed", () => report(name, "reconnect_failed", {}));
  if (cmd.packets === true) {
    manager.on("packet", (p) => report(name, "packet", { packetType: p.type, nsp: p.nsp, id: p.id === undefined ? null : p.id }));
  }
  // A multiplexed manager may already be open (no "open" event then).
  watchEngine(c, manager.engine);
  return { id: socket.id === undefined ? null : socket.id };
}

function enableAny(c) {
  if (c.anyListener) return;
  c.anyListener = (event, ...raw) => {
    const [args] = splitAck(raw);
    report(c.name, "any", { name: event, args: toJson(args) });
  };
  c.socket.onAny(c.anyListener);
}

function emit(cmd, reply) {
  const c = getClient(cmd);
  const event = need(cmd, "event", "string");
  const args = cmd.args === undefined || cmd.args === null ? [] : fromJson(cmd.args);
  if (!Array.isArray(args)) throw new Error("args must be an array");
  if (cmd.ack !== true) {
    c.socket.emit(event, ...args);
    reply({ ok: true, result: null });
    return;
  }
  const timeout = cmd.timeout;
  if (timeout !== undefined && timeout !== null && (typeof timeout !== "number" || timeout < 0)) {
    throw new Error("timeout must be a non-negative number");
  }
  // Same code path as (timeout(ms).)emitWithAck — an error-first ack (withError) — but keeps *all* ack args,
  // whereas the Promise of emitWithAck resolves with the first one only.
  const onAck = (err, ...response) => {
    if (err) reply({ ok: false, error: err.message });
    else reply({ ok: true, result: toJson(response) });
  };
  if (timeout !== undefined && timeout !== null) {
    c.socket.timeout(timeout).emit(event, ...args, onAck);
  } else {
    onAck.withError = true;
    c.socket.emit(event, ...args, onAck);
  }
}

function state(c) {
  return {
    connected: c.socket.connected,
    disconnected: c.socket.disconnected,
    active: c.socket.active,
    id: c.socket.id === undefined ? null : c.socket.id,
    recovered: c.socket.recovered === true,
    transport: transportName(c.socket),
    engineId: c.socket.io.engine && c.socket.io.engine.id ? c.socket.io.engine.id : null,
  };
}

function resetAll() {
  for (const c of clients.values()) closeClient(c);
  clients.clear();
}

// ---------------------------------------------------------------------------------------------
// command loop

let exiting = false;

function shutdown(code) {
  if (exiting) return;
  exiting = true;
  resetAll();
  // Let stdout drain, then leave even if some socket keeps the loop alive.
  setImmediate(() => process.exit(code));
}

function handle(line) {
  if (line.trim() === "") return;
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    write({ req: null, ok: false, error: `bad JSON: ${e.message}` });
    return;
  }
  const req = cmd && typeof cmd === "object" && cmd.req !== undefined ? cmd.req : null;
  let replied = false;
  const reply = (r) => {
    if (replied) return;
    replied = true;
    write(Object.assign({ req }, r));
  };
  try {
    if (!cmd || typeof cmd !== "object" || Array.isArray(cmd)) throw new Error("command must be a JSON object");
    switch (cmd.cmd) {
      case "connect":
        reply({ ok: true, result: connect(cmd) });
        break;
      case "emit":
        emit(cmd, reply);
        break;
      case "on":
        subscribe(getClient(cmd), cmd.event, cmd.ackWith);
        reply({ ok: true, result: null });
        break;
      case "off": {
        const c = getClient(cmd);
        const l = c.subs.get(cmd.event);
        if (l) c.socket.off(cmd.event, l);
        c.subs.delete(cmd.event);
        reply({ ok: true, result: null });
        break;
      }
      case "onAny":
        enableAny(getClient(cmd));
        reply({ ok: true, result: null });
        break;
      case "disconnect":
        getClient(cmd).socket.disconnect();
        reply({ ok: true, result: null });
        break;
      case "connectAgain":
        getClient(cmd).socket.connect();
        reply({ ok: true, result: null });
        break;
      case "retarget": {
        const c = getClient(cmd);
        c.manager.uri = need(cmd, "url", "string");
        if (c.manager.engine) c.manager.engine.close();
        reply({ ok: true, result: null });
        break;
      }
      case "close": {
        const c = getClient(cmd);
        c.manager._close();
        reply({ ok: true, result: null });
        break;
      }
      case "state":
        reply({ ok: true, result: state(getClient(cmd)) });
        break;
      case "reset":
        resetAll();
        reply({ ok: true, result: null });
        break;
      case "exit":
        reply({ ok: true, result: null });
        shutdown(0);
        break;
      default:
        throw new Error(`unknown command: ${JSON.stringify(cmd.cmd)}`);
    }
  } catch (e) {
    reply({ ok: false, error: e && e.message ? e.message : String(e) });
  }
}

process.on("uncaughtException", (e) => {
  log(`uncaught: ${e && e.stack ? e.stack : e}`);
  write({ client: null, type: "driver_error", message: e && e.message ? e.message : String(e) });
});
process.on("unhandledRejection", (e) => {
  log(`unhandled rejection: ${e && e.stack ? e.stack : e}`);
  write({ client: null, type: "driver_error", message: e && e.message ? e.message : String(e) });
});
process.on("SIGTERM", () => shutdown(0));
process.on("SIGINT", () => shutdown(0));
process.stdout.on("error", () => process.exit(0)); // reader gone (EPIPE)

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", handle);
rl.on("close", () => shutdown(0));
log(`ready (node ${process.version}, socket.io-client ${require("socket.io-client/package.json").version})`);
