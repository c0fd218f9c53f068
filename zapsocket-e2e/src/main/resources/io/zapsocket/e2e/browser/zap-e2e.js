// zap-e2e.js: end-to-end payload encryption for browsers, the twin of io.zapsocket.e2e.PayloadCipher (Java).
// No dependencies; WebCrypto (a secure context: https, or http://localhost). Envelope version 1:
//   {"zap-e2e": 1, kid, t: "json" | "bin", iv: <12 bytes>, ct: <bytes, GCM tag appended>}
// AES-256-GCM, random 96-bit IV, additional data = UTF-8 of "zap-e2e/1\n" + room + "\n" + kid + "\n" + t.
//
//   import { RoomKeyring, PayloadCipher } from "/e2e/zap-e2e.js";
//   const keys = new RoomKeyring();
//   await keys.add("secret-room", "k1", rawKeyBytes);        // 32 bytes from your key service
//   const cipher = new PayloadCipher(keys);
//   socket.emit("relay", "secret-room", await cipher.seal("secret-room", { text: "hi" }));
//   socket.on("msg", async (env) => console.log(await cipher.open("secret-room", env)));

const VERSION = "zap-e2e";
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Thrown by seal/open; `reason` is "UNKNOWN_KEY", "MALFORMED" or "TAMPERED", as in Java. */
export class E2eError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = "E2eError";
    this.reason = reason;
  }
}

/** The application's keys per room; the last key added to a room is its current one. */
export class RoomKeyring {
  #rooms = new Map(); // room -> { current, byId: Map<kid, CryptoKey> }

  async add(room, kid, rawKey) {
    const raw = bytes(rawKey);
    if (!raw || raw.length !== 32) throw new TypeError("an end-to-end key is 32 bytes (AES-256)");
    if (typeof kid !== "string" || kid.length < 1 || kid.length > 64) throw new TypeError("a key id has 1 to 64 characters");
    const key = await crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
    const entry = this.#rooms.get(room) || { current: kid, byId: new Map() };
    entry.byId.set(kid, key);
    entry.current = kid;
    this.#rooms.set(room, entry);
    return this;
  }

  remove(room, kid) {
    const entry = this.#rooms.get(room);
    if (!entry) return this;
    entry.byId.delete(kid);
    if (entry.byId.size === 0) this.#rooms.delete(room);
    else if (!entry.byId.has(entry.current)) entry.current = entry.byId.keys().next().value;
    return this;
  }

  currentKeyId(room) {
    const entry = this.#rooms.get(room);
    return entry ? entry.current : undefined;
  }

  key(room, kid) {
    const entry = this.#rooms.get(room);
    return entry ? entry.byId.get(kid) : undefined;
  }
}

export class PayloadCipher {
  constructor(keyring) {
    this.keyring = keyring;
  }

  /** Seals a JSON value, or binary (ArrayBuffer / typed array), with the room's current key. */
  async seal(room, value) {
    const kid = this.keyring.currentKeyId(room);
    if (kid === undefined) throw new E2eError("UNKNOWN_KEY", "no end-to-end key for room " + room);
    const binary = value instanceof ArrayBuffer || ArrayBuffer.isView(value);
    const t = binary ? "bin" : "json";
    const plain = binary ? bytes(value) : utf8.encode(JSON.stringify(value));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad(room, kid, t), tagLength: 128 },
      this.keyring.key(room, kid), plain);
    return { [VERSION]: 1, kid, t, iv, ct: new Uint8Array(ct) };
  }

  /** Opens an envelope sealed for `room`: the JSON value, or a Uint8Array for a binary one. */
  async open(room, envelope) {
    const e = envelope || {};
    const iv = bytes(e.iv);
    const ct = bytes(e.ct);
    if (e[VERSION] !== 1 || typeof e.kid !== "string" || (e.t !== "json" && e.t !== "bin") || !iv || iv.length !== 12
      || !ct || ct.length < 16) {
      throw new E2eError("MALFORMED", "not a version-1 end-to-end envelope");
    }
    const key = this.keyring.key(room, e.kid);
    if (!key) throw new E2eError("UNKNOWN_KEY", "room " + room + " has no key " + e.kid);
    let plain;
    try {
      plain = new Uint8Array(await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: aad(room, e.kid, e.t), tagLength: 128 }, key, ct));
    } catch (err) {
      throw new E2eError("TAMPERED", "the envelope does not authenticate");
    }
    if (e.t === "bin") return plain;
    try {
      return JSON.parse(fromUtf8.decode(plain));
    } catch (err) {
      throw new E2eError("MALFORMED", "the sealed JSON does not parse");
    }
  }

  static isEnvelope(value) {
    return !!value && typeof value === "object" && VERSION in value && "ct" in value;
  }
}

function aad(room, kid, t) {
  return utf8.encode("zap-e2e/1\n" + room + "\n" + kid + "\n" + t);
}

// what socket.io-client hands us for binary: ArrayBuffer (browser), a typed array, or a Node Buffer
function bytes(v) {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return undefined;
}
