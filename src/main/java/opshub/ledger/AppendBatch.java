package opshub.ledger;

import java.util.List;
import opshub.intake.EventEnvelope;

/**
 * The events of one request, appended all or nothing, and the authenticated source.
 * {@code array} says whether the client sent an array, so errors point at {@code /i}.
 */
public record AppendBatch(List<EventEnvelope> events, String source, boolean array) {

    String pointer(int index) {
        return array ? "/" + index : "";
    }
}
