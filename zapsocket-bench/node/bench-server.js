#!/usr/bin/env node
// Node reference server of the Zap-Socket benchmarks (zapsocket-bench): socket.io 4.8 with the four benchmark
// events, on the default `ws` engine or attached to uWebSockets.js (`io.attachApp(app)`).
//
// Usage: node bench-server.js --engine=ws|uws [--port=0] [--host=127.0.0.1] [--parser=json|msgpack]
//        [--redis=redis://127.0.0.1:P | --redis-cluster=redis://127.0.0.1:P1,redis://127.0.0.1:P2,...]
// --redis: a node of a cluster on @socket.io/redis-adapter's sharded adapter (createShardedAdapter over two clients of
// the redis package, as zapsocket-interop/node/cluster-node.js does); {"port":N} is printed once subscribed.
// --redis-cluster: the same on a Redis Cluster, the two clients from the redis package's createCluster (its seed
// nodes, comma-separated), as @socket.io/redis-adapter's README shows for the sharded adapter.
// --parser=msgpack: socket.io-msgpack-parser 3.x (the msgpack rows of the benchmark).
// Events (identical in the Java servers of zapsocket-bench):
//   echo(...args, ack)          ack(...args), or emit "echo" back without an ack
//   join(room, ack)             socket.join(room); ack()
//   publish(room, payload, ack) io.to(room).emit("msg", payload); ack() if asked
//   broadcast(payload, ack)     socket.broadcast.emit("msg", payload); ack() if asked
// permessage-deflate is on (as the deflate-fanout scenario needs; it only applies to clients that offer it, which no
// other scenario's clients do): on ws, socket.io's `perMessageDeflate: true` (ws defaults: threshold 1024 B, context
// takeover, zlib level default); on uWS, `compression: SHARED_COMPRESSOR` (note that socket.io's fast room publish on
// uWS calls app.publish without its compress flag, so room emits leave uncompressed there; --publish-compress=1 passes
// compress=true to that app.publish: the node-uws-deflate server of the suite).
// Prints exactly one line {"port":N} when listening. Commands on stdin, one per line:
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

function makeServer(parser, adapter) {
  const opts = { serveClient: false, perMessageDeflate: true };
  if (parser) opts.parser = parser;
  if (adapter) opts.adapter = adapter;
  const io = new Server(opts);
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

// --parser=msgpack: socket.io-msgpack-parser 3.x instead of the default parser (one parser per process: socket.io's
// uWS integration patches the adapter prototype for one App, so two servers cannot share a process)
const parserName = args.parser || "json";
if (parserName !== "json" && parserName !== "msgpack") throw new Error(`unknown parser: ${parserName}`);

async function redisAdapter(url, clusterSeeds) {
  const { createClient, createCluster } = require("redis");
  const { createShardedAdapter } = require("@socket.io/redis-adapter");
  const pub = clusterSeeds
    ? createCluster({ rootNodes: clusterSeeds.split(",").map((u) => ({ url: u })) })
    : createClient({ url });
  pub.on("error", (e) => console.error("redis error", e.message));
  await pub.connect();
  const sub = pub.duplicate();
  sub.on("error", (e) => console.error("redis sub error", e.message));
  await sub.connect();
  return createShardedAdapter(pub, sub);
}

function ready(p) {
  process.stdout.write(JSON.stringify({ port: p }) + "\n");
}

let io;

async function main() {
  const adapter = args.redis || args["redis-cluster"]
    ? await redisAdapter(args.redis, args["redis-cluster"])
    : null;
  io = makeServer(parserName === "msgpack" ? require("socket.io-msgpack-parser") : null, adapter);
  listen();
}

function listen() {
  if (engine === "uws") {
    const { App, us_socket_local_port } = require("@trufflesuite/uws-js-unofficial");
    const app = App();
    const uws = require("@trufflesuite/uws-js-unofficial");
    io.attachApp(app, { compression: uws.SHARED_COMPRESSOR });
    if (args["publish-compress"] === "1") {
      // socket.io's fast room publish calls app.publish(topic, message, isBinary): ask uWS to compress it
      const publish = app.publish.bind(app);
      app.publish = (topic, message, isBinary) => publish(topic, message, isBinary, true);
    }
    app.listen(host, port, (token) => {
      if (!token) {
        console.error("uws: listen failed");
        process.exit(1);
      }
      ready(us_socket_local_port(token));
    });
  } else if (engine === "ws") {
    const http = require("node:http");
    const httpServer = http.createServer();
    io.attach(httpServer);
    httpServer.listen(port, host, () => ready(httpServer.address().port));
  } else {
    throw new Error(`unknown engine: ${engine}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

function sockets() {
  return io ? io.of("/").sockets.size : 0;
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
