package opshub.readiness;

import com.fasterxml.jackson.annotation.JsonValue;

/** The state of a readiness check or gate. */
public enum CheckStatus {
    PASSED, FAILED, STALE, UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }
}
