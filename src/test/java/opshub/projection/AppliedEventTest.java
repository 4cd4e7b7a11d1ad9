package opshub.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import opshub.intake.EventEnvelope;
import opshub.ledger.EventRecord;
import opshub.ledger.RecordedEvent;
import org.junit.jupiter.api.Test;

/** Reading recorded bytes back into events, as replays and the live state do. */
class AppliedEventTest {

    @Test
    void recordWrittenByTheLedgerReadsBackFieldForField() {
        UUID id = UUID.randomUUID();
        ObjectNode metadata = SystemEvents.metadata().put("entity", "endpoints/e")
                .put("latencyMs", new BigDecimal("12.50")).put("status", 401);
        metadata.putObject("nested").putArray("list").add("x");
        Instant observed = Instant.parse("2026-05-16T10:00:00.123456Z");
        Instant recorded = Instant.parse("2026-05-16T10:00:01Z");
        byte[] record = EventRecord.encode(7, new EventEnvelope(id, "ops-endpoint-verified",
                "w", "ctx", metadata, observed, null, new byte[32]), recorded, "probe");

        AppliedEvent event = AppliedEvent.of(new RecordedEvent(7, record, null)).orElseThrow();

        assertEquals(new AppliedEvent(7, id, "ops-endpoint-verified", "w", metadata, observed,
                recorded, "probe"), event);
        assertEquals(new BigDecimal("12.50"), event.metadata().get("latencyMs").decimalValue());
    }

    @Test
    void recordsThatAreNotEventsAreRefused() {
        for (String text : List.of("", "[]", "{\"id\":\"x\"}", "not json",
                "{\"id\":{\"a\":1},\"eventType\":\"t\",\"widgetId\":\"w\",\"metadata\":{},"
                        + "\"observedAt\":\"2026-05-16T10:00:00Z\","
                        + "\"recordedAt\":\"2026-05-16T10:00:00Z\",\"source\":\"s\"}",
                "{\"id\":\"" + UUID.randomUUID() + "\",\"eventType\":\"t\",\"widgetId\":\"w\","
                        + "\"metadata\":[],\"observedAt\":\"2026-05-16T10:00:00Z\","
                        + "\"recordedAt\":\"2026-05-16T10:00:00Z\",\"source\":\"s\"}")) {
            RecordedEvent record = new RecordedEvent(1, text.getBytes(StandardCharsets.UTF_8),
                    null);
            assertTrue(AppliedEvent.of(record).isEmpty(), text);
        }
    }

    @Test
    void recordTimesEqualInstantParse() {
        for (String text : List.of("2026-05-16T10:00:00Z", "2026-05-16T10:00:00.1Z",
                "2026-05-16T10:00:00.120Z", "2026-05-16T10:00:00.123456Z",
                "2026-05-16T23:59:59.999999999Z", "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.5Z", "2024-02-29T12:00:00Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.000001Z", "+10000-01-01T00:00:00Z",
                "2026-05-16T10:00:00.12345678Z", "2026-05-16T24:00:00Z",
                "2016-12-31T23:59:60Z")) {
            assertEquals(Instant.parse(text), RecordTimes.parse(text), text);
        }
    }

    @Test
    void recordTimesAgreeWithInstantParseOnOddText() {
        for (String text : List.of("2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z",
                "2026-05-16T10:00:00.Z", "2026-05-16T10:00:00", "2026-05-16 10:00:00Z",
                "2026-05-16T10:0a:00Z", "2026-05-16T10:00:00.1234567890Z",
                "0000-01-01T00:00:00Z", "2026-05-16t10:00:00z", "2026-05-16T10:00:00+01:00")) {
            assertEquals(outcome(() -> Instant.parse(text)),
                    outcome(() -> RecordTimes.parse(text)), text);
        }
    }

    /** The instant, or the name of the exception instead. */
    private static String outcome(java.util.function.Supplier<Instant> parse) {
        try {
            return parse.get().toString();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
