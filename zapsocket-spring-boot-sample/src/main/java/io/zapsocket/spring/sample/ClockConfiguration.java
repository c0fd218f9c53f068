package io.zapsocket.spring.sample;

import io.zapsocket.spring.ZapSocketConfigurer;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The functional API: a {@link ZapSocketConfigurer} bean gets the server before it listens. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    // snippet:start spring-configurer
    @Bean
    ZapSocketConfigurer timeHandler(Clock clock) {
        return server -> server.onConnection(socket ->
                socket.on("time", (args, ack) -> ack.send(clock.instant().toString())));
    }
    // snippet:end spring-configurer

    @Bean
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
