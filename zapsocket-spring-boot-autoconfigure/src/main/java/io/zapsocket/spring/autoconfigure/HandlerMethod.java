package io.zapsocket.spring.autoconfigure;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.ServerSocket;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ReflectionUtils;

/**
 * One annotated method of a {@code @ZapController} bean with its parameters resolved once, at start: each
 * parameter is a {@link Kind}; invoking fills them from what the server hands the handler. Immutable, thread-safe.
 */
final class HandlerMethod {
    private static final Logger log = LoggerFactory.getLogger(HandlerMethod.class);

    /** What a parameter receives. */
    enum Kind { SOCKET, ACK, ARGS, HANDSHAKE, REASON, DESCRIPTION, PAYLOAD }

    private final Object bean;
    private final Method method;
    private final Kind[] kinds;
    private final Class<?> payloadType;

    private HandlerMethod(Object bean, Method method, Kind[] kinds, Class<?> payloadType) {
        this.bean = bean;
        this.method = method;
        this.kinds = kinds;
        this.payloadType = payloadType;
        ReflectionUtils.makeAccessible(method);
    }

    /** An {@code @OnEvent} method: ServerSocket, Ack, Args or one payload (not with Args). */
    static HandlerMethod event(Object bean, Method method) {
        Kind[] kinds = new Kind[method.getParameterCount()];
        Class<?> payload = null;
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == ServerSocket.class) {
                kinds[i] = Kind.SOCKET;
            } else if (types[i] == Ack.class) {
                kinds[i] = Kind.ACK;
            } else if (types[i] == Args.class) {
                kinds[i] = Kind.ARGS;
            } else {
                kinds[i] = Kind.PAYLOAD;
                payload = types[i];
            }
        }
        check(method, kinds, Set.of(Kind.SOCKET, Kind.ACK, Kind.ARGS, Kind.PAYLOAD));
        if (payload != null && has(kinds, Kind.ARGS)) {
            throw invalid(method, "takes both Args and a payload (" + payload.getName() + "); take one of them");
        }
        if (payload != null && payload.isPrimitive()) {
            throw invalid(method, "takes a primitive payload (" + payload.getName() + "); use its wrapper type");
        }
        return new HandlerMethod(bean, method, kinds, payload);
    }

    /** An {@code @OnConnect} method: ServerSocket and/or Handshake. */
    static HandlerMethod connect(Object bean, Method method) {
        Kind[] kinds = new Kind[method.getParameterCount()];
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            kinds[i] = types[i] == ServerSocket.class ? Kind.SOCKET : types[i] == Handshake.class ? Kind.HANDSHAKE : null;
            if (kinds[i] == null) {
                throw invalid(method, "@OnConnect parameters are ServerSocket and Handshake, not " + types[i].getName());
            }
        }
        check(method, kinds, Set.of(Kind.SOCKET, Kind.HANDSHAKE));
        return new HandlerMethod(bean, method, kinds, null);
    }

    /** An {@code @OnDisconnect} method: ServerSocket, DisconnectReason and/or String (the description). */
    static HandlerMethod disconnect(Object bean, Method method) {
        Kind[] kinds = new Kind[method.getParameterCount()];
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            kinds[i] = types[i] == ServerSocket.class ? Kind.SOCKET
                    : types[i] == DisconnectReason.class ? Kind.REASON
                    : types[i] == String.class ? Kind.DESCRIPTION : null;
            if (kinds[i] == null) {
                throw invalid(method, "@OnDisconnect parameters are ServerSocket, DisconnectReason and String, not "
                        + types[i].getName());
            }
        }
        check(method, kinds, Set.of(Kind.SOCKET, Kind.REASON, Kind.DESCRIPTION));
        return new HandlerMethod(bean, method, kinds, null);
    }

    /** The payload's type, or {@code null} when the method takes none. */
    Class<?> payloadType() {
        return payloadType;
    }

    Method method() {
        return method;
    }

    /** Invokes an event method and acknowledges with its result when the client asked for an acknowledgement. */
    void handleEvent(ServerSocket socket, Object payload, Args args, Ack ack) throws Exception {
        Object result = invoke(socket, ack, args, payload, null, null, null);
        if (method.getReturnType() == void.class || !ack.requested()) {
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    log.warn("{} failed; no acknowledgement sent", describe(), error);
                } else {
                    send(ack, value);
                }
            });
        } else {
            send(ack, result);
        }
    }

    void handleConnect(ServerSocket socket) throws Exception {
        invoke(socket, null, null, null, socket.handshake(), null, null);
    }

    void handleDisconnect(ServerSocket socket, DisconnectReason reason, String description) throws Exception {
        invoke(socket, null, null, null, null, reason, description);
    }

    String describe() {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    private static void send(Ack ack, Object value) {
        if (value == null) {
            ack.send();
        } else {
            ack.send(value);
        }
    }

    private Object invoke(ServerSocket socket, Ack ack, Args args, Object payload, Handshake handshake,
                          DisconnectReason reason, String description) throws Exception {
        Object[] values = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            values[i] = switch (kinds[i]) {
                case SOCKET -> socket;
                case ACK -> ack;
                case ARGS -> args;
                case HANDSHAKE -> handshake;
                case REASON -> reason;
                case DESCRIPTION -> description;
                case PAYLOAD -> payload;
            };
        }
        try {
            return method.invoke(bean, values);
        } catch (InvocationTargetException e) {
            // the handler's own exception, not the reflective wrapper, reaches the server's error listener
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static void check(Method method, Kind[] kinds, Set<Kind> allowed) {
        Set<Kind> seen = new HashSet<>();
        for (Kind k : kinds) {
            if (!allowed.contains(k)) {
                throw invalid(method, "cannot take a " + k + " parameter");
            }
            if (!seen.add(k)) {
                throw invalid(method, "takes two " + k + " parameters");
            }
        }
    }

    private static boolean has(Kind[] kinds, Kind kind) {
        for (Kind k : kinds) {
            if (k == kind) {
                return true;
            }
        }
        return false;
    }

    private static IllegalStateException invalid(Method method, String why) {
        return new IllegalStateException(method.getDeclaringClass().getName() + "." + method.getName() + " " + why
                + " (see @OnEvent, @OnConnect, @OnDisconnect)");
    }
}
