package opshub.migration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What a migration does with a service. */
public enum Disposition {
    MOVE, REPLACE, RETIRE, KEEP;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<Disposition> parse(String text) {
        return Arrays.stream(values()).filter(d -> d.wire().equals(text)).findFirst();
    }
}
