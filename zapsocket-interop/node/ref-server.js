#!/usr/bin/env node
// Node reference implementation of the Zap-Socket interop test app.
// The behaviour is specified in APP.md; the Java implementation must match it. Keep both in sync.
//
// Usage: node ref-server.js [port] [--port=N] [--ping-interval=MS] [--ping-timeout=MS] [--max-http-buffer-size=BYTES]
// Env (used when the flag is absent): PORT, PING_INTERVAL, PING_TIMEOUT, MAX_HTTP_BUFFER_SIZE.
// Listens on 127.0.0.1 (port 0 = ephemeral) and prints exactly one line {"port":N} on stdout when listening.
// Exits when stdin closes (so it never outlives the JVM that started it), on SIGTERM and on SIGINT.
"use strict";

const http = require("node:http");
const { Server } = require("socket.io");

function parseArgs(argv) {
  const out = {};
  for (const a of argv) {
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    if (m) out[m[1]] = m[2];
    else if (/^\d+$/.test(a)) out.port = a;
    else throw new Error(`unknown argument: ${a}`);
  }
  return out;
}

function intOption(args, flag, envName, def) {
  const raw = args[flag] !== undefined ? args[flag] : process.env[envName];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`bad value for ${flag}: ${raw}`);
  return n;
}

const args = parseArgs(process.argv.slice(2));
const port = intOption(args, "port", "PORT", 0);
const pingInterval = intOption(args, "ping-interval", "PING_INTERVAL", 25000);
const pingTimeout = intOption(args, "ping-timeout", "PING_TIMEOUT", 20000);
const maxHttpBufferSize = intOption(args, "max-http-buffer-size", "MAX_HTTP_BUFFER_SIZE", 1e6);

const httpServer = http.createServer();
const io = new Server(httpServer, {
  cors: { origin: "*" },
  pingInterval,
  pingTimeout,
  maxHttpBufferSize,
});

/** Splits a trailing ack callback off the received args. */
function splitAck(args) {
  if (args.length > 0 && typeof args[args.length - 1] === "function") {
    return [args.slice(0, -1), args[args.length - 1]];
  }
  return [args, null];
}

/** Handlers shared by every namespace of the app ("/", "/admin", "/dyn-N"). */
function commonHandlers(socket) {
  socket.on("echo", (...raw) => {
    const [args, ack] = splitAck(raw);
    if (ack) ack(...args);
    else socket.emit("echo", ...args);
  });
}

// ---- namespace "/" -------------------------------------------------------------------------
const root = io.of("/");

root.use((socket, next) => {
  const auth = socket.handshake.auth || {};
  if (auth.token === "reject") {
    const err = new Error("Not authorized");
    err.data = { reason: "bad token" };
    return next(err);
  }
  next();
});

root.on("connection", (socket) => {
  socket.emit("welcome", { id: socket.id, auth: socket.handshake.auth });
  commonHandlers(socket);

  socket.on("server-ack", (...raw) => {
    const [[event, timeoutMs, ...rest]] = splitAck(raw);
    socket.timeout(timeoutMs).emit(event, ...rest, (err, ...response) => {
      if (err) socket.emit("server-ack-result", { ok: false, error: err.message });
      else socket.emit("server-ack-result", { ok: true, response });
    });
  });

  socket.on("join", (...raw) => {
    const [[room], ack] = splitAck(raw);
    socket.join(room);
    if (ack) ack();
  });

  socket.on("leave", (...raw) => {
    const [[room], ack] = splitAck(raw);
    socket.leave(room);
    if (ack) ack();
  });

  socket.on("to-room", (...raw) => {
    const [[room, event, ...rest], ack] = splitAck(raw);
    io.to(room).emit(event, ...rest);
    if (ack) ack();
  });

  socket.on("to-room-except", (...raw) => {
    const [[room, exceptRoom, event, ...rest], ack] = splitAck(raw);
    io.to(room).except(exceptRoom).emit(event, ...rest);
    if (ack) ack();
  });

  socket.on("broadcast", (...raw) => {
    const [[event, ...rest], ack] = splitAck(raw);
    socket.broadcast.emit(event, ...rest);
    if (ack) ack();
  });

  socket.on("disconnect-me", (...raw) => {
    const [[close]] = splitAck(raw);
    socket.disconnect(close === true);
  });

  socket.on("count", (...raw) => {
    const [, ack] = splitAck(raw);
    if (ack) ack(root.sockets.size);
  });

  socket.on("rooms", (...raw) => {
    const [, ack] = splitAck(raw);
    if (ack) ack([...socket.rooms]);
  });
});

// ---- namespace "/admin" --------------------------------------------------------------------
const admin = io.of("/admin");
admin.use((socket, next) => {
  const auth = socket.handshake.auth || {};
  if (auth.role !== "admin") return next(new Error("forbidden"));
  next();
});
admin.on("connection", (socket) => {
  socket.emit("welcome", { id: socket.id, auth: socket.handshake.auth });
  commonHandlers(socket);
});

// ---- dynamic namespaces /dyn-<digits> ------------------------------------------------------
io.of(/^\/dyn-\d+$/).on("connection", (socket) => {
  socket.emit("hello", { nsp: socket.nsp.name });
  commonHandlers(socket);
});

// ---- lifecycle -----------------------------------------------------------------------------
let stopping = false;
function shutdown(why) {
  if (stopping) return;
  stopping = true;
  console.error(`stopping (${why})`);
  io.close();
  // Don't wait for lingering keep-alive connections.
  setTimeout(() => process.exit(0), 200).unref();
}

process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
process.stdin.on("end", () => shutdown("stdin closed"));
process.stdin.on("error", () => shutdown("stdin error"));
process.stdin.resume();

httpServer.on("error", (err) => {
  console.error(`${err.stack || err}`);
  process.exit(1);
});
httpServer.listen(port, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: httpServer.address().port }) + "\n");
  console.error(
    `listening on 127.0.0.1:${httpServer.address().port} ` +
      `(pingInterval=${pingInterval} pingTimeout=${pingTimeout} maxHttpBufferSize=${maxHttpBufferSize})`,
  );
});
