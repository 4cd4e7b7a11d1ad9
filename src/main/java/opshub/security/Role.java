package opshub.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. Probes only append; readers read projections and events; auditors
 * also export and fetch proofs; admins may do everything.
 */
public enum Role {
    PROBE, READER, AUDITOR, ADMIN;

    /** True when a caller with this role may call an endpoint that requires {@code needed}. */
    public boolean permits(Role needed) {
        return switch (needed) {
            case PROBE -> this == PROBE || this == ADMIN;
            case READER -> this == READER || this == AUDITOR || this == ADMIN;
            case AUDITOR -> this == AUDITOR || this == ADMIN;
            case ADMIN -> this == ADMIN;
        };
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.wire().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
