#!/usr/bin/env node
// A Node socket.io 4.8 node of a Redis- or PostgreSQL-backed cluster: the same app as
// io.zapsocket.examples.ClusterNode (Java), so the interop tests can mix Java and Node nodes on one Redis or PostgreSQL.
//
// usage: node cluster-node.js --redis redis://127.0.0.1:P [--port N] [--adapter pubsub|streams|sharded] [--name X] [--recovery]
//        node cluster-node.js --redis-cluster redis://127.0.0.1:P1,redis://127.0.0.1:P2 --adapter sharded|pubsub|streams ...
//          (a Redis Cluster through the redis package's createCluster, as @socket.io/redis-adapter's README shows)
//        node cluster-node.js --adapter postgres --postgres postgres://user@127.0.0.1:P/db [--port N] [--name X]
// stdout: one line {"port":N,"name":"X"} once listening and subscribed; logs on stderr.
// Exits when stdin closes, on SIGTERM and on SIGINT (io.close() first, so sessions are persisted).
"use strict";

const { Server } = require("socket.io");
const { createClient, createCluster } = require("redis");
const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
const { createAdapter: createStreamsAdapter } = require("@socket.io/redis-streams-adapter");
const { createAdapter: createPostgresAdapter } = require("@socket.io/postgres-adapter");
const pg = require("pg");

function parse(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    const eq = key.indexOf("=");
    if (eq >= 0) out[key.slice(0, eq)] = key.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

const args = parse(process.argv.slice(2));
const name = args.name || `node-${process.pid}`;
const kind = args.adapter || "pubsub";
const log = (...p) => process.stderr.write(`[${name}] ${p.join(" ")}\n`);

function result(err, responses) {
  return err ? { ok: false, error: err.message, responses: responses || [] } : { ok: true, responses };
}

async function redisAdapter() {
  const pub = args["redis-cluster"]
    ? createCluster({ rootNodes: args["redis-cluster"].split(",").map((url) => ({ url })) })
    : createClient({ url: args.redis });
  pub.on("error", (e) => log("redis error", e.message));
  await pub.connect();
  let adapter;
  let sub;
  if (kind === "streams") {
    adapter = createStreamsAdapter(pub);
  } else {
    sub = pub.duplicate();
    sub.on("error", (e) => log("redis sub error", e.message));
    await sub.connect();
    adapter = kind === "sharded" ? createShardedAdapter(pub, sub) : createAdapter(pub, sub);
  }
  return adapter;
}

// as @socket.io/postgres-adapter's README: a pool, and the attachment table (the adapter does not create it)
async function postgresAdapter() {
  // max 2: one client is held for LISTEN, so publishes run one at a time, in order. With more, the adapter's
  // INSERT/NOTIFY queries of consecutive broadcasts run on different clients and may overtake each other (the
  // contract expects each sender's messages in order).
  const pool = new pg.Pool({ connectionString: args.postgres, max: 2 });
  pool.on("error", (e) => log("postgres error", e.message));
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
      id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
  } catch (e) {
    log("CREATE TABLE:", e.message); // another node created it at the same moment
  }
  return createPostgresAdapter(pool);
}

async function main() {
  const adapter = kind === "postgres" ? await postgresAdapter() : await redisAdapter();
  const opts = { cors: { origin: "*" }, adapter };
  if (args.recovery) opts.connectionStateRecovery = { maxDisconnectionDuration: 60000 };
  const io = new Server(opts);

  io.on("whoami", (ack) => ack(name));
  io.on("note", (payload) => io.local.emit("note", name, payload));

  // /news, for the emitter tests: joins auth.rooms and says welcome, nothing else
  io.of("/news").on("connection", (socket) => {
    const auth = socket.handshake.auth || {};
    if (Array.isArray(auth.rooms)) auth.rooms.forEach((r) => socket.join(String(r)));
    socket.emit("welcome", { node: name, id: socket.id, recovered: false });
  });

  io.on("connection", (socket) => {
    const auth = socket.handshake.auth || {};
    if (Array.isArray(auth.rooms)) auth.rooms.forEach((r) => socket.join(String(r)));
    if (auth.user !== undefined) socket.data.user = auth.user;
    socket.emit("welcome", { node: name, id: socket.id, recovered: socket.recovered === true });

    const done = (ack, v) => typeof ack === "function" && ack(v);
    socket.on("join", (room, ack) => { socket.join(room); done(ack); });
    socket.on("leave", (room, ack) => { socket.leave(room); done(ack); });
    socket.on("to-room", (room, event, ...rest) => {
      const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
      io.to(room).emit(event, ...rest);
      done(ack);
    });
    socket.on("broadcast", (event, ...rest) => {
      const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
      io.emit(event, ...rest);
      done(ack);
    });
    socket.on("fetch", async (room, ack) => {
      try {
        const sockets = await (room == null ? io.fetchSockets() : io.in(room).fetchSockets());
        done(ack, sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data, address: s.handshake.address })));
      } catch (e) {
        done(ack, { error: e.message });
      }
    });
    socket.on("sockets-join", (room, newRoom, ack) => { io.in(room).socketsJoin(newRoom); done(ack); });
    socket.on("sockets-leave", (room, oldRoom, ack) => { io.in(room).socketsLeave(oldRoom); done(ack); });
    socket.on("disconnect-room", (room, close, ack) => { done(ack); io.in(room).disconnectSockets(close === true); });
    socket.on("sse", (event, ...rest) => {
      const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
      io.serverSideEmit(event, ...rest);
      done(ack);
    });
    socket.on("sse-ack", (event, ...rest) => {
      const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
      io.serverSideEmit(event, ...rest, (err, responses) => done(ack, result(err, responses)));
    });
    socket.on("broadcast-ack", (room, event, ...rest) => {
      const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
      io.to(room).timeout(5000).emit(event, ...rest, (err, responses) => done(ack, result(err, responses)));
    });
    socket.on("server-count", async (ack) => done(ack, await io.of("/").adapter.serverCount()));
  });

  const port = await new Promise((resolve, reject) => {
    const http = require("node:http").createServer();
    io.attach(http);
    http.once("error", reject);
    http.listen(Number(args.port || 0), "127.0.0.1", () => resolve(http.address().port));
  });
  if (kind === "postgres") {
    // the LISTEN connection is acquired asynchronously: give it time, as nothing tells when it listens
    await new Promise((r) => setTimeout(r, 500));
  }
  // the streams adapter subscribes asynchronously: wait until this node counts itself
  for (let i = 0; i < 100; i++) {
    if ((await io.of("/").adapter.serverCount()) >= 1) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stdout.write(JSON.stringify({ port, name }) + "\n");

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    io.close();
    setTimeout(() => process.exit(0), 300);
  };
  process.stdin.on("end", shutdown);
  process.stdin.on("close", shutdown);
  process.stdin.resume();
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((e) => {
  log("failed:", e && e.stack ? e.stack : e);
  process.exit(1);
});
