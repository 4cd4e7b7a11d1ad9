package opshub.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.projection.SystemEvents;
import opshub.widget.Widget;

/**
 * Reads a manifest document and checks all of it, reporting every error with its pointer:
 * the hub's VSM placement, unique type names outside the reserved namespace, known target
 * kinds, and schemas that compile as JSON Schema 2020-12.
 */
public final class ManifestReader {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,31}");
    static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    static final Map<String, String> PLACEMENT = Map.of("hub", "ops-hub", "family", "vsm",
            "function", "OPS", "system", "S1");
    private static final Set<String> FIELDS = Set.of("name", "version", "description",
            "placement", "eventTypes");
    private static final Set<String> TYPE_FIELDS = Set.of("name", "description", "targets",
            "schema", "health");

    private ManifestReader() {
    }

    public static Manifest read(JsonNode document) {
        List<FieldError> errors = new ArrayList<>();
        if (!document.isObject()) {
            throw ProblemException.invalid(FieldError.of("", "a manifest is an object",
                    document.getNodeType(), "object"));
        }
        unknownFields(document, "", FIELDS, errors);
        String name = text(document, "name", NAME, "", errors);
        String version = version(document, errors);
        placement(document.get("placement"), errors);
        List<EventTypeDef> types = eventTypes(document.get("eventTypes"), name + "@" + version,
                errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Manifest(name, version, types, (ObjectNode) document);
    }

    private static String version(JsonNode document, List<FieldError> errors) {
        JsonNode value = document.get("version");
        if (value != null && (value.isIntegralNumber() || value.isTextual())
                && VERSION.matcher(value.asText()).matches()) {
            return value.asText();
        }
        String why = value != null && value.isNumber()
                ? "must be a whole number or a string such as \"2.1\": a number with a"
                        + " fraction would lose digits such as the 0 of 2.10"
                : "must be a version such as 1 or \"2.1\"";
        errors.add(FieldError.of("/version", why, value, VERSION.pattern()));
        return null;
    }

    private static void placement(JsonNode placement, List<FieldError> errors) {
        if (placement == null || !placement.isObject()) {
            errors.add(FieldError.of("/placement", "is required", placement, PLACEMENT));
            return;
        }
        PLACEMENT.forEach((field, want) -> {
            JsonNode got = placement.get(field);
            if (got == null || !want.equals(got.asText())) {
                errors.add(FieldError.of("/placement/" + field,
                        "must place the manifest in ops-hub", got, want));
            }
        });
    }

    private static List<EventTypeDef> eventTypes(JsonNode types, String manifest,
            List<FieldError> errors) {
        if (types == null || !types.isArray() || types.isEmpty()) {
            errors.add(FieldError.of("/eventTypes", "must list at least one event type"));
            return List.of();
        }
        List<EventTypeDef> defs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String at = "/eventTypes/" + i;
            eventType(types.get(i), at, manifest, errors).ifPresent(def -> {
                if (!seen.add(def.name())) {
                    errors.add(FieldError.of(at + "/name", "is listed twice", def.name(),
                            "unique names"));
                }
                defs.add(def);
            });
        }
        return defs;
    }

    private static Optional<EventTypeDef> eventType(JsonNode type, String at, String manifest,
            List<FieldError> errors) {
        if (!type.isObject()) {
            errors.add(FieldError.of(at, "an event type is an object"));
            return Optional.empty();
        }
        int before = errors.size();
        unknownFields(type, at, TYPE_FIELDS, errors);
        String name = text(type, "name", TYPE, at, errors);
        if (name != null && SystemEvents.isSystemType(name)) {
            errors.add(FieldError.of(at + "/name", "the opshub. namespace is reserved", name,
                    "a name outside opshub."));
        }
        String description = text(type, "description", Pattern.compile("(?s).{1,2000}"), at,
                errors);
        Set<String> targets = targets(type.get("targets"), at, errors);
        JsonNode schema = schema(type.get("schema"), at, errors);
        Optional<EventTypeDef.Health> health = health(type.get("health"), at, errors);
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new EventTypeDef(name, description, targets, schema, health,
                manifest));
    }

    private static Set<String> targets(JsonNode targets, String at, List<FieldError> errors) {
        Set<String> kinds = new LinkedHashSet<>();
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            errors.add(FieldError.of(at + "/targets", "must list the widget kinds it may target"));
            return kinds;
        }
        for (int i = 0; i < targets.size(); i++) {
            String kind = targets.get(i).asText();
            if (!Widget.isKnownKind(kind)) {
                errors.add(FieldError.of(at + "/targets/" + i, "is not a widget kind", kind,
                        "environment, host, cluster, service, installation, endpoint, "
                                + "datastore, repo, backup, gate, migration or view"));
            }
            kinds.add(kind);
        }
        return kinds;
    }

    private static JsonNode schema(JsonNode schema, String at, List<FieldError> errors) {
        if (schema == null || !schema.isObject()) {
            errors.add(FieldError.of(at + "/schema", "must be a JSON Schema object"));
            return null;
        }
        JsonNode dialect = schema.get("$schema");
        if (dialect != null && !DIALECT.equals(dialect.asText())) {
            // another draft would be read with 2020-12 rules all the same
            errors.add(FieldError.of(at + "/schema/$schema", "must be JSON Schema 2020-12",
                    dialect, DIALECT));
            return null;
        }
        for (String problem : MetadataSchemas.problems(schema)) {
            errors.add(FieldError.of(at + "/schema", "is not a valid JSON Schema: " + problem));
        }
        return schema;
    }

    private static Optional<EventTypeDef.Health> health(JsonNode health, String at,
            List<FieldError> errors) {
        if (health == null) {
            return Optional.empty();
        }
        String effect = health.path("effect").asText();
        if (!effect.equals("pass") && !effect.equals("fail")) {
            errors.add(FieldError.of(at + "/health/effect", "must be pass or fail", effect,
                    "pass or fail"));
            return Optional.empty();
        }
        try {
            Duration fresh = Duration.parse(health.path("freshFor").asText("P1D"));
            if (fresh.isNegative() || fresh.isZero()) {
                errors.add(FieldError.of(at + "/health/freshFor", "must be a positive duration",
                        health.get("freshFor"), "e.g. PT1H or P2D"));
                return Optional.empty();
            }
            return Optional.of(new EventTypeDef.Health(effect.equals("pass"), fresh));
        } catch (DateTimeParseException e) {
            errors.add(FieldError.of(at + "/health/freshFor", "must be an ISO-8601 duration",
                    health.get("freshFor"), "e.g. PT1H or P2D"));
            return Optional.empty();
        }
    }

    static String text(JsonNode node, String field, Pattern pattern, String at,
            List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || !pattern.matcher(value.asText()).matches()) {
            errors.add(FieldError.of(at + "/" + field, value == null ? "is required"
                    : "is not valid", value, pattern.pattern()));
            return null;
        }
        return value.asText();
    }

    static void unknownFields(JsonNode node, String at, Set<String> known,
            List<FieldError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!known.contains(field)) {
                errors.add(FieldError.of(at + "/" + field, "unknown field", field,
                        String.join(", ", known)));
            }
        }
    }
}
