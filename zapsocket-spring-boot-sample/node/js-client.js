// The official socket.io-client against the sample's /chat namespace, for SampleApplicationIT.
// usage: node js-client.js <server url> <user>
// Prints one JSON line per thing that happens ({"event": ..., "args": [...]}); sends one chat message with an
// acknowledgement once welcomed, and prints the acknowledgement ({"event": "ack", "args": [...]}).
// Exits when its standard input closes (the test's end, or the test JVM's death).
const { io } = require("socket.io-client");

const [url, user] = process.argv.slice(2);
const print = (event, args) => process.stdout.write(JSON.stringify({ event, args }) + "\n");

const socket = io(url + "/chat", { auth: { user }, transports: ["polling", "websocket"], reconnection: false });
socket.on("connect", () => print("connect", [socket.id]));
socket.on("connect_error", (err) => print("connect_error", [String(err && err.message)]));
socket.on("disconnect", (reason) => print("disconnect", [reason]));
socket.on("message", (...args) => print("message", args));
socket.on("welcome", async (...args) => {
  print("welcome", args);
  const receipt = await socket.timeout(10000).emitWithAck("message", { room: "lobby", text: "hello from js" });
  print("ack", [receipt]);
});

process.stdin.resume();
process.stdin.on("end", () => {
  socket.close();
  process.exit(0);
});
