package opshub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import opshub.api.FieldError;
import opshub.api.JsonPointers;
import opshub.api.Params;
import opshub.api.ProblemException;
import opshub.api.StorableJson;

/**
 * Turns a request body into validated envelopes. Everything accepted here can be stored: text
 * without NUL or unpaired surrogates, numbers PostgreSQL's numeric can hold, bounded nesting,
 * timestamps PostgreSQL can represent. A batch is judged whole; every error names its item
 * index in the pointer ({@code /3/metadata}).
 */
public final class EnvelopeReader {

    static final Set<String> FIELDS = Set.of("id", "widgetId", "eventType", "viewContext",
            "metadata", "observedAt", "expectedVersion");
    static final String EVENT_TYPE = "[a-z0-9][a-z0-9._-]{0,99}";
    static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    static final int MAX_WIDGET_ID = 200;
    static final int MAX_VIEW_CONTEXT = 1000;
    static final int MAX_DEPTH = 32;

    private final int maxBatch;
    private final Duration maxClockSkew;

    public EnvelopeReader(int maxBatch, Duration maxClockSkew) {
        this.maxBatch = maxBatch;
        this.maxClockSkew = maxClockSkew;
    }

    /**
     * A body holding one envelope, or an array of 1 to maxBatch of them. Requires {@code now}
     * in whole microseconds, the precision PostgreSQL keeps.
     */
    public IntakeBatch read(JsonNode body, Instant now) {
        if (!body.isArray()) {
            return new IntakeBatch(List.of(readOne(body, "", now)), false);
        }
        if (body.isEmpty() || body.size() > maxBatch) {
            throw ProblemException.invalid(FieldError.of("",
                    "a batch holds 1 to " + maxBatch + " events", body.size(),
                    "1.." + maxBatch));
        }

        List<EventEnvelope> envelopes = new ArrayList<>(body.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            try {
                envelopes.add(readOne(body.get(i), "/" + i, now));
            } catch (ProblemException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new IntakeBatch(envelopes, true);
    }

    private EventEnvelope readOne(JsonNode node, String at, Instant now) {
        if (!node.isObject()) {
            throw ProblemException.invalid(FieldError.of(at,
                    "an event must be a JSON object", node.getNodeType(), "object"));
        }

        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(FieldError.of(JsonPointers.member(at, name),
                        "unknown field", name, String.join(", ", FIELDS)));
            }
        }
        Fields fields = new Fields(node, at, errors);
        UUID id = fields.uuid("id");
        String widgetId = fields.text("widgetId", true, 1, MAX_WIDGET_ID);
        String eventType = fields.eventType();
        String viewContext = fields.text("viewContext", true, 0, MAX_VIEW_CONTEXT);
        ObjectNode metadata = fields.metadata();
        Instant observedAt = fields.observedAt(now, maxClockSkew);
        Long expectedVersion = fields.expectedVersion();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }

        byte[] contentHash = ContentHash.of(eventType, widgetId, viewContext, metadata,
                node.hasNonNull("observedAt") ? observedAt : null);
        return new EventEnvelope(id != null ? id : UUID.randomUUID(), eventType, widgetId,
                viewContext, metadata, observedAt != null ? observedAt : now, expectedVersion,
                contentHash);
    }

    /** Reads single fields, collecting every error instead of stopping at the first. */
    private record Fields(JsonNode node, String at, List<FieldError> errors) {

        UUID uuid(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual() || !Params.isUuid(value.asText())) {
                errors.add(FieldError.of(pointer(name), "must be a UUID", value,
                        "8-4-4-4-12 hexadecimal digits"));
                return null;
            }
            return UUID.fromString(value.asText());
        }

        String text(String name, boolean required, int min, int max) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    errors.add(FieldError.of(pointer(name), "is required"));
                }
                return null;
            }
            if (!value.isTextual()) {
                errors.add(FieldError.of(pointer(name), "must be a string",
                        value.getNodeType(), "string"));
                return null;
            }
            String text = value.asText();
            int length = text.codePointCount(0, text.length());
            if (min > 0 && text.isBlank()) {
                errors.add(FieldError.of(pointer(name), "is blank", text, "visible text"));
                return null;
            }
            if (length < min || length > max) {
                errors.add(FieldError.of(pointer(name), "has " + length + " characters",
                        length, min + ".." + max));
                return null;
            }
            StorableJson.checkText(text, pointer(name), errors);
            return text;
        }

        String eventType() {
            String type = text("eventType", true, 1, 100);
            if (type != null && !isEventType(type)) {
                errors.add(FieldError.of(pointer("eventType"),
                        "must be lowercase letters, digits, '.', '_' or '-'", type,
                        EVENT_TYPE));
                return null;
            }
            return type;
        }

        /** {@link #EVENT_TYPE} (its length checked before), without a regular expression. */
        private static boolean isEventType(String type) {
            for (int i = 0; i < type.length(); i++) {
                char c = type.charAt(i);
                boolean allowed = c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                        || i > 0 && (c == '.' || c == '_' || c == '-');
                if (!allowed) {
                    return false;
                }
            }
            return true;
        }

        ObjectNode metadata() {
            JsonNode value = node.get("metadata");
            if (value == null || value.isNull()) {
                errors.add(FieldError.of(pointer("metadata"), "is required"));
                return null;
            }
            if (!value.isObject()) {
                errors.add(FieldError.of(pointer("metadata"), "must be a JSON object",
                        value.getNodeType(), "object"));
                return null;
            }
            StorableJson.check(value, pointer("metadata"), MAX_DEPTH, errors);
            return (ObjectNode) value;
        }

        Instant observedAt(Instant now, Duration maxClockSkew) {
            JsonNode value = node.get("observedAt");
            if (value == null || value.isNull()) {
                return null;
            }
            String want = "RFC 3339 date-time with offset, e.g. 2026-05-16T10:00:00Z";
            if (!value.isTextual() || !RFC3339.matcher(value.asText()).matches()) {
                errors.add(FieldError.of(pointer("observedAt"), "must be a timestamp",
                        value, want));
                return null;
            }

            Instant instant;
            try {
                instant = OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant().truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of(pointer("observedAt"), "is not a valid date-time",
                        value.asText(), want));
                return null;
            }
            if (value.asText().startsWith("0000")) {
                errors.add(FieldError.of(pointer("observedAt"), "year 0000 does not exist",
                        value.asText(), "a year from 0001 to 9999"));
                return null;
            }
            if (instant.isBefore(Params.EARLIEST_TIME)) {
                errors.add(FieldError.of(pointer("observedAt"), "is before "
                        + Params.EARLIEST_TIME + " in UTC (year 0000 does not exist)",
                        value.asText(), "at least " + Params.EARLIEST_TIME));
                return null;
            }
            Instant latest = now.plus(maxClockSkew);
            if (instant.isAfter(latest)) {
                errors.add(FieldError.of(pointer("observedAt"),
                        "is more than " + maxClockSkew + " in the future", value.asText(),
                        "at most " + latest));
                return null;
            }
            return instant;
        }

        Long expectedVersion() {
            JsonNode value = node.get("expectedVersion");
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
                errors.add(FieldError.of(pointer("expectedVersion"),
                        "must be a whole number of events, 0 or more", value, ">= 0"));
                return null;
            }
            return value.asLong();
        }

        private String pointer(String name) {
            return at + "/" + name;
        }
    }
}
