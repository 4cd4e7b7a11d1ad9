package opshub.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/** A manifest's life: registered, then active (its types are accepted), then retired. */
public enum ManifestStatus {
    REGISTERED, ACTIVE, RETIRED;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }
}
