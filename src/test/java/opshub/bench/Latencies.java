package opshub.bench;

import java.util.Arrays;

/** The latencies of one scenario, sorted once and read by nearest-rank percentile. */
final class Latencies {

    private final long[] sortedNanos;

    private Latencies(long[] sortedNanos) {
        this.sortedNanos = sortedNanos;
    }

    static Latencies of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    int count() {
        return sortedNanos.length;
    }

    /**
     * The smallest latency that at least {@code quantile} of all calls did not exceed.
     * Requires 0 &lt; quantile &lt;= 1; NaN when nothing was measured.
     */
    double millis(double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }

        int rank = (int) Math.ceil(quantile * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
    }
}
