package io.zapsocket.server.testing;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The client's side of a permessage-deflate context (RFC 7692): inflates the payloads of compressed messages, in
 * order, keeping the window between them (context takeover). Not thread-safe.
 */
public final class PerMessageInflater implements AutoCloseable {
    private final Inflater inflater = new Inflater(true);

    /** The message of one compressed frame's payload (the tail {@code 00 00 ff ff} the sender removed is put back). */
    public byte[] inflate(byte[] payload) throws DataFormatException {
        byte[] in = new byte[payload.length + 4];
        System.arraycopy(payload, 0, in, 0, payload.length);
        in[payload.length + 2] = (byte) 0xff;
        in[payload.length + 3] = (byte) 0xff;
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = inflater.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        inflater.end();
    }
}
