package opshub.projection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import opshub.catalog.Entity;
import opshub.catalog.EntityRef;
import opshub.catalog.Evidence;

/**
 * Everything an {@link OpsState} holds, as one JSON document with a fixed order, so that two
 * states can be compared: a state rebuilt from position 1 must equal the live one.
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
        ArrayNode blocked = snapshot.putArray("blocked");
        state.blocked().forEach(b -> blocked.add(b.submissionId() + "@" + b.heldAt()));
        return snapshot;
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
