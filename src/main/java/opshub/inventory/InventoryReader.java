package opshub.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.probe.ProbeSpec;
import opshub.widget.WidgetService;

/**
 * Reads an inventory document (see deploy/inventory/) into entity declarations and widgets.
 * The file is judged whole: every error is reported with its JSON pointer, and a file with
 * any error declares nothing. Every reference must name an entity the file declares.
 */
public final class InventoryReader {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/@-]{0,199}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, String> PLACEMENT = Map.of("hub", "ops-hub",
            "family", "vsm", "function", "OPS", "system", "S1");
    private static final Set<String> SECTIONS = Set.of("placement", "environments", "hosts",
            "clusters", "repos", "services", "datastores", "backups", "endpoints", "widgets",
            "gates", "migrations");

    private final JsonNode document;
    private final List<FieldError> errors = new ArrayList<>();
    private final Map<EntityRef, Declaration> declared = new LinkedHashMap<>();
    private final List<Reference> references = new ArrayList<>();
    private final List<WidgetSpec> widgets = new ArrayList<>();
    private final Map<String, String> probed = new LinkedHashMap<>();

    /** A reference to check once every entity is known. */
    private record Reference(String pointer, EntityRef ref) {
    }

    private InventoryReader(JsonNode document) {
        this.document = document;
    }

    public static Inventory read(JsonNode document) {
        if (!document.isObject()) {
            throw ProblemException.invalid(FieldError.of("", "an inventory is an object",
                    document.getNodeType(), "object"));
        }
        return new InventoryReader(document).readAll();
    }

    private Inventory readAll() {
        unknown(document, "", SECTIONS);
        placement();
        section("environments", EntityKind.ENVIRONMENTS, this::environment);
        section("hosts", EntityKind.HOSTS, this::host);
        section("clusters", EntityKind.CLUSTERS, this::cluster);
        section("repos", EntityKind.REPOS, (item, at, attributes, relations) -> { });
        section("datastores", EntityKind.DATASTORES, this::datastore);
        section("services", EntityKind.SERVICES, this::service);
        section("backups", EntityKind.BACKUPS, this::backup);
        section("endpoints", EntityKind.ENDPOINTS, this::endpoint);
        section("gates", EntityKind.GATES, this::gate);
        section("migrations", EntityKind.MIGRATIONS, this::migration);
        widgets();
        probedEndpointsHaveWidgets();
        references.stream().filter(r -> !declared.containsKey(r.ref()))
                .forEach(r -> errors.add(FieldError.of(r.pointer(), "names an entity the"
                        + " inventory does not declare", r.ref(), "a declared " + r.ref().kind()
                        .singular())));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Inventory(List.copyOf(declared.values()), List.copyOf(widgets));
    }

    @FunctionalInterface
    private interface ItemReader {
        void read(JsonNode item, String at, ObjectNode attributes,
                Map<String, List<EntityRef>> relations);
    }

    private void placement() {
        JsonNode placement = document.path("placement");
        PLACEMENT.forEach((field, want) -> {
            if (!want.equals(placement.path(field).asText())) {
                errors.add(FieldError.of("/placement/" + field,
                        "must place the inventory in ops-hub", placement.get(field), want));
            }
        });
    }

    private void section(String name, EntityKind kind, ItemReader reader) {
        JsonNode items = document.get(name);
        if (items == null || items.isNull()) {
            return;
        }
        if (!items.isArray()) {
            errors.add(FieldError.of("/" + name, "must be a list", items.getNodeType(), "list"));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            String at = "/" + name + "/" + i;
            JsonNode item = items.get(i);
            String key = key(item, at);
            if (key == null) {
                continue;
            }
            ObjectNode attributes = JSON.objectNode();
            Map<String, List<EntityRef>> relations = new TreeMap<>();
            reader.read(item, at, attributes, relations);
            declare(new EntityRef(kind, key), at, attributes, relations);
        }
    }

    private void declare(EntityRef ref, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        if (declared.containsKey(ref)) {
            errors.add(FieldError.of(at + "/key", "is declared twice", ref.key(), "unique keys"));
            return;
        }
        declared.put(ref, new Declaration(ref, attributes, relations));
    }

    private void environment(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "role", "state", "production", "address", "notes");
        unknown(item, at, Set.of("key", "role", "state", "production", "address", "notes"));
    }

    private void host(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "address", "role", "knownGaps");
        relate(relations, "environment", ref(item, "environment", EntityKind.ENVIRONMENTS, at,
                true));
        unknown(item, at, Set.of("key", "environment", "address", "role", "knownGaps"));
    }

    private void cluster(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "name", "role", "notes");
        relate(relations, "environment", ref(item, "environment", EntityKind.ENVIRONMENTS, at,
                true));
        relate(relations, "hosts", refs(item, "hosts", EntityKind.HOSTS, at));
        unknown(item, at, Set.of("key", "name", "environment", "hosts", "role", "notes"));
    }

    private void datastore(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "type", "location");
        relate(relations, "providedBy", ref(item, "providedBy", EntityKind.SERVICES, at, false));
        unknown(item, at, Set.of("key", "type", "location", "providedBy"));
    }

    private void service(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "name", "currentEvidence", "knownGaps");
        attributes.put("datastoresDeclared", item.has("datastores"));
        relate(relations, "ownedBy", refs(item, "repos", EntityKind.REPOS, at));
        relate(relations, "backedBy", refs(item, "datastores", EntityKind.DATASTORES, at));
        installations(item, at);
        unknown(item, at, Set.of("key", "name", "repos", "installations", "datastores",
                "currentEvidence", "knownGaps"));
    }

    /** A service deployed in an environment is an entity of its own. */
    private void installations(JsonNode service, String at) {
        JsonNode installations = service.path("installations");
        for (int i = 0; i < installations.size(); i++) {
            JsonNode item = installations.get(i);
            String here = at + "/installations/" + i;
            List<EntityRef> environment = ref(item, "environment", EntityKind.ENVIRONMENTS,
                    here, true);
            String key = service.path("key").asText() + "@"
                    + item.path("environment").asText("unknown");
            ObjectNode attributes = JSON.objectNode();
            copy(item, attributes, "namespace", "helmRelease", "appVersion", "nodePort");
            Map<String, List<EntityRef>> relations = new TreeMap<>();
            relate(relations, "service", List.of(new EntityRef(EntityKind.SERVICES,
                    service.path("key").asText())));
            relate(relations, "environment", environment);
            relate(relations, "cluster", ref(item, "cluster", EntityKind.CLUSTERS, here, false));
            relate(relations, "host", ref(item, "host", EntityKind.HOSTS, here, false));
            unknown(item, here, Set.of("environment", "cluster", "host", "namespace",
                    "helmRelease", "appVersion", "nodePort"));
            declare(new EntityRef(EntityKind.INSTALLATIONS, key), here, attributes, relations);
        }
    }

    private void backup(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "schedule", "location", "tool");
        relate(relations, "covers", refs(item, "covers", EntityKind.DATASTORES, at));
        unknown(item, at, Set.of("key", "covers", "schedule", "location", "tool"));
    }

    private void endpoint(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "url", "status", "expect", "probe");
        if (!item.path("url").isTextual()) {
            errors.add(FieldError.of(at + "/url", "is required"));
        }
        relate(relations, "exposes", ref(item, "service", EntityKind.SERVICES, at, true));
        relate(relations, "environment", ref(item, "environment", EntityKind.ENVIRONMENTS, at,
                false));
        unknown(item, at, Set.of("key", "url", "service", "environment", "status", "expect",
                "probe"));
        String key = item.path("key").asText();
        ProbeSpec.read(key, item, at, errors).ifPresent(probe -> probed.put(key, at));
    }

    /** A probe's evidence is addressed to the endpoint's widget, so it needs one. */
    private void probedEndpointsHaveWidgets() {
        Set<String> targets = new HashSet<>();
        widgets.forEach(w -> targets.add(w.target()));
        probed.forEach((key, at) -> {
            String target = new EntityRef(EntityKind.ENDPOINTS, key).toString();
            if (!targets.contains(target)) {
                errors.add(FieldError.of(at + "/probe", "a probed endpoint needs a widget"
                        + " for its evidence", null, "a widget with target " + target));
            }
        });
    }

    private void gate(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "name");
        JsonNode checks = item.path("checks");
        if (!checks.isArray() || checks.isEmpty()) {
            errors.add(FieldError.of(at + "/checks", "a gate needs at least one check"));
            return;
        }
        List<EntityRef> subjects = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            String here = at + "/checks/" + i;
            JsonNode check = checks.get(i);
            key(check, here);
            if (!check.path("eventType").isTextual()) {
                errors.add(FieldError.of(here + "/eventType", "is required"));
            }
            subjects.addAll(ref(check, "entity", EntityKind.SERVICES, here, true, true));
            GateCheckSpec.check(check, here, errors);
        }
        attributes.set("checks", checks);
        relate(relations, "checks", subjects.stream().distinct().toList());
        unknown(item, at, Set.of("key", "name", "checks"));
    }

    private void migration(JsonNode item, String at, ObjectNode attributes,
            Map<String, List<EntityRef>> relations) {
        copy(item, attributes, "name", "waves");
        relate(relations, "from", ref(item, "from", EntityKind.ENVIRONMENTS, at, true));
        relate(relations, "to", ref(item, "to", EntityKind.ENVIRONMENTS, at, true));
        List<EntityRef> gates = new ArrayList<>();
        List<EntityRef> services = new ArrayList<>();
        JsonNode waves = item.path("waves");
        for (int w = 0; w < waves.size(); w++) {
            String here = at + "/waves/" + w;
            key(waves.get(w), here);
            gates.addAll(refs(waves.get(w), "gates", EntityKind.GATES, here));
            JsonNode moves = waves.get(w).path("services");
            for (int s = 0; s < moves.size(); s++) {
                String move = here + "/services/" + s;
                services.addAll(ref(moves.get(s), "service", EntityKind.SERVICES, move, true));
                MigrationSpec.check(moves.get(s), move, errors);
            }
        }
        relate(relations, "gates", gates.stream().distinct().toList());
        relate(relations, "services", services.stream().distinct().toList());
        unknown(item, at, Set.of("key", "name", "from", "to", "waves"));
    }

    private void widgets() {
        JsonNode items = document.path("widgets");
        Set<String> slugs = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "/widgets/" + i;
            JsonNode item = items.get(i);
            List<FieldError> problems = WidgetService.check(item, at);
            String slug = item.path("slug").asText(null);
            String kind = item.path("kind").asText(null);
            String target = item.path("target").asText(null);
            errors.addAll(problems);
            if (problems.isEmpty() && !slugs.add(slug)) {
                errors.add(FieldError.of(at + "/slug", "is declared twice", slug, "unique"));
            }
            if (problems.isEmpty()) {
                EntityRef.parse(target).ifPresent(ref -> references.add(
                        new Reference(at + "/target", ref)));
                widgets.add(new WidgetSpec(slug, kind, target));
            }
        }
    }

    private String key(JsonNode item, String at) {
        JsonNode key = item.get("key");
        if (key == null || !key.isTextual() || !KEY.matcher(key.asText()).matches()) {
            errors.add(FieldError.of(at + "/key", key == null ? "is required" : "is not a key",
                    key, KEY.pattern()));
            return null;
        }
        return key.asText();
    }

    private List<EntityRef> ref(JsonNode item, String field, EntityKind kind, String at,
            boolean required) {
        return ref(item, field, kind, at, required, false);
    }

    /** {@code qualified}: the value is written kind/key rather than a key of {@code kind}. */
    private List<EntityRef> ref(JsonNode item, String field, EntityKind kind, String at,
            boolean required, boolean qualified) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(FieldError.of(at + "/" + field, "is required"));
            }
            return List.of();
        }
        EntityRef ref = qualified ? EntityRef.parse(value.asText()).orElse(null)
                : new EntityRef(kind, value.asText());
        if (ref == null) {
            errors.add(FieldError.of(at + "/" + field, "must name an entity", value,
                    "kind/key, e.g. services/gitea"));
            return List.of();
        }
        references.add(new Reference(at + "/" + field, ref));
        return List.of(ref);
    }

    private List<EntityRef> refs(JsonNode item, String field, EntityKind kind, String at) {
        JsonNode values = item.path(field);
        List<EntityRef> refs = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            EntityRef ref = new EntityRef(kind, values.get(i).asText());
            references.add(new Reference(at + "/" + field + "/" + i, ref));
            refs.add(ref);
        }
        return refs;
    }

    private static void relate(Map<String, List<EntityRef>> relations, String name,
            List<EntityRef> refs) {
        if (!refs.isEmpty()) {
            relations.put(name, List.copyOf(refs));
        }
    }

    private static void copy(JsonNode item, ObjectNode attributes, String... fields) {
        for (String field : fields) {
            if (item.hasNonNull(field)) {
                attributes.set(field, item.get(field));
            }
        }
    }

    private void unknown(JsonNode item, String at, Set<String> known) {
        for (Iterator<String> it = item.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!known.contains(field)) {
                errors.add(FieldError.of(at + "/" + field, "unknown field", field,
                        String.join(", ", new java.util.TreeSet<>(known))));
            }
        }
    }
}
