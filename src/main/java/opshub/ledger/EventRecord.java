package opshub.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import opshub.api.JsonBodies;
import opshub.api.JsonTrees;
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
        return encode(position, body(event).bytes(), tail(recordedAt, source));
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

    /**
     * The members id, eventType, widgetId, viewContext, metadata, observedAt, and where the
     * metadata's JSON text lies among them, so that the {@code metadata} column gets the same
     * text without writing it twice.
     */
    public record Body(byte[] bytes, int metadataFrom, int metadataTo) {

        public String metadataText() {
            return new String(bytes, metadataFrom, metadataTo - metadataFrom,
                    StandardCharsets.UTF_8);
        }
    }

    static Body body(EventEnvelope event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        int from;
        int to;
        try (JsonGenerator json = JsonBodies.STRICT.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", event.id().toString());
            json.writeStringField("eventType", event.eventType());
            json.writeStringField("widgetId", event.widgetId());
            json.writeStringField("viewContext", event.viewContext());
            json.writeFieldName("metadata");
            json.flush();
            // the generator writes the ':' with the value that follows the name
            from = out.size() + 1;
            JsonTrees.write(event.metadata(), json);
            json.flush();
            to = out.size();
            json.writeStringField("observedAt", event.observedAt().toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] object = out.toByteArray();
        if (object[from - 1] != ':') {
            throw new IllegalStateException("the metadata of event " + event.id()
                    + " is not where it was written");
        }
        return new Body(Arrays.copyOfRange(object, 1, object.length - 1), from - 1, to - 1);
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
