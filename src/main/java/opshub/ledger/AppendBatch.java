package opshub.ledger;

import java.util.List;
import opshub.intake.EventEnvelope;

/**
 * The events of one request, appended all or nothing, and the authenticated source.
 * {@code array} says whether the client sent an array, so errors point at {@code /i}.
 *
 * <p>Each event's {@link EventRecord#body} and its metadata as JSON text (for the
 * {@code jsonb} column) are encoded when the batch is made, on the caller's thread, so that
 * the ledger's single writer does not spend its time on them.
 */
public final class AppendBatch {

    private final List<EventEnvelope> events;
    private final String source;
    private final boolean array;
    private final List<byte[]> recordBodies;
    private final List<String> metadataTexts;

    public AppendBatch(List<EventEnvelope> events, String source, boolean array) {
        this.events = List.copyOf(events);
        this.source = source;
        this.array = array;
        this.recordBodies = this.events.stream().map(EventRecord::body).toList();
        this.metadataTexts = this.events.stream().map(e -> e.metadata().toString()).toList();
    }

    public List<EventEnvelope> events() {
        return events;
    }

    public String source() {
        return source;
    }

    public boolean array() {
        return array;
    }

    byte[] recordBody(int index) {
        return recordBodies.get(index);
    }

    String metadataText(int index) {
        return metadataTexts.get(index);
    }

    String pointer(int index) {
        return array ? "/" + index : "";
    }
}
