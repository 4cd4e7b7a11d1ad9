package opshub.ledger;

import java.util.List;
import java.util.Map;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.api.ProblemType;

/** The widget did not have the number of events the client expected. */
public final class VersionConflictException extends ProblemException {

    /** {@code counted}: whether {@code actual} includes earlier events of the same request. */
    public VersionConflictException(String pointer, String widgetId, long expected, long actual,
            boolean counted) {
        super(ProblemType.VERSION_CONFLICT, "widget " + widgetId + " has " + actual
                + (counted ? " events counting the earlier ones of this request" : " events")
                + "; the request expected " + expected,
                List.of(FieldError.of(pointer + "/expectedVersion", "does not match",
                        expected, actual)),
                Map.of("widgetId", widgetId, "expectedVersion", expected,
                        "actualVersion", actual));
    }
}
