// Runs operations through the official @socket.io/redis-emitter, for the interop tests (EmitterIT).
// Usage: node emitter.js <redis-url> '<json array of operations>'
// An operation: {"nsp": "/", "to": ["r"], "except": ["x"], "volatile": false, "op": "emit" | "socketsJoin" |
// "socketsLeave" | "disconnectSockets" | "serverSideEmit", "args": [...]}; {"$bin": "<base64>"} in args is a Buffer.
// Prints "done" once every operation was published.
const { createClient } = require("redis");
const { Emitter } = require("@socket.io/redis-emitter");

const revive = (v) => {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === "object") {
    if (typeof v.$bin === "string") return Buffer.from(v.$bin, "base64");
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  }
  return v;
};

(async () => {
  const client = createClient({ url: process.argv[2] });
  await client.connect();
  const root = new Emitter(client);
  for (const op of JSON.parse(process.argv[3])) {
    const emitter = root.of(op.nsp || "/");
    if (op.op === "serverSideEmit") {
      emitter.serverSideEmit(...revive(op.args || []));
      continue;
    }
    let target = emitter.to(op.to || []).except(op.except || []);
    if (op.volatile) target = target.volatile;
    const args = revive(op.args || []);
    if (op.op === "emit") target.emit(...args);
    else if (op.op === "socketsJoin") target.socketsJoin(args);
    else if (op.op === "socketsLeave") target.socketsLeave(args);
    else if (op.op === "disconnectSockets") target.disconnectSockets(args[0] === true);
    else throw new Error("unknown op " + op.op);
  }
  await client.quit(); // QUIT is queued after the PUBLISHes: they all reached Redis
  console.log("done");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
