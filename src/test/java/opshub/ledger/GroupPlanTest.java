package opshub.ledger;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opshub.intake.EventEnvelope;
import opshub.merkle.Rfc6962;
import org.junit.jupiter.api.Test;

class GroupPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void positionsContinueFromHeadWithoutGaps() {
        GroupPlan plan = GroupPlan.decide(41, Map.of(), Map.of(),
                List.of(batch(event("w")), batch(event("w"), event("w"))), NOW);

        assertEquals(List.of(42L, 43L, 44L),
                plan.rows().stream().map(GroupPlan.Row::position).toList());
        assertEquals(44, plan.head());
    }

    @Test
    void failedBatchTakesNoPositionAndOthersProceed() {
        EventEnvelope stale = versioned("w", 7);
        GroupPlan plan = GroupPlan.decide(0, Map.of(), Map.of(),
                List.of(batch(event("a")), batch(event("w"), stale), batch(event("b"))), NOW);

        assertAll(
                () -> assertEquals(List.of(1L, 2L),
                        plan.rows().stream().map(GroupPlan.Row::position).toList()),
                () -> assertInstanceOf(VersionConflictException.class,
                        plan.outcomes().get(1).failure()),
                () -> assertNull(plan.outcomes().get(2).failure()));
    }

    @Test
    void storedIdWithSameContentIsDuplicateOfOriginal() {
        EventEnvelope event = event("w");
        byte[] leaf = new byte[32];
        GroupPlan.Stored stored = new GroupPlan.Stored(9, NOW.minusSeconds(60), leaf,
                event.contentHash());

        GroupPlan plan = GroupPlan.decide(20, Map.of(event.id(), stored), Map.of(),
                List.of(batch(event)), NOW);

        Receipt receipt = plan.outcomes().get(0).receipts().get(0);
        assertAll(
                () -> assertEquals(ReceiptStatus.DUPLICATE, receipt.status()),
                () -> assertEquals(9, receipt.position()),
                () -> assertEquals(NOW.minusSeconds(60), receipt.recordedAt()),
                () -> assertEquals(0, plan.rows().size()));
    }

    @Test
    void storedIdWithOtherContentIsConflict() {
        EventEnvelope event = event("w");
        GroupPlan.Stored stored = new GroupPlan.Stored(9, NOW, new byte[32], new byte[32]);

        GroupPlan plan = GroupPlan.decide(20, Map.of(event.id(), stored), Map.of(),
                List.of(batch(event)), NOW);

        assertInstanceOf(IdConflictException.class, plan.outcomes().get(0).failure());
        assertEquals(0, plan.rows().size());
    }

    @Test
    void sameIdTwiceInOneGroupIsStoredOnce() {
        EventEnvelope event = event("w");
        GroupPlan plan = GroupPlan.decide(0, Map.of(), Map.of(),
                List.of(batch(event), batch(event)), NOW);

        assertEquals(1, plan.rows().size());
        assertEquals(ReceiptStatus.DUPLICATE, plan.outcomes().get(1).receipts().get(0).status());
        assertEquals(1, plan.outcomes().get(1).receipts().get(0).position());
    }

    @Test
    void expectedVersionCountsEventsAcceptedEarlierInTheGroup() {
        GroupPlan plan = GroupPlan.decide(0, Map.of(), Map.of("w", 3L),
                List.of(batch(versioned("w", 3)), batch(versioned("w", 4))), NOW);

        assertNull(plan.outcomes().get(0).failure());
        assertNull(plan.outcomes().get(1).failure());
        assertEquals(2, plan.rows().size());
    }

    @Test
    void leafHashIsHashOfRecordedBytes() {
        GroupPlan plan = GroupPlan.decide(0, Map.of(), Map.of(), List.of(batch(event("w"))),
                NOW);

        GroupPlan.Row row = plan.rows().get(0);
        assertArrayEquals(Rfc6962.hashLeaf(row.record()), row.leafHash());
    }

    @Test
    void rowHoldsTheEventsRecordAtItsPositionAndItsMetadataText() {
        EventEnvelope event = event("w");
        GroupPlan plan = GroupPlan.decide(4, Map.of(), Map.of(), List.of(batch(event)), NOW);

        GroupPlan.Row row = plan.rows().get(0);
        assertAll(
                () -> assertArrayEquals(EventRecord.encode(5, event, NOW, "probe"),
                        row.record()),
                () -> assertEquals(event.metadata().toString(), row.metadataText()));
    }

    /** A client's id names one event: held under one id, it cannot be recorded as another. */
    @Test
    void submissionWhoseHoldHasOtherContentIsConflictNamingTheClientsId() {
        EventEnvelope event = event("w");
        UUID holdId = UUID.randomUUID();
        GroupPlan.Stored hold = new GroupPlan.Stored(5, NOW, new byte[32], new byte[32]);

        GroupPlan plan = GroupPlan.decide(20, Map.of(holdId, hold), Map.of(), List.of(
                aliased(event, new AppendBatch.Alias(holdId, false))), NOW);

        IdConflictException conflict = assertInstanceOf(IdConflictException.class,
                plan.outcomes().get(0).failure());
        assertEquals(event.id().toString(), conflict.extensions().get("id"));
        assertEquals(List.of(), plan.rows());
    }

    @Test
    void submissionHeldWithTheSameContentIsRecorded() {
        EventEnvelope event = event("w");
        UUID holdId = UUID.randomUUID();
        GroupPlan.Stored hold = new GroupPlan.Stored(5, NOW, new byte[32], event.contentHash());

        GroupPlan plan = GroupPlan.decide(20, Map.of(holdId, hold), Map.of(), List.of(
                aliased(event, new AppendBatch.Alias(holdId, false))), NOW);

        assertEquals(ReceiptStatus.RECORDED, plan.outcomes().get(0).receipts().get(0).status());
        assertEquals(21, plan.rows().get(0).position());
    }

    @Test
    void holdOfASubmissionAlreadyRecordedAnswersWithItsReceipt() {
        UUID submitted = UUID.randomUUID();
        EventEnvelope hold = event("w");
        GroupPlan.Stored recorded = new GroupPlan.Stored(7, NOW, new byte[32], hold.contentHash());

        GroupPlan plan = GroupPlan.decide(20, Map.of(submitted, recorded), Map.of(), List.of(
                aliased(hold, new AppendBatch.Alias(submitted, true))), NOW);

        Receipt receipt = plan.outcomes().get(0).receipts().get(0);
        assertAll(
                () -> assertEquals(submitted, receipt.id()),
                () -> assertEquals(7, receipt.position()),
                () -> assertEquals(ReceiptStatus.DUPLICATE, receipt.status()),
                () -> assertEquals(List.of(), plan.rows()));
    }

    /** A hold and its submission in one request with other content: no position is named. */
    @Test
    void heldAndRecordableCopiesInOneRequestAreAConflictWithinIt() {
        EventEnvelope recordable = event("w");
        EventEnvelope hold = event("x");
        AppendBatch batch = new AppendBatch(List.of(recordable, hold), "probe", true,
                List.of(new AppendBatch.Alias(hold.id(), false),
                        new AppendBatch.Alias(recordable.id(), true)));

        GroupPlan plan = GroupPlan.decide(60, Map.of(), Map.of(), List.of(batch), NOW);

        IdConflictException conflict = assertInstanceOf(IdConflictException.class,
                plan.outcomes().get(0).failure());
        assertNull(conflict.extensions().get("position"));
        assertEquals(List.of(), plan.rows());
    }

    private static AppendBatch aliased(EventEnvelope event, AppendBatch.Alias alias) {
        return new AppendBatch(List.of(event), "probe", false, List.of(alias));
    }

    private static AppendBatch batch(EventEnvelope... events) {
        return new AppendBatch(List.of(events), "probe", events.length > 1);
    }

    private static EventEnvelope event(String widget) {
        return envelope(widget, null);
    }

    private static EventEnvelope versioned(String widget, long version) {
        return envelope(widget, version);
    }

    private static EventEnvelope envelope(String widget, Long version) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("k", "v");
        UUID id = UUID.randomUUID();
        return new EventEnvelope(id, "t", widget, "ctx", metadata, NOW, version,
                Digests.sha256(id.toString().getBytes()));
    }
}
