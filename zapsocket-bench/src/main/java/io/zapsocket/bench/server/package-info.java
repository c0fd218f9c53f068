/** The Java servers under test: Zap-Socket with the benchmark events, and the bare Netty floor. */
package io.zapsocket.bench.server;
