package opshub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import opshub.api.JsonBodies;
import opshub.intake.EventEnvelope;
import opshub.security.Role;
import opshub.testing.Api;
import opshub.testing.LedgerDatabase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Another writer (another replica) appending at the same time as this server: a group that
 * loses a collision with it (a deadlock PostgreSQL breaks, a refused plan) is written again,
 * nothing of it stored twice or lost, and this server writes the long way only for a while.
 */
@QuarkusTest
class ReplicaCollisionTest {

    /** The key of the append lock (evidence_ledger_lock_head, V1 migration). */
    private static final long APPEND_LOCK = 122528763245922L;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @ConfigProperty(name = "opshub.ledger.replica-backoff")
    Duration replicaBackoff;

    /** Later tests expect groups planned ahead again. */
    @AfterEach
    void awaitBackoffOver() throws InterruptedException {
        Thread.sleep(replicaBackoff.toMillis() + 100);
    }

    /**
     * The other replica planned ahead: it holds an uncommitted row at the next position and
     * then asks for the append lock, which this server's long way holds while its insert
     * waits for that row. PostgreSQL aborts this server's transaction to end the deadlock.
     */
    @Test
    void aGroupThatLosesADeadlockIsWrittenAgain() throws Exception {
        String widget = Api.freshWidget();
        double backoffs = backoffs();
        CompletableFuture<ExtractableResponse<Response>> ours;
        long head;
        try (Connection other = connect(); Connection observer = connect()) {
            other.setAutoCommit(false);
            // this server's backend waits first and, with the shorter timeout, is the victim
            execute(other, "SET deadlock_timeout = '60s'");
            head = queryLong(other, "SELECT coalesce(max(position), 0) FROM evidence_event");
            // as its planned group inserts it, before it takes the lock
            LedgerDatabase.insertRow(other, head + 1, UUID.randomUUID(), widget + "-other");

            Map<String, Object> event = new HashMap<>(Api.referenceEvent(widget));
            event.put("expectedVersion", 0);  // needs reads under the lock: the long way
            ours = CompletableFuture.supplyAsync(() -> Api.as(Role.PROBE)
                    .contentType(ContentType.JSON).body(event).post("/api/v1/events")
                    .then().extract());
            awaitRowLockWait(observer);
            CompletableFuture<Void> lock = CompletableFuture.runAsync(() -> {
                try {
                    execute(other, "SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            lock.get(60, TimeUnit.SECONDS);  // granted once PostgreSQL aborted ours
            other.rollback();
        }

        ExtractableResponse<Response> response = ours.get(60, TimeUnit.SECONDS);
        assertEquals(201, response.statusCode(), response.asString());
        long position = ((Number) response.path("position")).longValue();
        assertTrue(position > head, "recorded after the head it first collided at");
        assertEquals(backoffs + 1, backoffs(), "collisions that started a backoff");
        Api.as(Role.READER).get("/api/v1/widgets/{widget}/events", widget).then()
                .statusCode(200).body("events.size()", equalTo(1))
                .body("events[0].position", equalTo((int) position));
    }

    /** While it backs off, this server plans nothing ahead; afterwards it does again. */
    @Test
    void anotherReplicasAppendMakesThisServerBackOff() throws Exception {
        String widget = Api.freshWidget();
        post(Api.referenceEvent(widget), 201);
        double backoffs = backoffs();
        try (LedgerDatabase db = LedgerDatabase.connect(jdbcUrl, password)) {
            db.appendAsAnotherReplica(otherReplicasEvent(widget), "other-replica");
        }

        post(Api.referenceEvent(widget), 201);  // planned ahead, refused: the head moved
        assertEquals(backoffs + 1, backoffs(), "collisions that started a backoff");
        double ahead = plannedAhead();
        post(Api.referenceEvent(widget), 201);
        assertEquals(ahead, plannedAhead(), "groups planned ahead during the backoff");

        Thread.sleep(replicaBackoff.toMillis() + 100);
        post(Api.referenceEvent(widget), 201);
        assertEquals(ahead + 1, plannedAhead(), "groups planned ahead after the backoff");
    }

    /**
     * A request that collides every time gets a 503 with Retry-After after a few tries, and
     * none of its events is stored. The collisions are raised by a trigger on its widget.
     */
    @Test
    void aRequestThatKeepsCollidingGets503AndNothingIsStored() throws Exception {
        String widget = Api.freshWidget();
        double backoffs = backoffs();
        try (Connection admin = connect()) {
            execute(admin, """
                    CREATE FUNCTION collision_test() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.widget_id = '%s' THEN
                            RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = '40P01';
                        END IF;
                        RETURN NEW;
                    END $$""".formatted(widget));
            execute(admin, "CREATE TRIGGER collision_test BEFORE INSERT ON evidence_event"
                    + " FOR EACH ROW EXECUTE FUNCTION collision_test()");
            try {
                Api.as(Role.PROBE).contentType(ContentType.JSON)
                        .body(Api.referenceEvent(widget)).post("/api/v1/events").then()
                        .statusCode(503).header("Retry-After", equalTo("2"))
                        .body("type", equalTo("urn:ops-hub:problem:store-unavailable"))
                        .body("detail", containsString("busy"));
            } finally {
                execute(admin, "DROP TRIGGER collision_test ON evidence_event");
                execute(admin, "DROP FUNCTION collision_test()");
            }
        }

        assertTrue(backoffs() > backoffs, "a collision starts a backoff");
        Api.as(Role.READER).get("/api/v1/widgets/{widget}/events", widget).then()
                .statusCode(200).body("events.size()", equalTo(0));
        post(Api.referenceEvent(widget), 201);
    }

    private static EventEnvelope otherReplicasEvent(String widget) throws Exception {
        ObjectNode metadata = (ObjectNode) JsonBodies.STRICT.readTree(
                "{\"vsmFunction\":\"OPS\",\"vsmSystem\":\"S1\",\"endpoint\":\"https://x/\"}");
        return new EventEnvelope(UUID.randomUUID(), "ops-endpoint-verified", widget,
                "other replica", metadata, Instant.now().truncatedTo(ChronoUnit.MICROS), null,
                new byte[32]);
    }

    private static void post(Map<String, Object> event, int status) {
        Api.as(Role.PROBE).contentType(ContentType.JSON).body(event).post("/api/v1/events")
                .then().statusCode(status);
    }

    private double backoffs() {
        return registry.counter("opshub.ledger.replica.backoffs").count();
    }

    private double plannedAhead() {
        return registry.counter("opshub.ledger.groups.planned.ahead").count();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", password);
    }

    private static void execute(Connection conn, String sql) throws SQLException {
        try (Statement statement = conn.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long queryLong(Connection conn, String sql) throws SQLException {
        try (Statement statement = conn.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }


    /** Polls until some backend waits for another transaction's row. */
    private static void awaitRowLockWait(Connection observer) throws Exception {
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < giveUp) {
            if (queryLong(observer, "SELECT count(*) FROM pg_locks"
                    + " WHERE locktype = 'transactionid' AND NOT granted") > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no insert ever waited for the other replica's row");
    }
}
