package opshub.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * When each probe runs next. A probe seen for the first time runs at a random point within
 * its first interval, so a start (or a restart loop) does not fire every probe at once;
 * after each run the next is one interval later, give or take a tenth (jitter), so probes of
 * equal interval drift apart. A probe whose interval changes is planned again within its new
 * interval. A probe still running is not due again until it has finished.
 * Pure: the caller passes the time.
 */
final class ProbeSchedule {

    private final Random random;
    private final Map<String, Instant> next = new HashMap<>();
    /** The interval each probe's next run was planned with. */
    private final Map<String, Duration> planned = new HashMap<>();
    private final Set<String> running = new HashSet<>();

    ProbeSchedule(Random random) {
        this.random = random;
    }

    /**
     * The probes due at {@code now}, from {@code intervals} (every declared probe with its
     * interval); each returned one counts as running until {@link #finished}. Probes no
     * longer declared are forgotten.
     */
    synchronized List<String> due(Map<String, Duration> intervals, Instant now) {
        next.keySet().retainAll(intervals.keySet());
        planned.keySet().retainAll(intervals.keySet());
        List<String> due = new ArrayList<>();
        intervals.forEach((key, interval) -> {
            if (!interval.equals(planned.put(key, interval))) {
                // new, or its interval changed: within the new interval, never later than
                // the run already planned
                Instant first = now.plus(scaled(interval, random.nextDouble()));
                next.merge(key, first, (current, fresh) -> fresh.isBefore(current) ? fresh
                        : current);
            }
            Instant at = next.get(key);
            if (!now.isBefore(at) && running.add(key)) {
                due.add(key);
                next.put(key, now.plus(scaled(interval, 0.9 + 0.2 * random.nextDouble())));
            }
        });
        return due;
    }

    synchronized void finished(String key) {
        running.remove(key);
    }

    synchronized Optional<Instant> next(String key) {
        return Optional.ofNullable(next.get(key));
    }

    synchronized boolean running(String key) {
        return running.contains(key);
    }

    private static Duration scaled(Duration interval, double factor) {
        return Duration.ofMillis((long) (interval.toMillis() * factor));
    }
}
