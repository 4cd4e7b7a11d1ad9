package opshub.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import opshub.manifest.EventTypeDef;
import opshub.projection.OpsState;

/**
 * An entity's health from its evidence: the latest evidence of a type whose manifest says it
 * proves health (pass) or its absence (fail) decides. Failing if that is a failure, healthy
 * while a pass is fresher than its type's {@code freshFor}, stale after, unknown without any.
 */
public final class Health {

    public enum Status {
        HEALTHY, FAILING, STALE, UNKNOWN;

        @JsonValue
        public String wire() {
            return name().toLowerCase();
        }
    }

    /** The status and the evidence that decided it. */
    public record Verdict(Status status, Optional<Evidence> decidedBy) {
    }

    private Health() {
    }

    public static Verdict of(EntityRef ref, OpsState state, Instant now) {
        Optional<Evidence> latest = latestWithHealth(ref, state);
        if (latest.isEmpty()) {
            return new Verdict(Status.UNKNOWN, Optional.empty());
        }
        EventTypeDef.Health health = state.activeTypes().get(latest.get().eventType())
                .health().orElseThrow();
        if (!health.pass()) {
            return new Verdict(Status.FAILING, latest);
        }
        boolean fresh = Duration.between(latest.get().effectiveAt(), now)
                .compareTo(health.freshFor()) <= 0;
        return new Verdict(fresh ? Status.HEALTHY : Status.STALE, latest);
    }

    /** The newest evidence of a failing kind about the entity. */
    public static Optional<Evidence> latestFailure(EntityRef ref, OpsState state) {
        return state.evidence(ref).values().stream()
                .filter(e -> healthOf(e, state).map(h -> !h.pass()).orElse(false))
                .max(Comparator.comparing(Evidence::effectiveAt)
                        .thenComparingLong(Evidence::position));
    }

    private static Optional<Evidence> latestWithHealth(EntityRef ref, OpsState state) {
        Map<String, Evidence> evidence = state.evidence(ref);
        return evidence.values().stream()
                .filter(e -> healthOf(e, state).isPresent())
                .max(Comparator.comparing(Evidence::effectiveAt)
                        .thenComparingLong(Evidence::position));
    }

    private static Optional<EventTypeDef.Health> healthOf(Evidence evidence, OpsState state) {
        EventTypeDef type = state.activeTypes().get(evidence.eventType());
        return type == null ? Optional.empty() : type.health();
    }

    /** Position, id, type, observedAt and age of a piece of evidence. */
    public static ObjectNode evidenceView(Evidence evidence, Instant now) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("position", evidence.position());
        view.put("id", evidence.id().toString());
        view.put("eventType", evidence.eventType());
        view.put("observedAt", evidence.observedAt().toString());
        view.put("age", Duration.between(evidence.effectiveAt(), now).withNanos(0).toString());
        return view;
    }
}
