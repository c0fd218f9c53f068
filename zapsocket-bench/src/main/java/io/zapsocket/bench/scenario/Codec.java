package io.zapsocket.bench.scenario;

import io.zapsocket.bench.load.WsClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Socket.IO packet format the generator speaks: the default JSON parser ({@code 42<id>[...]} in text frames)
 * or {@code socket.io-msgpack-parser} (a MessagePack map {@code {type: 2, nsp: "/", data: [...], id}} in a
 * binary frame). A packet is assembled from a prebuilt body plus the ack id, so the generator stays cheap.
 */
public enum Codec {
    JSON, MSGPACK;

    /** The prebuilt part of an EVENT with string arguments {@code args} (the first is the event name). */
    byte[] body(String... args) {
        if (this == JSON) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < args.length; i++) {
                sb.append(i == 0 ? "\"" : ",\"").append(args[i]).append('"'); // the scenarios' strings need no escapes
            }
            return Wire.ascii(sb.append(']').toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x84);
        str(out, "type");
        out.write(2);
        str(out, "nsp");
        str(out, "/");
        str(out, "data");
        out.write(0x90 | args.length); // at most 15 arguments
        for (String a : args) {
            str(out, a);
        }
        str(out, "id");
        return out.toByteArray();
    }

    /** The EVENT packet with ack id {@code id}: {@code body} of {@link #body} plus the id. */
    byte[] event(long id, byte[] body) {
        if (this == JSON) {
            return Wire.event(id, body);
        }
        int n = id < 0x80 ? 1 : id < 0x100 ? 2 : id < 0x10000 ? 3 : id < 0x100000000L ? 5 : 9;
        byte[] out = new byte[body.length + n];
        System.arraycopy(body, 0, out, 0, body.length);
        int p = body.length;
        switch (n) {
            case 1 -> out[p] = (byte) id;
            case 2 -> {
                out[p] = (byte) 0xcc;
                out[p + 1] = (byte) id;
            }
            case 3 -> {
                out[p] = (byte) 0xcd;
                putBe(out, p + 1, id, 2);
            }
            case 5 -> {
                out[p] = (byte) 0xce;
                putBe(out, p + 1, id, 4);
            }
            default -> {
                out[p] = (byte) 0xcf;
                putBe(out, p + 1, id, 8);
            }
        }
        return out;
    }

    /** Sends {@code packet} in the frame type of this format. */
    void send(WsClient c, byte[] packet, boolean flush) {
        if (this == JSON) {
            c.sendText(packet, flush);
        } else {
            c.sendBinary(packet, flush);
        }
    }

    /** A client of this format. */
    WsClient client(int index, WsClient.Listener listener) {
        return this == JSON ? WsClient.socketIo(index, listener) : WsClient.socketIoMsgpack(index, listener);
    }

    private static void putBe(byte[] out, int at, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out[at + i] = (byte) (v >>> (8 * (bytes - 1 - i)));
        }
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 32) {
            out.write(0xa0 | b.length);
        } else if (b.length < 256) {
            out.write(0xd9);
            out.write(b.length);
        } else {
            out.write(0xda);
            out.write(b.length >>> 8);
            out.write(b.length);
        }
        out.writeBytes(b);
    }
}
