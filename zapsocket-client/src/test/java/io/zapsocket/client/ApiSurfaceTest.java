package io.zapsocket.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The public API package names no Netty type (STYLE: Netty stays in {@code internal}). */
class ApiSurfaceTest {

    private static List<Class<?>> apiClasses() throws Exception {
        Path dir = Path.of(SocketClient.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/zapsocket/client");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                out.add(Class.forName("io.zapsocket.client." + name.replace('/', '.')));
            }
        }
        return out;
    }

    private static boolean netty(Type t) {
        return t.getTypeName().contains("io.netty");
    }

    @Test
    void noPublicSignatureMentionsNetty() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> classes = apiClasses();
        assertThat(classes).contains(SocketClient.class, ClientSocket.class, ClientOptions.class);
        for (Class<?> c : classes) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
                    if (netty(m.getGenericReturnType())
                            || Stream.of(m.getGenericParameterTypes()).anyMatch(ApiSurfaceTest::netty)) {
                        leaks.add(m.toGenericString());
                    }
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers())
                        && Stream.of(k.getGenericParameterTypes()).anyMatch(ApiSurfaceTest::netty)) {
                    leaks.add(k.toGenericString());
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) && netty(f.getGenericType())) {
                    leaks.add(f.toGenericString());
                }
            }
        }
        assertThat(leaks).isEmpty();
    }
}
