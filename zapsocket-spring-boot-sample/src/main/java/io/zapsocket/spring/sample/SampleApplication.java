package io.zapsocket.spring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with the Zap-Socket starter: {@link ChatController} (annotation style),
 * {@link ClockConfiguration} (functional style), the Socket.IO server on {@code zapsocket.port} next to the web
 * server, and its health at {@code /actuator/health/zapsocket}. Run {@link #main} from the IDE (web server on 8080,
 * Socket.IO on 9092); {@code SampleApplicationIT} starts it as a test and connects the JS and Java clients.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
