package io.zapsocket.bench.suite;

/**
 * Sizes and durations of one suite run. {@link #FULL} is what the README's table comes from; {@link #QUICK}
 * validates the harness in a few minutes (numbers from it are not comparable).
 *
 * @param reps             repetitions of every scenario against every server (medians are reported)
 * @param warmUp           seconds of mixed load before the first measured scenario of each server start
 * @param scenarioWarm     seconds of load before each measurement window
 * @param measure          seconds of each measurement window
 * @param storms           connect-storm sizes
 * @param fanouts          fan-out room sizes
 * @param openRates        open-loop echo rates (round trips per second)
 * @param idleConnections  idle-connection target (bounded by the fd limit; see docs/benchmarks)
 * @param idleHold         seconds the idle connections are held (heartbeats every 25 s)
 */
public record Plan(String name, int reps, double warmUp, double scenarioWarm, double measure, int[] storms,
                   int[] fanouts, int[] openRates, int idleConnections, double idleHold) {

    public static final Plan FULL = new Plan("full", 3, 20, 3, 10, new int[]{1_000, 10_000, 50_000},
            new int[]{1_000, 10_000}, new int[]{10_000, 30_000}, 19_000, 30);

    /** The regression guard ({@code scripts/bench.sh --guard}): Zap-Socket only, {@link Guard#SCENARIOS}, ~2-3 min. */
    public static final Plan GUARD = new Plan("guard", 3, 8, 2, 4, new int[]{1_000},
            new int[]{1_000}, new int[]{}, 5_000, 4);

    public static final Plan QUICK = new Plan("quick", 1, 4, 1, 2, new int[]{1_000, 5_000},
            new int[]{1_000}, new int[]{10_000}, 5_000, 4);
}
