package opshub.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * An event type registered by a manifest: which widget kinds its events may target and the
 * JSON Schema (2020-12) their metadata must satisfy. {@code health}, when present, says that
 * such an event proves its entity healthy (pass) or failing (fail) for {@code freshFor}.
 */
public record EventTypeDef(String name, String description, Set<String> targets,
        JsonNode schema, Optional<Health> health, String manifest, String schemaText) {

    /** {@code schemaText}, the schema as JSON text, keys its compiled form (made once here). */
    public EventTypeDef(String name, String description, Set<String> targets, JsonNode schema,
            Optional<Health> health, String manifest) {
        this(name, description, targets, schema, health, manifest, schema.toString());
    }

    /** Every violation of the type's schema by {@code metadata}, pointers under {@code at}. */
    public java.util.List<opshub.api.FieldError> violations(JsonNode metadata, String at) {
        return MetadataSchemas.violations(schemaText, metadata, at);
    }

    public record Health(boolean pass, Duration freshFor) {
    }
}
