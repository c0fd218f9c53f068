package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Args;

/** A server→client acknowledgement awaited by a socket. Exactly one of the two methods is called, once. */
interface PendingAck {
    void acked(Args args);

    /** The socket disconnected before the acknowledgement arrived. */
    void closed();
}
