package opshub.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.projection.OpsState;
import opshub.testing.StateFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GateEvaluatorTest {

    private static final Instant T0 = StateFixture.T0;

    private StateFixture fixture;

    @BeforeEach
    void shippedManifestAndOneGate() {
        fixture = StateFixture.withShippedManifest();
        ObjectNode gate = meta().put("kind", "gates").put("key", "g");
        gate.putObject("attributes").put("name", "G").putArray("checks").addObject()
                .put("key", "verified").put("eventType", "ops-endpoint-verified")
                .put("entity", "endpoints/e").put("maxAge", "PT1H")
                .putObject("condition").put("pointer", "/expectedStatus").put("equals", 401);
        gate.putObject("relations");
        fixture.apply(OpsState.ENTITY_DECLARED, gate);
    }

    @Test
    void withoutEvidenceTheGateIsUnknown() {
        assertEquals(CheckStatus.UNKNOWN, evaluate(T0).status());
    }

    @Test
    void freshMatchingEvidencePasses() {
        verified(401, T0);

        assertEquals(CheckStatus.PASSED, evaluate(T0.plusSeconds(60)).status());
    }

    @Test
    void evidenceTurnsStaleWithNoNewEvent() {
        verified(401, T0);

        assertEquals(CheckStatus.PASSED, evaluate(T0.plus(Duration.ofMinutes(59))).status());
        assertEquals(CheckStatus.STALE, evaluate(T0.plus(Duration.ofMinutes(61))).status());
    }

    @Test
    void conditionNotHoldingFails() {
        verified(200, T0);

        GateEvaluator.GateResult gate = evaluate(T0);
        assertEquals(CheckStatus.FAILED, gate.status());
        assertEquals(200, gate.checks().get(0).decidedBy().orElseThrow().metadata()
                .get("expectedStatus").asInt());
    }

    @Test
    void newerFailedCheckFailsThePassedEvidence() {
        verified(401, T0);
        ObjectNode failed = meta().put("endpoint", "e");
        failed.putArray("failures").addObject().put("condition", "status");
        evidence("ops-endpoint-check-failed", failed, T0.plusSeconds(30));

        assertEquals(CheckStatus.FAILED, evaluate(T0.plusSeconds(60)).status());
    }

    @Test
    void laterObservationDecidesEvenWhenRecordedEarlier() {
        verified(401, T0.plusSeconds(100));
        verified(200, T0);

        assertEquals(CheckStatus.PASSED, evaluate(T0.plusSeconds(120)).status());
    }

    private GateEvaluator.GateResult evaluate(Instant now) {
        OpsState state = fixture.state();
        return GateEvaluator.evaluate(state.entity(new EntityRef(EntityKind.GATES, "g"))
                .orElseThrow(), state, now);
    }

    private void verified(int status, Instant observedAt) {
        evidence("ops-endpoint-verified", meta().put("endpoint", "e").put("expectedStatus",
                status), observedAt);
    }

    private void evidence(String type, ObjectNode metadata, Instant observedAt) {
        metadata.put("entity", "endpoints/e");
        fixture.state().apply(fixture.next(type, "w", metadata, observedAt));
    }

    private static ObjectNode meta() {
        return StateFixture.meta();
    }
}
