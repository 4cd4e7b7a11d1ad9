package opshub.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import opshub.projection.AppliedEvent;
import opshub.projection.OpsState;
import opshub.testing.StateFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each event changes, over an endpoint, a gate checking it and a migration waiting. */
class ChangeDetectorTest {

    private StateFixture fixture;
    /** The position of the last event applied. */
    private long position;

    @BeforeEach
    void endpointGateAndMigration() {
        fixture = StateFixture.withShippedManifest();
        declare("endpoints", "e", "{url: 'https://e/'}", "{}");
        declare("endpoints", "other", "{url: 'https://o/'}", "{}");
        declare("gates", "g", "{name: G, checks: [{key: v, eventType: ops-endpoint-verified,"
                + " entity: endpoints/e, maxAge: P1D}]}", "{checks: [endpoints/e]}");
        declare("migrations", "m", "{name: M, waves: [{key: w1, gates: [g], services:"
                + " [{service: s, disposition: move, status: planned}]}]}", "{gates: [gates/g]}");
    }

    @Test
    void declaringAnEntityIsAnEntityChange() throws Exception {
        List<Change> changes = declare("endpoints", "new", "{url: 'https://n/'}", "{}");

        assertEquals(List.of(new Change(position, Change.Kind.ENTITY, "endpoints/new")),
                changes);
    }

    @Test
    void passingEvidenceChangesEntityHealthGateAndMigration() {
        List<Change> changes = evidence("ops-endpoint-verified", "e");

        assertEquals(List.of(
                new Change(position, Change.Kind.ENTITY, "endpoints/e"),
                new Change(position, Change.Kind.GATE, "g"),
                new Change(position, Change.Kind.MIGRATION, "m")), changes);
    }

    /** A second pass changes the entity's latest evidence, not the gate or the migration. */
    @Test
    void repeatedEvidenceChangesOnlyItsEntity() {
        evidence("ops-endpoint-verified", "e");

        List<Change> changes = evidence("ops-endpoint-verified", "e");

        assertEquals(List.of(Change.Kind.ENTITY), changes.stream().map(Change::kind).toList());
    }

    @Test
    void failedCheckAfterAPassChangesEntityGateAndMigration() {
        evidence("ops-endpoint-verified", "e");

        List<Change> changes = evidence("ops-endpoint-check-failed", "e");

        assertEquals(List.of(Change.Kind.ENTITY, Change.Kind.GATE, Change.Kind.MIGRATION),
                changes.stream().map(Change::kind).toList());
    }

    @Test
    void evidenceAboutAnotherEntityLeavesTheGateAlone() {
        assertEquals(List.of(new Change(position + 1, Change.Kind.ENTITY, "endpoints/other")),
                evidence("ops-endpoint-verified", "other"));
    }

    @Test
    void retiringAnEntityIsAnEntityChange() {
        ObjectNode retired = meta().put("kind", "endpoints").put("key", "other");

        assertEquals(List.of(new Change(position + 1, Change.Kind.ENTITY, "endpoints/other")),
                apply(OpsState.ENTITY_RETIRED, retired));
    }

    private List<Change> evidence(String type, String endpoint) {
        ObjectNode metadata = meta().put("endpoint", "https://" + endpoint + "/")
                .put("entity", "endpoints/" + endpoint);
        metadata.putArray("failures").addObject().put("condition", "status");
        if (type.equals("ops-endpoint-verified")) {
            metadata.remove("failures");
        }
        return apply(type, metadata);
    }

    private List<Change> declare(String kind, String key, String attributes,
            String relations) {
        return apply(OpsState.ENTITY_DECLARED,
                StateFixture.declaration(kind, key, attributes, relations));
    }

    private List<Change> apply(String type, ObjectNode metadata) {
        OpsState state = fixture.state();
        AppliedEvent event = fixture.next(type, metadata);
        position = event.position();
        ChangeDetector.Before before = ChangeDetector.before(state, event);
        state.apply(event);
        return ChangeDetector.changes(before, state, event);
    }

    private static ObjectNode meta() {
        return StateFixture.meta();
    }
}
