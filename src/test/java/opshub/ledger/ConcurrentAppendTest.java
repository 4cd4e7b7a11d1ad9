package opshub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

/**
 * Invariant 2: positions are gapless and commit order equals position order. Sixteen writers
 * append while a reader tails the ledger with {@code after=<next>}; the reader must see every
 * position exactly once, in order, and every acknowledged event.
 */
@QuarkusTest
class ConcurrentAppendTest {

    private static final int WRITERS = 16;
    private static final int REQUESTS_PER_WRITER = 40;

    @Test
    void tailingReaderSeesEveryPositionOnceInOrder() throws Exception {
        long start = head();
        String widget = Api.freshWidget();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);

        Future<List<Long>> tail = pool.submit(() -> follow(start, writing));
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> write(writer, widget, acknowledged)));
        }
        for (Future<?> writer : writers) {
            writer.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        List<Long> seen = tail.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        long end = head();
        assertEquals(new java.util.HashSet<>(seen).size(), seen.size(),
                "the reader saw no position twice");
        assertEquals(end - start, seen.size(), "the reader saw each position once");
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(start + i + 1, seen.get(i), "position order without gaps");
        }
        Set<String> ours = idsOf(widget, start);
        assertTrue(ours.containsAll(acknowledged), "every acknowledged event was read");
        assertEquals(acknowledged.size(), ours.size());
    }

    private static void write(int writer, String widget, Set<String> acknowledged) {
        for (int r = 0; r < REQUESTS_PER_WRITER; r++) {
            Object body = r % 4 == 0
                    ? List.of(Api.referenceEvent(widget), Api.referenceEvent(widget))
                    : Api.referenceEvent(widget);
            JsonPath receipt = Api.as(Role.PROBE)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/events")
                    .then().statusCode(201)
                    .extract().jsonPath();
            Object ids = receipt.get("id");
            if (ids instanceof List<?> list) {
                list.forEach(id -> acknowledged.add((String) id));
            } else {
                acknowledged.add((String) ids);
            }
        }
    }

    /** Follows the ledger until writing stops and a final read finds nothing new. */
    private static List<Long> follow(long after, AtomicBoolean writing) {
        List<Long> seen = new ArrayList<>();
        long next = after;
        boolean lastRound = false;
        while (true) {
            boolean stillWriting = writing.get();
            JsonPath page = Api.as(Role.READER)
                    .queryParam("after", next)
                    .queryParam("limit", 50)
                    .get("/api/v1/events")
                    .then().statusCode(200)
                    .extract().jsonPath();
            List<Number> positions = page.getList("events.position", Number.class);
            positions.forEach(p -> seen.add(p.longValue()));
            next = page.getLong("next");
            if (positions.isEmpty() && lastRound) {
                return seen;
            }
            lastRound = !stillWriting;
        }
    }

    private static long head() {
        long next = 0;
        while (true) {
            JsonPath page = Api.as(Role.READER)
                    .queryParam("after", next)
                    .queryParam("limit", 1000)
                    .get("/api/v1/events")
                    .then().extract().jsonPath();
            long after = page.getLong("next");
            if (after == next) {
                return next;
            }
            next = after;
        }
    }

    private static Set<String> idsOf(String widget, long after) {
        Set<String> ids = new HashSet<>();
        long next = after;
        while (true) {
            JsonPath page = Api.as(Role.READER)
                    .queryParam("after", next)
                    .queryParam("limit", 1000)
                    .get("/api/v1/widgets/{w}/events", widget)
                    .then().extract().jsonPath();
            List<String> found = page.getList("events.id", String.class);
            if (found.isEmpty()) {
                return ids;
            }
            ids.addAll(found);
            next = page.getLong("next");
        }
    }

}
