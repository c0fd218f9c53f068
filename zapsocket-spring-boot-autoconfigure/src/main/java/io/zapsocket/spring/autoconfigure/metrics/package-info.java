/** Micrometer meters of the Zap-Socket server (used when {@code zapsocket-micrometer} is on the class path). */
package io.zapsocket.spring.autoconfigure.metrics;
