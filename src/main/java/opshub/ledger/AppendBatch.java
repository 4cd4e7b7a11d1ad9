package opshub.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
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

    /**
     * Another id the same submission may already be stored under: a submitted event's hold
     * id, or a hold's submitted id ({@code submitted}). A client's id names one event, held
     * or recorded, so the ledger checks both under its lock.
     */
    public record Alias(UUID id, boolean submitted) {
    }

    private final List<Alias> aliases;

    public AppendBatch(List<EventEnvelope> events, String source, boolean array) {
        this(events, source, array, null);
    }

    /** {@code aliases}: one per event, null where the event has none. */
    public AppendBatch(List<EventEnvelope> events, String source, boolean array,
            List<Alias> aliases) {
        this.events = List.copyOf(events);
        this.source = source;
        this.array = array;
        this.aliases = aliases == null ? null : Collections.unmodifiableList(
                new ArrayList<>(aliases));
        List<byte[]> bodies = new ArrayList<>(this.events.size());
        List<String> texts = new ArrayList<>(this.events.size());
        for (EventEnvelope event : this.events) {
            EventRecord.Body body = EventRecord.body(event);
            bodies.add(body.bytes());
            texts.add(body.metadataText());
        }
        this.recordBodies = bodies;
        this.metadataTexts = texts;
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

    Alias alias(int index) {
        return aliases == null ? null : aliases.get(index);
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
