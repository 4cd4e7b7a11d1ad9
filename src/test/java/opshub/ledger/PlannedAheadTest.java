package opshub.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opshub.api.JsonBodies;
import opshub.intake.EventEnvelope;
import opshub.merkle.CompactRange;
import opshub.merkle.MerkleProofs;
import opshub.security.Role;
import opshub.testing.Api;
import opshub.testing.LedgerDatabase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A group planned before the lock, on the head this server expects, is stored in one round
 * trip; whenever that plan no longer holds, the database refuses it and the group is planned
 * again with reads under the lock. Either way the ledger ends up as if every group had taken
 * the long way: same receipts, gapless positions, the whole Merkle tree.
 */
@QuarkusTest
class PlannedAheadTest {

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @ConfigProperty(name = "opshub.ledger.replica-backoff")
    java.time.Duration replicaBackoff;

    @Test
    void appendsWithNothingInBetweenArePlannedAhead() throws Exception {
        String widget = Api.freshWidget();
        post(Api.referenceEvent(widget), 201);
        double ahead = count("ahead");
        double again = count("again");

        int first = post(Api.referenceEvent(widget), 201);
        int second = post(Api.referenceEvent(widget), 201);

        assertEquals(first + 1, second);
        assertEquals(ahead + 2, count("ahead"), "groups planned ahead");
        assertEquals(again, count("again"), "groups planned again");
        assertTreeHoldsEveryLeaf();
    }

    /** The unique index refuses the planned row; the long way finds the original. */
    @Test
    void aRetryIsRefusedAndAnsweredWithTheOriginalReceipt() throws Exception {
        Map<String, Object> event = new HashMap<>(Api.referenceEvent(Api.freshWidget()));
        event.put("id", UUID.randomUUID().toString());
        int original = post(event, 201);
        post(Api.referenceEvent(Api.freshWidget()), 201);
        double again = count("again");

        int retried = Api.as(Role.PROBE).contentType(ContentType.JSON).body(event)
                .post("/api/v1/events").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("duplicate"))
                .extract().path("position");

        assertEquals(original, retried);
        assertEquals(again + 1, count("again"), "groups planned again");
        int next = post(Api.referenceEvent(Api.freshWidget()), 201);
        assertTrue(next > original, "the ledger goes on after a refused plan");
        assertTreeHoldsEveryLeaf();
    }

    /** Another replica moved the head: the expected head no longer holds. */
    @Test
    void anotherReplicasAppendIsFoundUnderTheLock() throws Exception {
        String widget = Api.freshWidget();
        post(Api.referenceEvent(widget), 201);
        double again = count("again");
        long theirs;
        try (LedgerDatabase db = LedgerDatabase.connect(jdbcUrl, password)) {
            ObjectNode metadata = (ObjectNode) JsonBodies.STRICT.readTree(
                    "{\"vsmFunction\":\"OPS\",\"vsmSystem\":\"S1\",\"endpoint\":\"https://x/\"}");
            theirs = db.appendAsAnotherReplica(new EventEnvelope(UUID.randomUUID(),
                    "ops-endpoint-verified", widget, "other replica", metadata,
                    Instant.now().truncatedTo(ChronoUnit.MICROS), null, new byte[32]),
                    "other-replica");
        }

        int ours = post(Api.referenceEvent(widget), 201);

        assertEquals(theirs + 1, ours);
        assertEquals(again + 1, count("again"), "groups planned again");
        assertTreeHoldsEveryLeaf();
        // the collision made this server back off; the other tests expect planning ahead
        Thread.sleep(replicaBackoff.toMillis() + 100);
    }

    private static int post(Map<String, Object> event, int status) {
        return Api.as(Role.PROBE).contentType(ContentType.JSON).body(event)
                .post("/api/v1/events").then().statusCode(status)
                .extract().path("position");
    }

    private double count(String planned) {
        return registry.counter("opshub.ledger.groups.planned." + planned).count();
    }

    private void assertTreeHoldsEveryLeaf() throws Exception {
        try (LedgerDatabase db = LedgerDatabase.connect(jdbcUrl, password)) {
            List<byte[]> leaves = db.leafHashes();
            CompactRange recomputed = CompactRange.empty();
            leaves.forEach(recomputed::append);
            assertArrayEquals(recomputed.root(), MerkleProofs.root(leaves.size(),
                    db.nodeReader()));
        }
    }
}
