package opshub.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import opshub.api.ProblemException;
import opshub.projection.OpsState;

/** The catalog's JSON answers, computed from a state at a moment. */
public final class CatalogViews {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CatalogViews() {
    }

    public static ObjectNode counts(OpsState state) {
        ObjectNode counts = JSON.objectNode();
        EntityKind.CATALOG.forEach(kind -> counts.put(kind.plural(), state.count(kind)));
        ObjectNode view = JSON.objectNode();
        view.set("counts", counts);
        return view;
    }

    public static ObjectNode list(OpsState state, EntityKind kind, Instant now) {
        ObjectNode view = JSON.objectNode();
        view.put("kind", kind.plural());
        ArrayNode items = view.putArray("items");
        state.entities(kind).forEach(e -> {
            ObjectNode item = items.addObject();
            item.put("key", e.ref().key());
            item.put("name", e.name());
            item.put("health", Health.of(e.ref(), state, now).status().wire());
        });
        return view;
    }

    public static ObjectNode entity(OpsState state, EntityRef ref, Instant now) {
        Entity entity = state.entity(ref).orElseThrow(() -> ProblemException.notFound(
                "catalog entity " + ref));
        ObjectNode view = JSON.objectNode();
        view.put("kind", ref.kind().plural());
        view.put("key", ref.key());
        view.put("name", entity.name());
        view.put("declaredAt", entity.declaredAt());
        view.set("attributes", entity.attributes());
        view.set("relations", relations(state, entity));
        Health.Verdict health = Health.of(ref, state, now);
        ObjectNode healthView = view.putObject("health");
        healthView.put("status", health.status().wire());
        health.decidedBy().ifPresent(e -> healthView.set("decidedBy",
                Health.evidenceView(e, now)));
        ArrayNode evidence = view.putArray("latestEvidence");
        state.evidence(ref).values().stream()
                .sorted(Comparator.comparing(Evidence::effectiveAt).reversed())
                .forEach(e -> evidence.add(Health.evidenceView(e, now)));
        ArrayNode widgets = view.putArray("widgets");
        state.widgetSlugs(ref).forEach(widgets::add);
        return view;
    }

    /** Outgoing relations as declared, and incoming ones from the state's index. */
    private static ObjectNode relations(OpsState state, Entity entity) {
        ObjectNode relations = JSON.objectNode();
        ObjectNode out = relations.putObject("out");
        entity.relations().forEach((name, refs) -> {
            ArrayNode list = out.putArray(name);
            refs.forEach(r -> list.add(r.toString()));
        });
        ArrayNode in = relations.putArray("in");
        state.incoming(entity.ref()).forEach(relation -> in.addObject()
                .put("relation", relation.relation())
                .put("from", relation.from().toString()));
        return relations;
    }
}
