package io.zapsocket.spring.autoconfigure;

import io.zapsocket.protocol.sio.ReservedEvents;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import io.zapsocket.spring.OnConnect;
import io.zapsocket.spring.OnDisconnect;
import io.zapsocket.spring.OnEvent;
import io.zapsocket.spring.ZapController;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Registers the {@link ZapController} beans of an application context on a server: one connection listener per
 * controller, which registers the controller's {@link OnEvent} handlers on each new socket, then its
 * {@link OnDisconnect} listeners, then calls its {@link OnConnect} methods. Every method is checked when this runs
 * (at the context's start), so a bad signature fails the start rather than the first event.
 */
final class ZapControllerRegistrar {

    private final ApplicationContext context;

    ZapControllerRegistrar(ApplicationContext context) {
        this.context = context;
    }

    /** Registers every controller; returns how many methods were registered. */
    int registerAll(SocketServer server) {
        int registered = 0;
        for (Map.Entry<String, Object> bean : context.getBeansWithAnnotation(ZapController.class).entrySet()) {
            registered += register(server, bean.getKey(), bean.getValue());
        }
        return registered;
    }

    private int register(SocketServer server, String beanName, Object bean) {
        Class<?> type = AopUtils.getTargetClass(bean);
        ZapController controller = AnnotatedElementUtils.findMergedAnnotation(type, ZapController.class);
        String namespace = controller == null ? "/" : controller.namespace();

        Map<String, HandlerMethod> events = new LinkedHashMap<>();
        List<HandlerMethod> connects = new ArrayList<>();
        List<HandlerMethod> disconnects = new ArrayList<>();
        Map<String, Method> seen = new HashMap<>();
        MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<Boolean>) m ->
                AnnotatedElementUtils.hasAnnotation(m, OnEvent.class)
                        || AnnotatedElementUtils.hasAnnotation(m, OnConnect.class)
                        || AnnotatedElementUtils.hasAnnotation(m, OnDisconnect.class) ? Boolean.TRUE : null)
                .keySet().stream()
                .sorted((a, b) -> a.toGenericString().compareTo(b.toGenericString()))
                .forEach(m -> {
                    Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
                    OnEvent event = AnnotatedElementUtils.findMergedAnnotation(m, OnEvent.class);
                    if (event != null) {
                        if (ReservedEvents.isReserved(event.value())) {
                            throw new IllegalStateException("@OnEvent(\"" + event.value() + "\") on " + m
                                    + ": a reserved event name (use @OnConnect / @OnDisconnect)");
                        }
                        Method previous = seen.put(event.value(), m);
                        if (previous != null) {
                            throw new IllegalStateException("@OnEvent(\"" + event.value() + "\") on both "
                                    + previous + " and " + m + " (bean '" + beanName + "')");
                        }
                        events.put(event.value(), HandlerMethod.event(bean, invocable));
                    }
                    if (AnnotatedElementUtils.hasAnnotation(m, OnConnect.class)) {
                        connects.add(HandlerMethod.connect(bean, invocable));
                    }
                    if (AnnotatedElementUtils.hasAnnotation(m, OnDisconnect.class)) {
                        disconnects.add(HandlerMethod.disconnect(bean, invocable));
                    }
                });
        if (events.isEmpty() && connects.isEmpty() && disconnects.isEmpty()) {
            return 0;
        }
        Namespace nsp = server.of(namespace);
        nsp.onConnection(socket -> {
            events.forEach((name, handler) -> on(socket, name, handler));
            for (HandlerMethod d : disconnects) {
                socket.onDisconnect((reason, description) -> d.handleDisconnect(socket, reason, description));
            }
            for (HandlerMethod c : connects) {
                c.handleConnect(socket);
            }
        });
        return events.size() + connects.size() + disconnects.size();
    }

    private static void on(ServerSocket socket, String event, HandlerMethod handler) {
        Class<?> payload = handler.payloadType();
        if (payload == null) {
            socket.on(event, (args, ack) -> handler.handleEvent(socket, null, args, ack));
        } else {
            bindTyped(socket, event, payload, handler);
        }
    }

    // the server binds (with its ObjectMapper) and validates the payload, as for on(event, Type.class, handler)
    private static <T> void bindTyped(ServerSocket socket, String event, Class<T> type, HandlerMethod handler) {
        socket.on(event, type, (payload, ack) -> handler.handleEvent(socket, payload, null, ack));
    }
}
