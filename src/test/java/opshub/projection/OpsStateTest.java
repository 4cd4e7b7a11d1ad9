package opshub.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import opshub.catalog.Entity;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.ledger.RecordedEvent;
import org.junit.jupiter.api.Test;

class OpsStateTest {

    private static final Instant T0 = Instant.parse("2026-05-16T10:00:00Z");

    private final OpsState state = new OpsState();
    private final List<AppliedEvent> applied = new ArrayList<>();
    private long position;

    @Test
    void recordThatIsNotAnEventIsSkippedWithoutStallingTheState() {
        byte[] garbage = "{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8);

        state.apply(new RecordedEvent(1, garbage, new byte[32]));

        assertEquals(1, state.position());
        assertEquals(StateSnapshot.of(new OpsState()).without("position"),
                StateSnapshot.of(state).without("position"));
    }

    @Test
    void incomingRelationsFollowDeclarationsRedeclarationsAndRetirements() {
        declare("services/gitea", Map.of("ownedBy", List.of("repos/apps")));
        declare("endpoints/registry", Map.of("exposes", List.of("services/gitea")));
        declare("installations/gitea@a", Map.of("service", List.of("services/gitea"),
                "environment", List.of("environments/a")));
        declare("installations/gitea@b", Map.of("service", List.of("services/gitea")));
        // redeclared: now exposes another service
        declare("endpoints/registry", Map.of("exposes", List.of("services/other")));
        retire("installations/gitea@b");

        assertEquals(List.of(new OpsState.Incoming(ref("installations/gitea@a"), "service")),
                List.copyOf(state.incoming(ref("services/gitea"))));
        assertEquals(List.of(new OpsState.Incoming(ref("endpoints/registry"), "exposes")),
                List.copyOf(state.incoming(ref("services/other"))));
        assertIndexesMatchAFullScan();
    }

    @Test
    void incomingRelationsAreOrderedByReferrerThenRelation() {
        declare("services/s", Map.of());
        declare("installations/z", Map.of("service", List.of("services/s")));
        declare("endpoints/e", Map.of("exposes", List.of("services/s"),
                "alsoExposes", List.of("services/s")));

        assertEquals(List.of(new OpsState.Incoming(ref("endpoints/e"), "alsoExposes"),
                new OpsState.Incoming(ref("endpoints/e"), "exposes"),
                new OpsState.Incoming(ref("installations/z"), "service")),
                List.copyOf(state.incoming(ref("services/s"))));
    }

    @Test
    void countsAndKindListsFollowDeclarationsAndRetirements() {
        declare("hosts/b", Map.of());
        declare("hosts/a", Map.of());
        declare("hosts/a", Map.of());
        declare("services/s", Map.of());
        retire("services/s");
        retire("services/never-declared");

        assertEquals(2, state.count(EntityKind.HOSTS));
        assertEquals(0, state.count(EntityKind.SERVICES));
        assertEquals(List.of(ref("hosts/a"), ref("hosts/b")),
                state.entities(EntityKind.HOSTS).stream().map(Entity::ref).toList());
        assertIndexesMatchAFullScan();
    }

    @Test
    void widgetsAreIndexedByTheEntityTheyStandFor() {
        UUID id = UUID.randomUUID();
        registerWidget(id, "gitea-widget", "service", "services/gitea");
        registerWidget(UUID.randomUUID(), "view-widget", "view", "gates/g");
        assertEquals(List.of("gitea-widget"), List.copyOf(state.widgetSlugs(ref("services/gitea"))));

        registerWidget(id, "gitea-widget", "service", "services/other");

        assertEquals(List.of(), List.copyOf(state.widgetSlugs(ref("services/gitea"))));
        assertEquals(List.of("gitea-widget"), List.copyOf(state.widgetSlugs(ref("services/other"))));
    }

    @Test
    void snapshotDiffersWhenOnlyAnIndexDiffers() {
        declare("services/s", Map.of());
        declare("endpoints/e", Map.of("exposes", List.of("services/s")));
        OpsState other = new OpsState();
        for (AppliedEvent event : applied) {
            other.apply(event);
        }
        assertEquals(StateSnapshot.of(state), StateSnapshot.of(other));

        ObjectNode snapshot = StateSnapshot.of(state);
        ((ObjectNode) snapshot.get("indexes").get("incoming")).removeAll();

        assertNotEquals(StateSnapshot.of(other), snapshot);
    }

    @Test
    void admissionChangesOnlyWithManifestsWidgetsAndHolds() {
        declare("endpoints/e", Map.of());
        long afterDeclaration = state.admissionChangedAt();
        evidence("endpoints/e");
        assertEquals(afterDeclaration, state.admissionChangedAt());

        registerWidget(UUID.randomUUID(), "w", "endpoint", "endpoints/e");
        assertEquals(position, state.admissionChangedAt());

        ObjectNode held = SystemEvents.metadata();
        held.putObject("submission").put("id", UUID.randomUUID().toString());
        held.putArray("reasons").add("unknown type");
        apply(SystemEvents.SUBMISSION_BLOCKED, held);
        assertEquals(position, state.admissionChangedAt());

        evidence("endpoints/e");
        assertTrue(state.admissionChangedAt() < position);
    }

    /** The indexes hold exactly what a scan over every entity finds. */
    private void assertIndexesMatchAFullScan() {
        Map<EntityRef, TreeSet<OpsState.Incoming>> scanned = new TreeMap<>();
        Map<EntityKind, Integer> counts = new TreeMap<>();
        for (Entity entity : state.entities().values()) {
            counts.merge(entity.ref().kind(), 1, Integer::sum);
            entity.relations().forEach((name, targets) -> targets.forEach(target -> scanned
                    .computeIfAbsent(target, t -> new TreeSet<>())
                    .add(new OpsState.Incoming(entity.ref(), name))));
        }
        assertEquals(scanned, new TreeMap<>(state.incomingIndex()));
        for (EntityKind kind : EntityKind.values()) {
            assertEquals(counts.getOrDefault(kind, 0), state.count(kind), kind.plural());
        }
    }

    private void declare(String ref, Map<String, List<String>> relations) {
        EntityRef entity = ref(ref);
        ObjectNode metadata = SystemEvents.metadata().put("kind", entity.kind().plural())
                .put("key", entity.key());
        metadata.putObject("attributes").put("name", entity.key());
        ObjectNode related = metadata.putObject("relations");
        new TreeMap<>(relations).forEach((name, targets) -> {
            var list = related.putArray(name);
            targets.forEach(list::add);
        });
        apply(OpsState.ENTITY_DECLARED, metadata);
    }

    private void retire(String ref) {
        EntityRef entity = ref(ref);
        apply(OpsState.ENTITY_RETIRED, SystemEvents.metadata().put("kind", entity.kind().plural())
                .put("key", entity.key()));
    }

    private void registerWidget(UUID id, String slug, String kind, String target) {
        apply(SystemEvents.WIDGET_REGISTERED, SystemEvents.metadata().put("id", id.toString())
                .put("slug", slug).put("kind", kind).put("target", target)
                .put("origin", "test"));
    }

    private void evidence(String entity) {
        apply("ops-endpoint-verified", SystemEvents.metadata().put("entity", entity));
    }

    private void apply(String type, ObjectNode metadata) {
        position++;
        AppliedEvent event = new AppliedEvent(position, UUID.randomUUID(), type, "ops-hub",
                metadata, T0, T0.plusSeconds(position), "test");
        applied.add(event);
        state.apply(event);
    }

    private static EntityRef ref(String text) {
        return EntityRef.parse(text).orElseThrow();
    }
}
