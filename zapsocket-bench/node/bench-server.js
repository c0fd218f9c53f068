#!/usr/bin/env node
// Node reference server of the Zap-Socket benchmarks (zapsocket-bench): socket.io 4.8 with the four benchmark
// events, on the default `ws` engine or attached to uWebSockets.js (`io.attachApp(app)`).
//
// Usage: node bench-server.js --engine=ws|uws [--port=0] [--msgpack-port=0] [--host=127.0.0.1]
// A second socket.io server in the process speaks socket.io-msgpack-parser 3.x with the same events, on
// --msgpack-port (the msgpack rows of the benchmark).
// Events (identical in the Java servers of zapsocket-bench):
//   echo(...args, ack)          ack(...args), or emit "echo" back without an ack
//   join(room, ack)             socket.join(room); ack()
//   publish(room, payload, ack) io.to(room).emit("msg", payload); ack() if asked
//   broadcast(payload, ack)     socket.broadcast.emit("msg", payload); ack() if asked
// Prints exactly one line {"port":N,"msgpackPort":M} when listening. Commands on stdin, one per line:
//   stats  -> prints {"heapUsed":bytes,"rss":bytes,"sockets":n} after a full GC (needs --expose-gc)
//   count  -> prints {"sockets":n} (connected sockets of "/")
// Exits when stdin closes (it never outlives the harness that started it), on SIGTERM and on SIGINT.
"use strict";

const { Server } = require("socket.io");

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([a-z-]+)=(.*)$/.exec(a);
  if (!m) throw new Error(`unknown argument: ${a}`);
  return [m[1], m[2]];
}));
const engine = args.engine || "ws";
const host = args.host || "127.0.0.1";
const port = Number(args.port || 0);

// the JSON server on --port; a twin with socket.io-msgpack-parser on --msgpack-port (0: any free port), idle while
// the other one is measured
function makeServer(parser) {
  const io = new Server(parser ? { serveClient: false, parser } : { serveClient: false });
  io.on("connection", (socket) => {
    socket.on("echo", (...a) => {
      const ack = typeof a[a.length - 1] === "function" ? a.pop() : null;
      if (ack) ack(...a);
      else socket.emit("echo", ...a);
    });
    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") ack();
    });
    socket.on("publish", (room, payload, ack) => {
      io.to(room).emit("msg", payload);
      if (typeof ack === "function") ack();
    });
    socket.on("broadcast", (payload, ack) => {
      socket.broadcast.emit("msg", payload);
      if (typeof ack === "function") ack();
    });
  });
  return io;
}

const io = makeServer(null);
const ioMsgpack = makeServer(require("socket.io-msgpack-parser"));
const msgpackPort = Number(args["msgpack-port"] || 0);

function listen(server, p, done) {
  if (engine === "uws") {
    const { App, us_socket_local_port } = require("@trufflesuite/uws-js-unofficial");
    const app = App();
    server.attachApp(app);
    app.listen(host, p, (token) => {
      if (!token) {
        console.error("uws: listen failed");
        process.exit(1);
      }
      done(us_socket_local_port(token));
    });
  } else if (engine === "ws") {
    const http = require("node:http");
    const httpServer = http.createServer();
    server.attach(httpServer);
    httpServer.listen(p, host, () => done(httpServer.address().port));
  } else {
    throw new Error(`unknown engine: ${engine}`);
  }
}

listen(io, port, (p) => listen(ioMsgpack, msgpackPort, (mp) => {
  process.stdout.write(JSON.stringify({ port: p, msgpackPort: mp }) + "\n");
}));

function sockets() {
  return io.of("/").sockets.size + ioMsgpack.of("/").sockets.size;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  input += chunk;
  let nl;
  while ((nl = input.indexOf("\n")) >= 0) {
    const cmd = input.slice(0, nl).trim();
    input = input.slice(nl + 1);
    if (cmd === "stats") {
      if (global.gc) global.gc();
      const m = process.memoryUsage();
      process.stdout.write(JSON.stringify({ heapUsed: m.heapUsed, rss: m.rss, sockets: sockets() }) + "\n");
    } else if (cmd === "count") {
      process.stdout.write(JSON.stringify({ sockets: sockets() }) + "\n");
    }
  }
});
process.stdin.on("end", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
