package opshub.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opshub.security.Role;
import opshub.testing.Api;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live feed, {@code GET /api/v1/events/stream}: resumable, complete, bounded. */
@QuarkusTest
class EventStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 4;
    private static final int REQUESTS_PER_WRITER = 30;

    @TestHTTPResource("/api/v1/events/stream")
    URI stream;

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void resumingClientReceivesEveryEventOnceInOrderWhileWritersAppend() throws Exception {
        long start = head();
        String widget = Api.freshWidget();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(pool.submit(() -> write(widget, REQUESTS_PER_WRITER)));
        }

        List<SseClient.Message> received = new ArrayList<>();
        Random random = new Random(6);
        int connections = 0;
        long last = start;
        long target = Long.MAX_VALUE;
        while (last < target) {
            // the first connection names `after`; later ones resume as a browser does
            Map<String, String> headers = connections == 0 ? Map.of()
                    : Map.of("Last-Event-ID", Long.toString(last));
            try (SseClient client = SseClient.open(URI.create(stream + "?after=" + start),
                    Api.token(Role.READER), headers)) {
                connections++;
                int take = 1 + random.nextInt(25);
                for (int i = 0; i < take && last < target; i++) {
                    // a heartbeat while caught up: see whether the writers are done
                    Optional<SseClient.Message> message = client.poll();
                    if (message.isEmpty()) {
                        break;
                    }
                    received.add(message.get());
                    last = Long.parseLong(message.get().id());
                }
            }
            if (target == Long.MAX_VALUE && writers.stream().allMatch(Future::isDone)) {
                target = head();
            }
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();

        List<JsonNode> replayed = replay(start, last);
        assertTrue(connections > 5, "the client reconnected many times: " + connections);
        assertEquals(replayed.size(), received.size(), "one message per ledger event");
        for (int i = 0; i < received.size(); i++) {
            JsonNode expected = replayed.get(i);
            assertEquals(expected.get("position").asText(), received.get(i).id(),
                    "message " + i + " has the next position as its id");
            assertEquals(expected, JSON.readTree(received.get(i).data()),
                    "message " + i + " carries the event as the replay shows it");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withoutAPositionTheStreamStartsWithTheNextEvent() throws Exception {
        String widget = Api.freshWidget();
        try (SseClient client = SseClient.open(stream, Api.token(Role.READER), Map.of())) {
            assertEquals(200, client.status());
            assertTrue(client.contentType().startsWith("text/event-stream"));
            long position = post(widget);

            SseClient.Message message = client.next();
            JsonNode event = JSON.readTree(message.data());
            assertEquals(Long.toString(position), message.id());
            assertEquals(widget, event.get("widgetId").asText());
            assertNotNull(event.get("leafHash"));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void lastEventIdWinsOverAfter() throws Exception {
        String widget = Api.freshWidget();
        long first = post(widget);
        long second = post(widget);
        Map<String, String> resume = Map.of("Last-Event-ID", Long.toString(first));
        try (SseClient client = SseClient.open(URI.create(stream + "?after=0"),
                Api.token(Role.READER), resume)) {
            assertEquals(Long.toString(second), client.next().id());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anIdleStreamSendsHeartbeatComments() throws Exception {
        try (SseClient client = SseClient.open(stream, Api.token(Role.READER), Map.of())) {
            assertTrue(client.awaitComment("heartbeat"), "a heartbeat comment arrives");
        }
    }

    /** A stream is authorised as long as it is open, not only when it opens. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theStreamOfARevokedTokenEnds() throws Exception {
        String name = "revoked-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String token = Api.admin().contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", name, "role", "reader"))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        try (SseClient client = SseClient.open(stream, token, Map.of())) {
            assertEquals(200, client.status());

            Api.admin().delete("/api/v1/tokens/{n}", name).then().statusCode(204);

            assertFalse(client.awaitComment("a comment never sent"), "the stream ends");
        }
    }

    @Test
    void positionBeyondTheHeadIsABadParameter() {
        String beyond = Long.toString(head() + 1_000_000);
        Api.as(Role.READER).queryParam("after", beyond)
                .get("/api/v1/events/stream")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("after"));
        Api.as(Role.READER).header("Last-Event-ID", beyond)
                .get("/api/v1/events/stream")
                .then().statusCode(400)
                .body("errors[0].parameter", equalTo("Last-Event-ID"));
    }

    @Test
    void malformedAfterIsABadParameter() {
        for (String after : List.of("-1", "abc", "", "1.5")) {
            Api.as(Role.READER)
                    .queryParam("after", after)
                    .get("/api/v1/events/stream")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:ops-hub:problem:bad-parameter"))
                    .body("errors[0].parameter", equalTo("after"))
                    .body("errors[0].got", equalTo(after));
        }
    }

    @Test
    void malformedLastEventIdIsABadParameter() {
        Api.as(Role.READER)
                .header("Last-Event-ID", "seven")
                .queryParam("after", "3")
                .get("/api/v1/events/stream")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("Last-Event-ID"))
                .body("errors[0].got", equalTo("seven"));
    }

    @Test
    void theStreamNeedsAReaderToken() {
        RestAssured.given()
                .get("/api/v1/events/stream")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"ops-hub\""));
        RestAssured.given().auth().oauth2("not-a-token")
                .get("/api/v1/events/stream")
                .then().statusCode(401);
        Api.as(Role.PROBE)
                .get("/api/v1/events/stream")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ops-hub:problem:forbidden"));
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aClientThatStopsReadingIsDroppedAndResumesWithoutLoss() throws Exception {
        long start = head();
        double droppedBefore = dropped();
        String widget = Api.freshWidget();
        ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            // a tiny receive window, and no reading: the server's send buffer fills up
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("localhost", stream.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/events/stream?after=" + start + " HTTP/1.1\r\n"
                    + "Host: localhost\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + Api.token(Role.READER) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 12; i++) {
                postLarge(widget, 8);
            }

            Awaitility.await().atMost(60, TimeUnit.SECONDS)
                    .until(() -> dropped() > droppedBefore);
            socket.setSoTimeout(30_000);
            socket.getInputStream().transferTo(buffered);
        }

        long lastComplete = lastCompleteId(buffered.toString(StandardCharsets.UTF_8));
        long end = head();
        assertTrue(lastComplete < end, "the dropped client got only part of the events");
        List<Long> rest = new ArrayList<>();
        try (SseClient client = SseClient.open(stream, Api.token(Role.READER),
                Map.of("Last-Event-ID", Long.toString(lastComplete)))) {
            while (rest.isEmpty() || rest.get(rest.size() - 1) < end) {
                rest.add(Long.parseLong(client.next().id()));
            }
        }
        for (int i = 0; i < rest.size(); i++) {
            assertEquals(lastComplete + 1 + i, rest.get(i), "resumed without a gap");
        }
    }

    /** The id of the last message that arrived whole (its blank line included). */
    private static long lastCompleteId(String raw) {
        Matcher message = Pattern.compile("id: (\\d+)\ndata: [^\n]*\n\n").matcher(raw);
        long last = -1;
        while (message.find()) {
            last = Long.parseLong(message.group(1));
        }
        assertTrue(last > 0, "the client received some events before it was dropped");
        return last;
    }

    private static void write(String widget, int requests) {
        for (int r = 0; r < requests; r++) {
            Object body = r % 3 == 0
                    ? List.of(Api.referenceEvent(widget), Api.referenceEvent(widget))
                    : Api.referenceEvent(widget);
            Api.as(Role.PROBE)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/events")
                    .then().statusCode(201);
        }
    }

    private static long post(String widget) {
        return Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(Api.referenceEvent(widget))
                .post("/api/v1/events")
                .then().statusCode(201)
                .extract().jsonPath().getLong("position");
    }

    /** {@code count} events of about 100 kB each, in one request. */
    private static void postLarge(String widget, int count) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> event = new HashMap<>(Api.referenceEvent(widget));
            Map<String, Object> metadata = new HashMap<>(
                    (Map<String, Object>) event.get("metadata"));
            metadata.put("padding", "x".repeat(100_000));
            event.put("metadata", metadata);
            events.add(event);
        }
        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(events)
                .post("/api/v1/events")
                .then().statusCode(201);
    }

    /** The events in (after, upTo] as GET /api/v1/events returns them. */
    private static List<JsonNode> replay(long after, long upTo) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        long next = after;
        while (next < upTo) {
            String body = Api.as(Role.READER)
                    .queryParam("after", next)
                    .queryParam("limit", 1000)
                    .get("/api/v1/events")
                    .then().statusCode(200)
                    .extract().asString();
            JsonNode page = JSON.readTree(body);
            for (JsonNode event : page.get("events")) {
                if (event.get("position").asLong() <= upTo) {
                    events.add(event);
                }
            }
            next = page.get("next").asLong();
        }
        return events;
    }

    private static long head() {
        return RestAssured.get("/q/health/ready")
                .then().extract().jsonPath()
                .getLong("checks.find { it.name == 'ledger' }.data.head");
    }

    private static double dropped() {
        String metrics = RestAssured.get("/q/metrics").then().extract().asString();
        Matcher counter = Pattern.compile("(?m)^opshub_stream_dropped_total(?:\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        return counter.find() ? Double.parseDouble(counter.group(1)) : 0;
    }
}
