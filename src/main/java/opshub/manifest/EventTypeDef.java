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
        JsonNode schema, Optional<Health> health, String manifest) {

    public record Health(boolean pass, Duration freshFor) {
    }
}
