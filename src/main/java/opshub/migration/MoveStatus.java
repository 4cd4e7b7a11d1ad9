package opshub.migration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Where one service's move stands. */
public enum MoveStatus {
    PLANNED, IN_PROGRESS, DONE, CANCELLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Optional<MoveStatus> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(text)).findFirst();
    }
}
