/** The scenarios of the benchmarks (connect storm, echo with ack, fan-out, polling echo, idle connections), measured against one running server. */
package io.zapsocket.bench.scenario;
