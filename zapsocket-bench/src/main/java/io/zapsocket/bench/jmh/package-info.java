/** JMH micro-benchmarks: the codec and broadcast encoding. Run with {@code scripts/bench.sh --jmh} or the {@code jmh} Maven profile. */
package io.zapsocket.bench.jmh;
