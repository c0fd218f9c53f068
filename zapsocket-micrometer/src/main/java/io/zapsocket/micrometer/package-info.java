/**
 * Micrometer metrics for Zap-Socket: bind {@link io.zapsocket.micrometer.ZapSocketMetrics} to a
 * {@code MeterRegistry} (Prometheus, OTLP, ...). Meter names start with {@code zapsocket.}; tags are low-cardinality
 * only (transport, reason, policy, outcome, and namespace up to a bound).
 */
package io.zapsocket.micrometer;
