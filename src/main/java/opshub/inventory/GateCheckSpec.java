package opshub.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import opshub.api.FieldError;

/** Checks one readiness check definition of an inventory file. */
final class GateCheckSpec {

    static final Set<String> FIELDS = Set.of("key", "eventType", "entity", "maxAge",
            "condition");

    private GateCheckSpec() {
    }

    static void check(JsonNode check, String at, List<FieldError> errors) {
        check.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(FieldError.of(at + "/" + field, "unknown field", field,
                        String.join(", ", FIELDS)));
            }
        });
        if (check.has("maxAge")) {
            try {
                Duration.parse(check.get("maxAge").asText());
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of(at + "/maxAge", "must be an ISO-8601 duration",
                        check.get("maxAge"), "e.g. PT12H or P7D"));
            }
        }
        JsonNode condition = check.get("condition");
        if (condition != null && (!condition.path("pointer").isTextual()
                || !(condition.has("equals") || condition.has("in")
                        || condition.has("exists")))) {
            errors.add(FieldError.of(at + "/condition", "must have a pointer and one of"
                    + " equals, in, exists", condition, "{pointer: /field, equals: value}"));
        }
    }
}
