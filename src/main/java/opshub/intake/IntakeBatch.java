package opshub.intake;

import java.util.List;

/** The envelopes of one request, and whether the client sent them as an array. */
public record IntakeBatch(List<EventEnvelope> envelopes, boolean array) {
}
