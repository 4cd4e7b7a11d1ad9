package opshub.changes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import opshub.catalog.Entity;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.catalog.Health;
import opshub.migration.MigrationViews;
import opshub.projection.AppliedEvent;
import opshub.projection.OpsState;
import opshub.projection.SystemEvents;
import opshub.readiness.GateEvaluator;

/**
 * Works out which projection answers an event changed, by comparing them before and after
 * the event is applied, for only what the event can touch: the entity it declares, retires
 * or is evidence about; the gates whose checks are about one of those (or the gate whose
 * status change it records); the migrations waiting for one of those gates. The entities
 * the event is about always change (their latest evidence does); a gate's answer is its
 * status, a migration's its status with its waves. Answers are judged at the state's time (when its last event was recorded), so
 * the same ledger always yields the same changes. Manifest changes, which can change the
 * health of every entity, are not reported. Pure: no I/O.
 */
public final class ChangeDetector {

    private ChangeDetector() {
    }

    /** The answers in scope, before the event; pass them to {@link #changes} after it. */
    public record Before(Set<EntityRef> scope, Map<EntityRef, String> answers) {
    }

    public static Before before(OpsState state, AppliedEvent event) {
        Set<EntityRef> scope = scope(state, touched(state, event));
        return new Before(scope, answers(state, scope));
    }

    public static List<Change> changes(Before before, OpsState after, AppliedEvent event) {
        Set<EntityRef> touched = touched(after, event);
        Set<EntityRef> scope = new TreeSet<>(before.scope());
        scope.addAll(scope(after, touched));
        Map<EntityRef, String> now = answers(after, scope);
        List<Change> changes = new ArrayList<>();
        for (EntityRef ref : scope) {
            // the event itself is part of its entity's answer (latest evidence, deciding
            // event), even when the health it yields stays the same
            if (touched.contains(ref)
                    || !Objects.equals(before.answers().get(ref), now.get(ref))) {
                changes.add(change(event.position(), ref));
            }
        }
        return changes;
    }

    private static Change change(long position, EntityRef ref) {
        return switch (ref.kind()) {
            case GATES -> new Change(position, Change.Kind.GATE, ref.key());
            case MIGRATIONS -> new Change(position, Change.Kind.MIGRATION, ref.key());
            default -> new Change(position, Change.Kind.ENTITY, ref.toString());
        };
    }

    /** The entities the event itself is about. */
    static Set<EntityRef> touched(OpsState state, AppliedEvent event) {
        Set<EntityRef> touched = new TreeSet<>();
        switch (event.eventType()) {
            case OpsState.ENTITY_DECLARED, OpsState.ENTITY_RETIRED ->
                    EntityRef.parse(event.text("kind") + "/" + event.text("key"))
                            .ifPresent(touched::add);
            case SystemEvents.GATE_STATUS_CHANGED ->
                    touched.add(new EntityRef(EntityKind.GATES, event.text("gate")));
            default -> {
                if (!SystemEvents.isSystemType(event.eventType())) {
                    state.subject(event.widgetId(), event.metadata()).ifPresent(touched::add);
                }
            }
        }
        return touched;
    }

    /** The touched entities, the gates checking them, the migrations waiting for those. */
    private static Set<EntityRef> scope(OpsState state, Set<EntityRef> touched) {
        Set<EntityRef> scope = new TreeSet<>(touched);
        for (EntityRef ref : touched) {
            state.referrers(ref, "checks").stream().map(Entity::ref)
                    .filter(gate -> gate.kind() == EntityKind.GATES).forEach(scope::add);
        }
        for (EntityRef ref : List.copyOf(scope)) {
            state.referrers(ref, "gates").stream().map(Entity::ref)
                    .filter(migration -> migration.kind() == EntityKind.MIGRATIONS)
                    .forEach(scope::add);
        }
        return scope;
    }

    private static Map<EntityRef, String> answers(OpsState state, Set<EntityRef> scope) {
        Instant now = state.time();
        Map<EntityRef, String> answers = new LinkedHashMap<>();
        for (EntityRef ref : scope) {
            answer(state, ref, now).ifPresent(answer -> answers.put(ref, answer));
        }
        return answers;
    }

    private static Optional<String> answer(OpsState state, EntityRef ref, Instant now) {
        return state.entity(ref).map(entity -> switch (ref.kind()) {
            case GATES -> GateEvaluator.evaluate(entity, state, now).status().wire();
            case MIGRATIONS -> MigrationViews.one(state, ref.key(), now).toString();
            default -> entity.declaredAt() + "|" + Health.of(ref, state, now).status().wire();
        });
    }
}
