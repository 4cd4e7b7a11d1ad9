package opshub.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The schedule is given the time, so these tests need no clock and no waiting. */
class ProbeScheduleTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(15);

    @Test
    void firstRunsAreSpreadOverTheFirstIntervalNotFiredAtStart() {
        ProbeSchedule schedule = new ProbeSchedule(new Random(7));
        Map<String, Duration> probes = Map.of("a", INTERVAL, "b", INTERVAL, "c", INTERVAL);

        List<String> atStart = schedule.due(probes, T0);

        assertTrue(atStart.size() < 3, "not every probe fires at start: " + atStart);
        for (String key : probes.keySet()) {
            Instant next = schedule.next(key).orElseThrow();
            assertTrue(!next.isBefore(T0) && !next.isAfter(T0.plus(INTERVAL)), key + " " + next);
        }
        assertEquals(3, schedule.due(probes, T0.plus(INTERVAL)).size() + atStart.size());
    }

    @Test
    void shorterIntervalIsPlannedAgainWithinIt() {
        ProbeSchedule schedule = new ProbeSchedule(new Random(3));
        schedule.due(Map.of("a", Duration.ofDays(7)), T0);
        Duration shorter = Duration.ofSeconds(10);

        schedule.due(Map.of("a", shorter), T0.plusSeconds(1));

        Instant next = schedule.next("a").orElseThrow();
        assertTrue(!next.isAfter(T0.plusSeconds(1).plus(shorter)), next.toString());
    }

    @Test
    void nextRunIsAnIntervalLaterGiveOrTakeATenth() {
        ProbeSchedule schedule = new ProbeSchedule(new Random(1));
        Map<String, Duration> probes = Map.of("a", INTERVAL);
        schedule.due(probes, T0);
        Instant first = schedule.next("a").orElseThrow();

        assertEquals(List.of("a"), schedule.due(probes, first));
        schedule.finished("a");

        Duration gap = Duration.between(first, schedule.next("a").orElseThrow());
        assertTrue(gap.compareTo(INTERVAL.multipliedBy(9).dividedBy(10)) >= 0, gap.toString());
        assertTrue(gap.compareTo(INTERVAL.multipliedBy(11).dividedBy(10)) <= 0, gap.toString());
    }

    @Test
    void probeStillRunningIsNotStartedAgain() {
        ProbeSchedule schedule = new ProbeSchedule(new Random(1));
        Map<String, Duration> probes = Map.of("a", INTERVAL);
        schedule.due(probes, T0);
        Instant later = T0.plus(INTERVAL.multipliedBy(3));
        assertEquals(List.of("a"), schedule.due(probes, later));

        assertEquals(List.of(), schedule.due(probes, later.plus(INTERVAL.multipliedBy(2))));
        assertTrue(schedule.running("a"));

        schedule.finished("a");
        assertEquals(List.of("a"), schedule.due(probes, later.plus(INTERVAL.multipliedBy(2))));
    }

    @Test
    void probeNoLongerDeclaredIsForgotten() {
        ProbeSchedule schedule = new ProbeSchedule(new Random(1));
        schedule.due(Map.of("a", INTERVAL), T0);

        schedule.due(Map.of(), T0.plusSeconds(1));

        assertTrue(schedule.next("a").isEmpty());
    }
}
