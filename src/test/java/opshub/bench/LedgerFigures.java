package opshub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import opshub.testing.ServerProcess;

/**
 * The ledger's own counters from the server's /q/metrics: how many group commits there were,
 * how many events they held, the time from intake to commit, and how many groups were
 * planned ahead of the lock (one round trip) or refused and planned again. Between two
 * scrapes they tell whether requests were grouped and where a request's time went.
 */
record LedgerFigures(double groups, double groupedEvents, double appends,
        double appendSeconds, double plannedAhead, double plannedAgain) {

    static LedgerFigures scrape(ServerProcess server) {
        String metrics;
        try {
            metrics = server.get("/q/metrics").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading /q/metrics", e);
        }
        return new LedgerFigures(value(metrics, "opshub_ledger_group_events_count"),
                value(metrics, "opshub_ledger_group_events_sum"),
                value(metrics, "opshub_append_latency_seconds_count"),
                value(metrics, "opshub_append_latency_seconds_sum"),
                value(metrics, "opshub_ledger_groups_planned_ahead_total"),
                value(metrics, "opshub_ledger_groups_planned_again_total"));
    }

    LedgerFigures since(LedgerFigures earlier) {
        return new LedgerFigures(groups - earlier.groups, groupedEvents - earlier.groupedEvents,
                appends - earlier.appends, appendSeconds - earlier.appendSeconds,
                plannedAhead - earlier.plannedAhead, plannedAgain - earlier.plannedAgain);
    }

    String describe(Duration window) {
        return String.format("%.0f group commits/s, %.1f events per group, "
                + "%.1f ms mean from intake to commit, %.0f %% planned ahead, %.0f planned"
                + " again", groups / (window.toNanos() / 1e9), groupedEvents / groups,
                appendSeconds * 1000 / appends, 100 * plannedAhead / groups, plannedAgain);
    }

    /** A sample's value in the Prometheus text format; 0 while the meter has no data. */
    private static double value(String metrics, String name) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ')
                        + 1)))
                .findFirst().orElse(0);
    }
}
