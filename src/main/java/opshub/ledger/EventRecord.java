package opshub.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import opshub.api.JsonBodies;
import opshub.intake.EventEnvelope;

/**
 * The exact bytes recorded for an event: one compact JSON object with the members in this
 * fixed order: position, id, eventType, widgetId, viewContext, metadata (as the client sent
 * it), observedAt, recordedAt, source. These bytes are the Merkle leaf, so they are written
 * once and never re-encoded.
 *
 * <p>A record is written in three parts so that most of it can be built before the ledger's
 * lock is taken: the {@link #body} (id to observedAt) is known at intake, the {@link #tail}
 * (recordedAt, source) once per group, and only the position is spliced in under the lock.
 */
public final class EventRecord {

    private static final byte[] HEAD = "{\"position\":".getBytes(StandardCharsets.US_ASCII);

    private EventRecord() {
    }

    public static byte[] encode(long position, EventEnvelope event, Instant recordedAt,
            String source) {
        return encode(position, body(event), tail(recordedAt, source));
    }

    /** Joins the three parts; the result equals {@link #encode(long, EventEnvelope, ...)}. */
    static byte[] encode(long position, byte[] body, byte[] tail) {
        byte[] number = Long.toString(position).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                HEAD.length + number.length + body.length + tail.length + 3);
        out.writeBytes(HEAD);
        out.writeBytes(number);
        out.write(',');
        out.writeBytes(body);
        out.write(',');
        out.writeBytes(tail);
        out.write('}');
        return out.toByteArray();
    }

    /** The members id, eventType, widgetId, viewContext, metadata, observedAt. */
    static byte[] body(EventEnvelope event) {
        return members(json -> {
            json.writeStringField("id", event.id().toString());
            json.writeStringField("eventType", event.eventType());
            json.writeStringField("widgetId", event.widgetId());
            json.writeStringField("viewContext", event.viewContext());
            json.writeFieldName("metadata");
            json.writeTree(event.metadata());
            json.writeStringField("observedAt", event.observedAt().toString());
        });
    }

    /** The members recordedAt and source. */
    static byte[] tail(Instant recordedAt, String source) {
        return members(json -> {
            json.writeStringField("recordedAt", recordedAt.toString());
            json.writeStringField("source", source);
        });
    }

    private interface Members {
        void write(JsonGenerator json) throws IOException;
    }

    /** The members as the compact generator writes them inside an object, without braces. */
    private static byte[] members(Members members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JsonBodies.STRICT.createGenerator(out)) {
            json.writeStartObject();
            members.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] object = out.toByteArray();
        return Arrays.copyOfRange(object, 1, object.length - 1);
    }
}
