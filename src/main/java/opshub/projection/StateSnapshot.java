package opshub.projection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import opshub.catalog.Entity;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.catalog.Evidence;

/**
 * Everything an {@link OpsState} holds, as one JSON document with a fixed order, so that two
 * states can be compared: a state rebuilt from position 1 must equal the live one. The
 * indexes (counts per kind, incoming relations, widgets per entity) are part of it, so an
 * index that went wrong on one path shows as a difference too.
 */
public final class StateSnapshot {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StateSnapshot() {
    }

    public static ObjectNode of(OpsState state) {
        ObjectNode snapshot = JSON.objectNode();
        snapshot.put("position", state.position());
        ObjectNode manifests = snapshot.putObject("manifests");
        state.manifests().forEach(m -> manifests.putObject(m.manifest().id())
                .put("status", m.status().wire())
                .put("registeredAt", m.registeredAt())
                .put("changedAt", m.changedAt()));
        ArrayNode types = snapshot.putArray("activeTypes");
        state.activeTypes().keySet().forEach(types::add);
        ObjectNode widgets = snapshot.putObject("widgets");
        state.widgets().forEach(w -> widgets.putObject(w.slug())
                .put("id", w.id().toString()).put("kind", w.kind()).put("target", w.target()));
        snapshot.set("entities", entities(state));
        snapshot.set("indexes", indexes(state));
        ArrayNode blocked = snapshot.putArray("blocked");
        state.blocked().forEach(b -> blocked.add(b.submissionId() + "@" + b.heldAt()));
        return snapshot;
    }

    private static ObjectNode indexes(OpsState state) {
        ObjectNode indexes = JSON.objectNode();
        ObjectNode counts = indexes.putObject("counts");
        for (EntityKind kind : EntityKind.values()) {
            counts.put(kind.plural(), state.count(kind));
        }
        ObjectNode incoming = indexes.putObject("incoming");
        new TreeMap<>(state.incomingIndex()).forEach((ref, in) -> {
            ArrayNode list = incoming.putArray(ref.toString());
            in.forEach(i -> list.add(i.from() + " " + i.relation()));
        });
        ObjectNode widgets = indexes.putObject("widgets");
        new TreeMap<>(state.widgetIndex()).forEach((ref, slugs) -> {
            ArrayNode list = widgets.putArray(ref.toString());
            slugs.forEach(list::add);
        });
        return indexes;
    }

    private static ObjectNode entities(OpsState state) {
        ObjectNode entities = JSON.objectNode();
        for (Map.Entry<EntityRef, Entity> entry : state.entities().entrySet()) {
            Entity entity = entry.getValue();
            ObjectNode node = entities.putObject(entry.getKey().toString());
            node.put("declaredAt", entity.declaredAt());
            node.set("attributes", entity.attributes());
            ObjectNode relations = node.putObject("relations");
            entity.relations().forEach((name, refs) -> {
                ArrayNode list = relations.putArray(name);
                refs.forEach(ref -> list.add(ref.toString()));
            });
            ObjectNode evidence = node.putObject("evidence");
            new TreeMap<String, Evidence>(state.evidence(entry.getKey()))
                    .forEach((type, e) -> evidence.put(type, e.position()));
        }
        return entities;
    }
}
