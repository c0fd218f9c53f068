/** Actuator health of the Zap-Socket server (used when {@code spring-boot-actuator} is on the class path). */
package io.zapsocket.spring.autoconfigure.health;
