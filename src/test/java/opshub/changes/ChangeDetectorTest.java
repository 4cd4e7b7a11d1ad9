package opshub.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import opshub.projection.AppliedEvent;
import opshub.projection.OpsState;
import opshub.projection.SystemEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each event changes, over an endpoint, a gate checking it and a migration waiting. */
class ChangeDetectorTest {

    private static final Instant T0 = Instant.parse("2026-05-16T10:00:00Z");
    private static final YAMLMapper YAML = new YAMLMapper();

    private OpsState state;
    private long position;

    @BeforeEach
    void endpointGateAndMigration() throws Exception {
        state = new OpsState();
        position = 0;
        ObjectNode manifest = (ObjectNode) YAML.readTree(
                Path.of("deploy/manifests/ops-core.yaml").toFile());
        apply(SystemEvents.MANIFEST_REGISTERED, meta().set("manifest", manifest));
        apply(SystemEvents.MANIFEST_ACTIVATED, meta().put("manifest",
                "ops-core@" + manifest.get("version").asText()));
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
        try {
            ObjectNode metadata = meta().put("kind", kind).put("key", key);
            metadata.set("attributes", YAML.readTree(attributes));
            metadata.set("relations", YAML.readTree(relations));
            return apply(OpsState.ENTITY_DECLARED, metadata);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Change> apply(String type, ObjectNode metadata) {
        position++;
        AppliedEvent event = new AppliedEvent(position, UUID.randomUUID(), type, "w", metadata,
                T0.plusSeconds(position), T0.plusSeconds(position), "test");
        ChangeDetector.Before before = ChangeDetector.before(state, event);
        state.apply(event);
        return ChangeDetector.changes(before, state, event);
    }

    private static ObjectNode meta() {
        return SystemEvents.metadata();
    }
}
