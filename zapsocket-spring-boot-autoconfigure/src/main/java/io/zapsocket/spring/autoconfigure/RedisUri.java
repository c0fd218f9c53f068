package io.zapsocket.spring.autoconfigure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.core.env.Environment;

/**
 * The Redis URI of Spring's {@code spring.data.redis.*} settings, read from the environment (so that it does not
 * depend on Spring Data Redis, nor on where a Boot version keeps its {@code RedisProperties}): {@code url} when
 * set, else {@code redis[s]://[[username]:password@]host:port/database} from {@code host} (localhost),
 * {@code port} (6379), {@code username}, {@code password}, {@code database} (0) and {@code ssl.enabled}.
 * Sentinel and cluster settings are not read.
 */
final class RedisUri {

    private RedisUri() {
    }

    static String from(Environment env) {
        String url = env.getProperty("spring.data.redis.url");
        if (url != null && !url.isBlank()) {
            return url.trim();
        }
        boolean ssl = env.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false);
        String host = env.getProperty("spring.data.redis.host", "localhost");
        int port = env.getProperty("spring.data.redis.port", Integer.class, 6379);
        int database = env.getProperty("spring.data.redis.database", Integer.class, 0);
        String username = env.getProperty("spring.data.redis.username");
        String password = env.getProperty("spring.data.redis.password");
        StringBuilder uri = new StringBuilder(ssl ? "rediss://" : "redis://");
        if (password != null && !password.isEmpty()) {
            if (username != null && !username.isEmpty()) {
                uri.append(encode(username));
            }
            uri.append(':').append(encode(password)).append('@');
        }
        if (host.contains(":") && !host.startsWith("[")) {
            uri.append('[').append(host).append(']'); // IPv6 literal
        } else {
            uri.append(host);
        }
        uri.append(':').append(port);
        if (database != 0) {
            uri.append('/').append(database);
        }
        return uri.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
