#!/usr/bin/env node
// Server of the Java client's integration tests (zapsocket-client ITs in zapsocket-interop), on socket.io 4.8.4.
// Spec: CLIENT_IT.md (the Java twin is io.zapsocket.interop.client.ZapClientItServer). Keep both in sync.
//
// Usage: node client-it-server.js [--port=N] [--transports=polling,websocket] [--recovery]
//                                 [--ping-interval=MS] [--ping-timeout=MS] [--parser=msgpack]
// Listens on 127.0.0.1 (port 0 = ephemeral), prints one line {"port":N} on stdout when listening, exits when stdin
// closes, on SIGTERM and on SIGINT.
"use strict";

const http = require("node:http");
const { Server } = require("socket.io");

const args = {};
for (const a of process.argv.slice(2)) {
  const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
  if (!m) throw new Error(`unknown argument: ${a}`);
  args[m[1]] = m[2] === undefined ? true : m[2];
}
const port = Number(args.port || 0);
const options = {
  transports: (args.transports || "polling,websocket").split(","),
  pingInterval: Number(args["ping-interval"] || 25000),
  pingTimeout: Number(args["ping-timeout"] || 20000),
};
if (args.parser === "msgpack") {
  options.parser = require("socket.io-msgpack-parser");
} else if (args.parser !== undefined) {
  throw new Error(`unknown parser: ${args.parser}`);
}
if (args.recovery) {
  options.connectionStateRecovery = { maxDisconnectionDuration: 60000, skipMiddlewares: true };
}

const httpServer = http.createServer();
const io = new Server(httpServer, options);

function splitAck(raw) {
  if (raw.length > 0 && typeof raw[raw.length - 1] === "function") return [raw.slice(0, -1), raw[raw.length - 1]];
  return [raw, null];
}

function echo(socket) {
  socket.on("echo", (...raw) => {
    const [a, ack] = splitAck(raw);
    if (ack) ack(...a);
    else socket.emit("echo", ...a);
  });
}

// at-least-once test support: acks to drop, values received by "seq" (whole server, in arrival order)
let dropRemaining = 0;
const received = [];

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
  socket.emit("welcome", { id: socket.id, auth: socket.handshake.auth, recovered: socket.recovered });
  echo(socket);
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
  socket.on("to-room", (...raw) => {
    const [[room, event, ...rest], ack] = splitAck(raw);
    io.to(room).emit(event, ...rest);
    if (ack) ack();
  });
  socket.on("disconnect-me", (close) => socket.disconnect(close === true));
  socket.on("kill-transport", () => socket.conn.close());
  socket.on("drop-acks", (...raw) => {
    const [[n], ack] = splitAck(raw);
    dropRemaining = n;
    received.length = 0;
    if (ack) ack();
  });
  socket.on("seq", (...raw) => {
    const [[value], ack] = splitAck(raw);
    received.push(value);
    if (dropRemaining > 0) dropRemaining--;
    else if (ack) ack(value);
  });
  socket.on("received", (...raw) => {
    const [, ack] = splitAck(raw);
    if (ack) ack([...received]);
  });
});

io.of(/^\/dyn-\d+$/).on("connection", (socket) => {
  socket.emit("hello", { nsp: socket.nsp.name });
  echo(socket);
});

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  io.close();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.stdin.on("end", shutdown);
process.stdin.on("error", shutdown);
process.stdin.resume();
httpServer.on("error", (err) => {
  console.error(`${err.stack || err}`);
  process.exit(1);
});
httpServer.listen(port, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: httpServer.address().port }) + "\n");
});
