package opshub.changes;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A projection answer changed at {@code position}: a catalog entity ({@code id}
 * {@code kind/key}, e.g. {@code endpoints/gitea-registry}), a readiness gate's status
 * ({@code id} the gate's key) or a migration's status ({@code id} the migration's key).
 */
public record Change(long position, Kind kind, String id) {

    public enum Kind {
        ENTITY, GATE, MIGRATION;

        @JsonValue
        public String wire() {
            return name().toLowerCase();
        }
    }
}
