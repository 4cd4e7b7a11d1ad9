package opshub.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import opshub.catalog.Entity;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.catalog.Evidence;
import opshub.manifest.EventTypeDef;
import opshub.manifest.Manifest;
import opshub.manifest.ManifestReader;
import opshub.manifest.ManifestStatus;
import opshub.widget.Widget;

/**
 * The operational state as the ledger describes it up to {@link #position()}: manifests and
 * active event types, widgets, declared entities, the latest evidence per entity and type,
 * blocked submissions and recorded gate status changes. It changes only by {@link #apply}, in
 * position order, so replaying the same events always yields the same state; every read
 * model (catalog, readiness, migrations, gaps) is computed from it.
 *
 * <p>Besides the entities it keeps indexes of them, maintained by the same {@code apply} and
 * so as deterministic as the entities themselves: entities by kind, incoming relations
 * (entity to the entities that refer to it) and widgets by the entity they stand for. A read
 * of one entity or of the counts then costs the size of its answer, not of the state.
 *
 * <p>Not thread-safe: {@link ProjectionEngine} guards the live instance.
 */
public final class OpsState {

    public static final String ENTITY_DECLARED = "ops-entity-declared";
    public static final String ENTITY_RETIRED = "ops-entity-retired";

    /** A manifest and where it stands. */
    public record ManifestEntry(Manifest manifest, ManifestStatus status, long registeredAt,
            long changedAt) {
    }

    /** A submission held until its event type and widget exist. */
    public record Blocked(UUID submissionId, long heldAt, Instant heldTime, ObjectNode submission,
            List<String> reasons, String source) {
    }

    /** A relation that points at an entity: {@code from} declares it under {@code relation}. */
    public record Incoming(EntityRef from, String relation) implements Comparable<Incoming> {

        @Override
        public int compareTo(Incoming other) {
            int byFrom = from.compareTo(other.from);
            return byFrom != 0 ? byFrom : relation.compareTo(other.relation);
        }
    }

    /** A recorded change of a readiness gate's status. */
    public record GateChange(long position, Instant recordedAt, String from, String to,
            ObjectNode detail) {
    }

    private long position;
    private Instant time = Instant.EPOCH;
    private final Map<String, ManifestEntry> manifests = new TreeMap<>();
    private final Map<String, EventTypeDef> activeTypes = new TreeMap<>();
    private final Map<UUID, Widget> widgets = new HashMap<>();
    private final Map<String, UUID> widgetSlugs = new TreeMap<>();
    private final Map<EntityRef, Entity> entities = new TreeMap<>();
    private final Map<EntityKind, NavigableMap<EntityRef, Entity>> byKind =
            new EnumMap<>(EntityKind.class);
    private final Map<EntityRef, NavigableSet<Incoming>> incoming = new HashMap<>();
    private final Map<EntityRef, NavigableSet<String>> widgetsByEntity = new HashMap<>();
    private final Map<EntityRef, Map<String, Evidence>> evidence = new HashMap<>();
    private final Map<UUID, Blocked> blocked = new LinkedHashMap<>();
    private final Map<String, List<GateChange>> gateChanges = new TreeMap<>();
    private long admissionChangedAt;

    /** Requires events in position order, each exactly once. */
    public void apply(AppliedEvent event) {
        position = event.position();
        time = event.recordedAt();
        switch (event.eventType()) {
            case SystemEvents.MANIFEST_REGISTERED -> registerManifest(event);
            case SystemEvents.MANIFEST_ACTIVATED -> changeManifest(event, ManifestStatus.ACTIVE);
            case SystemEvents.MANIFEST_RETIRED -> changeManifest(event, ManifestStatus.RETIRED);
            case SystemEvents.WIDGET_REGISTERED -> registerWidget(event);
            case SystemEvents.WIDGET_RETIRED -> retireWidget(event);
            case SystemEvents.SUBMISSION_BLOCKED -> hold(event);
            case SystemEvents.SUBMISSION_ADMITTED, SystemEvents.SUBMISSION_REJECTED ->
                    blocked.remove(UUID.fromString(event.text("submissionId")));
            case SystemEvents.GATE_STATUS_CHANGED -> recordGateChange(event);
            case ENTITY_DECLARED -> declare(event);
            case ENTITY_RETIRED -> EntityRef.parse(event.text("kind") + "/" + event.text("key"))
                    .ifPresent(this::retire);
            default -> recordEvidence(event);
        }
    }

    /**
     * Moves past a record that is not an event (see {@link AppliedEvent#of}): the state stays
     * as it is, so live and rebuilt states still agree.
     */
    public void skip(long skipped) {
        position = skipped;
    }

    /** Applies the record at the next position, or skips it when it is not an event. */
    public void apply(opshub.ledger.RecordedEvent record) {
        AppliedEvent.of(record).ifPresentOrElse(this::apply, () -> skip(record.position()));
    }

    public long position() {
        return position;
    }

    /** When the event at {@link #position()} was recorded. */
    public Instant time() {
        return time;
    }

    public Collection<ManifestEntry> manifests() {
        return manifests.values();
    }

    public Optional<ManifestEntry> manifest(String id) {
        return Optional.ofNullable(manifests.get(id));
    }

    public Map<String, EventTypeDef> activeTypes() {
        return activeTypes;
    }

    public Collection<Widget> widgets() {
        return widgetSlugs.values().stream().map(widgets::get).toList();
    }

    /** A widget by its id (as events carry it) or by its slug. */
    public Optional<Widget> widget(String idOrSlug) {
        UUID id = widgetSlugs.get(idOrSlug);
        if (id == null) {
            id = parseUuid(idOrSlug);
        }
        return Optional.ofNullable(id == null ? null : widgets.get(id));
    }

    public Map<EntityRef, Entity> entities() {
        return entities;
    }

    public Optional<Entity> entity(EntityRef ref) {
        return Optional.ofNullable(entities.get(ref));
    }

    /** The entities of one kind, in reference order. */
    public Collection<Entity> entities(EntityKind kind) {
        NavigableMap<EntityRef, Entity> ofKind = byKind.get(kind);
        return ofKind == null ? List.of() : Collections.unmodifiableCollection(ofKind.values());
    }

    /** How many entities of a kind are declared. */
    public int count(EntityKind kind) {
        NavigableMap<EntityRef, Entity> ofKind = byKind.get(kind);
        return ofKind == null ? 0 : ofKind.size();
    }

    /**
     * The declared relations that point at {@code ref}, ordered by the referring entity and
     * then the relation name; {@code ref} itself need not be declared.
     */
    public Collection<Incoming> incoming(EntityRef ref) {
        NavigableSet<Incoming> in = incoming.get(ref);
        return in == null ? List.of() : Collections.unmodifiableSet(in);
    }

    /** The entities that declare {@code relation} to {@code ref}, in reference order. */
    public List<Entity> referrers(EntityRef ref, String relation) {
        return incoming(ref).stream().filter(in -> in.relation().equals(relation))
                .map(in -> entities.get(in.from())).toList();
    }

    /** The slugs of the widgets that stand for an entity, in slug order. */
    public Collection<String> widgetSlugs(EntityRef ref) {
        NavigableSet<String> slugs = widgetsByEntity.get(ref);
        return slugs == null ? List.of() : Collections.unmodifiableSet(slugs);
    }

    /** The incoming-relation index as a whole, for {@link StateSnapshot}. */
    Map<EntityRef, NavigableSet<Incoming>> incomingIndex() {
        return Collections.unmodifiableMap(incoming);
    }

    /** The widgets-by-entity index as a whole, for {@link StateSnapshot}. */
    Map<EntityRef, NavigableSet<String>> widgetIndex() {
        return Collections.unmodifiableMap(widgetsByEntity);
    }

    /**
     * The position of the last event that could make a held submission admissible: a
     * manifest changing status, a widget registered or retired, a submission held. While it
     * stays the same, held submissions that were not admissible still are not.
     */
    public long admissionChangedAt() {
        return admissionChangedAt;
    }

    /** The latest evidence of each event type about an entity. */
    public Map<String, Evidence> evidence(EntityRef ref) {
        return evidence.getOrDefault(ref, Map.of());
    }

    public Collection<Blocked> blocked() {
        return blocked.values();
    }

    /** The open hold of the submission with this id, if it is held and not yet closed. */
    public Optional<Blocked> held(UUID submissionId) {
        return Optional.ofNullable(blocked.get(submissionId));
    }

    public List<GateChange> gateChanges(String gate) {
        return gateChanges.getOrDefault(gate, List.of());
    }

    public Optional<String> recordedGateStatus(String gate) {
        List<GateChange> changes = gateChanges(gate);
        return changes.isEmpty() ? Optional.empty()
                : Optional.of(changes.get(changes.size() - 1).to());
    }

    /** The entity an event is about: its metadata's {@code entity}, else its widget's target. */
    public Optional<EntityRef> subject(String widgetId, JsonNode metadata) {
        JsonNode explicit = metadata.get("entity");
        if (explicit != null && explicit.isTextual()) {
            return EntityRef.parse(explicit.asText());
        }
        return widget(widgetId).flatMap(Widget::entity);
    }

    private void registerManifest(AppliedEvent event) {
        Manifest manifest = ManifestReader.read(event.metadata().get("manifest"));
        manifests.put(manifest.id(), new ManifestEntry(manifest, ManifestStatus.REGISTERED,
                event.position(), event.position()));
    }

    private void changeManifest(AppliedEvent event, ManifestStatus status) {
        String id = event.text("manifest");
        ManifestEntry entry = manifests.get(id);
        if (entry == null) {
            return;
        }
        manifests.put(id, new ManifestEntry(entry.manifest(), status, entry.registeredAt(),
                event.position()));
        recomputeActiveTypes();
        admissionChangedAt = event.position();
    }

    /** Types of active manifests; where two define a type, the later activation wins. */
    private void recomputeActiveTypes() {
        activeTypes.clear();
        manifests.values().stream()
                .filter(m -> m.status() == ManifestStatus.ACTIVE)
                .sorted(Comparator.comparingLong(ManifestEntry::changedAt))
                .forEach(m -> m.manifest().eventTypes()
                        .forEach(type -> activeTypes.put(type.name(), type)));
    }

    private void registerWidget(AppliedEvent event) {
        UUID id = UUID.fromString(event.text("id"));
        Widget previous = widgets.get(id);
        if (previous != null) {
            forgetWidget(previous);
        }
        Widget widget = new Widget(id, event.text("slug"), event.text("kind"),
                event.text("target"), event.text("origin"),
                previous != null ? previous.registeredAt() : event.position());
        widgets.put(id, widget);
        widgetSlugs.put(widget.slug(), id);
        widget.entity().ifPresent(ref -> widgetsByEntity
                .computeIfAbsent(ref, r -> new TreeSet<>()).add(widget.slug()));
        admissionChangedAt = event.position();
    }

    private void retireWidget(AppliedEvent event) {
        Widget widget = widgets.remove(UUID.fromString(event.text("id")));
        if (widget != null) {
            forgetWidget(widget);
        }
        admissionChangedAt = event.position();
    }

    private void forgetWidget(Widget widget) {
        widgetSlugs.remove(widget.slug());
        widget.entity().ifPresent(ref -> removeFrom(widgetsByEntity, ref, widget.slug()));
    }

    private void hold(AppliedEvent event) {
        ObjectNode submission = (ObjectNode) event.metadata().get("submission");
        List<String> reasons = new ArrayList<>();
        event.metadata().path("reasons").forEach(r -> reasons.add(r.asText()));
        UUID id = UUID.fromString(submission.get("id").asText());
        blocked.putIfAbsent(id, new Blocked(id, event.position(), event.recordedAt(), submission,
                reasons, event.text("source")));
        admissionChangedAt = event.position();
    }

    private void recordGateChange(AppliedEvent event) {
        gateChanges.computeIfAbsent(event.text("gate"), g -> new ArrayList<>())
                .add(new GateChange(event.position(), event.recordedAt(), event.text("from"),
                        event.text("to"), event.metadata()));
    }

    private void declare(AppliedEvent event) {
        Optional<EntityRef> ref = EntityRef.parse(event.text("kind") + "/" + event.text("key"));
        if (ref.isEmpty()) {
            return;
        }
        Map<String, List<EntityRef>> relations = new TreeMap<>();
        event.metadata().path("relations").fields().forEachRemaining(relation -> {
            List<EntityRef> targets = new ArrayList<>();
            relation.getValue().forEach(t -> EntityRef.parse(t.asText()).ifPresent(targets::add));
            relations.put(relation.getKey(), List.copyOf(targets));
        });
        ObjectNode attributes = (ObjectNode) event.metadata().path("attributes");
        retire(ref.get());
        Entity entity = new Entity(ref.get(), attributes, relations, event.position());
        entities.put(entity.ref(), entity);
        byKind.computeIfAbsent(entity.ref().kind(), k -> new TreeMap<>())
                .put(entity.ref(), entity);
        entity.relations().forEach((name, targets) -> targets.forEach(target -> incoming
                .computeIfAbsent(target, t -> new TreeSet<>())
                .add(new Incoming(entity.ref(), name))));
    }

    /** Removes an entity and everything the indexes hold because of it. */
    private void retire(EntityRef ref) {
        Entity entity = entities.remove(ref);
        if (entity == null) {
            return;
        }
        NavigableMap<EntityRef, Entity> ofKind = byKind.get(ref.kind());
        ofKind.remove(ref);
        if (ofKind.isEmpty()) {
            byKind.remove(ref.kind());
        }
        entity.relations().forEach((name, targets) -> targets.forEach(
                target -> removeFrom(incoming, target, new Incoming(ref, name))));
    }

    /** Removes one element of an index entry, and the entry once it is empty. */
    private static <K, V> void removeFrom(Map<K, NavigableSet<V>> index, K key, V value) {
        NavigableSet<V> values = index.get(key);
        if (values != null && values.remove(value) && values.isEmpty()) {
            index.remove(key);
        }
    }

    private void recordEvidence(AppliedEvent event) {
        Optional<EntityRef> subject = subject(event.widgetId(), event.metadata());
        if (subject.isEmpty()) {
            return;
        }
        Evidence fresh = new Evidence(event.position(), event.id(), event.eventType(),
                event.observedAt(), event.recordedAt(), event.metadata());
        evidence.computeIfAbsent(subject.get(), s -> new HashMap<>())
                .merge(event.eventType(), fresh, (old, neu) -> neu.isNewerThan(old) ? neu : old);
    }

    private static UUID parseUuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
