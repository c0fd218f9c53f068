/**
 * Spring Boot auto-configuration of a Zap-Socket server. The API ({@code io.zapsocket.spring}: the handler
 * annotations, {@code ZapSocketConfigurer}, {@code ServerOptionsCustomizer}) and the auto-configuration classes are
 * exported; Spring's jars are automatic modules. Actuator, {@code zapsocket-redis} and {@code zapsocket-micrometer} are optional
 * ({@code requires static}).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Spring ships no module descriptors
module io.zapsocket.spring.boot.autoconfigure {
    requires transitive io.zapsocket.server;
    requires transitive spring.boot.autoconfigure;
    requires transitive spring.boot;
    requires transitive spring.context;
    requires spring.beans;
    requires spring.core;
    requires spring.aop;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static io.zapsocket.redis;
    requires static io.zapsocket.micrometer;
    requires static micrometer.core;
    requires static spring.boot.actuator;
    requires static spring.boot.actuator.autoconfigure;

    exports io.zapsocket.spring;
    exports io.zapsocket.spring.autoconfigure;
    exports io.zapsocket.spring.autoconfigure.health;
    exports io.zapsocket.spring.autoconfigure.metrics;
}
