package io.zapsocket.bench.scenario;

import io.zapsocket.bench.suite.ProcStat;
import io.zapsocket.bench.suite.ServerProcess;
import java.util.Map;
import java.util.function.LongSupplier;

/** A measurement window: server and generator CPU and wall time between construction and {@link #end}. */
final class Window {
    final long t0 = System.nanoTime();
    private final LongSupplier cpu;
    private final long cpu0;
    private final long gen0 = ProcStat.cpuNanos(ProcStat.self());

    Window(ServerProcess server) {
        this(server::cpuNanos);
    }

    /** @param cpu the servers' CPU time in nanoseconds (e.g. the sum over a cluster's processes) */
    Window(LongSupplier cpu) {
        this.cpu = cpu;
        this.cpu0 = cpu.getAsLong();
    }

    /** Puts seconds, rate, server CPU per op and generator CPU share into {@code out}. */
    void end(Map<String, Object> out, long ops, String rateKey, String cpuKey) {
        long cpu1 = cpu.getAsLong();
        long gen1 = ProcStat.cpuNanos(ProcStat.self());
        double secs = (System.nanoTime() - t0) / 1e9;
        out.put("seconds", Scenarios.round(secs, 2));
        out.put(rateKey, Math.round(ops / secs));
        out.put(cpuKey, ops == 0 ? null : Scenarios.round((cpu1 - cpu0) / 1000.0 / ops, 3));
        out.put("serverCpuShare", Scenarios.round((cpu1 - cpu0) / 1e9 / secs, 3));
        double genShare = (gen1 - gen0) / 1e9 / secs;
        out.put("generatorCpuShare", Scenarios.round(genShare, 3));
        out.put("generatorBound", genShare > 0.9);
    }
}
