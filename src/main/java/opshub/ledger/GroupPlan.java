package opshub.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opshub.intake.EventEnvelope;
import opshub.merkle.Rfc6962;

/**
 * Decides one group commit, without I/O: which events of which batches are new, which are
 * retries, and which batches fail. Positions continue gaplessly from the head; a failing batch
 * takes no position, so the next batch continues where the last accepted one stopped.
 *
 * <p>Requires that the caller holds the ledger's append lock, so that {@code head},
 * {@code stored} and {@code widgetCounts} cannot change until the rows are committed.
 */
final class GroupPlan {

    /** An event already in the ledger, as far as idempotency needs it. */
    record Stored(long position, Instant recordedAt, byte[] leafHash, byte[] contentHash) {
    }

    /** A row to insert. */
    record Row(long position, EventEnvelope event, String metadataText, String source,
            Instant recordedAt, byte[] record, byte[] leafHash) {
    }

    /** A batch's outcome: receipts in request order, or the failure of the whole batch. */
    record Outcome(List<Receipt> receipts, RuntimeException failure) {
    }

    private final Map<UUID, Stored> known;
    private final Map<String, Long> widgetCounts;
    private final Instant recordedAt;
    private final List<Row> rows = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private long head;

    GroupPlan(long head, Map<UUID, Stored> stored, Map<String, Long> widgetCounts,
            Instant recordedAt) {
        this.head = head;
        this.known = new HashMap<>(stored);
        this.widgetCounts = new HashMap<>(widgetCounts);
        this.recordedAt = recordedAt;
    }

    static GroupPlan decide(long head, Map<UUID, Stored> stored, Map<String, Long> widgetCounts,
            List<AppendBatch> batches, Instant recordedAt) {
        GroupPlan plan = new GroupPlan(head, stored, widgetCounts, recordedAt);
        batches.forEach(plan::add);
        return plan;
    }

    List<Row> rows() {
        return rows;
    }

    List<Outcome> outcomes() {
        return outcomes;
    }

    long head() {
        return head;
    }

    private void add(AppendBatch batch) {
        Tentative tentative = new Tentative();
        try {
            List<EventEnvelope> events = batch.events();
            byte[] tail = EventRecord.tail(recordedAt, batch.source());
            for (int i = 0; i < events.size(); i++) {
                tentative.receipts.add(admit(batch, i, tail, tentative));
            }
        } catch (IdConflictException | VersionConflictException e) {
            outcomes.add(new Outcome(null, e));
            return;
        }

        rows.addAll(tentative.rows);
        known.putAll(tentative.known);
        widgetCounts.putAll(tentative.widgetCounts);
        head += tentative.rows.size();
        outcomes.add(new Outcome(tentative.receipts, null));
    }

    private Receipt admit(AppendBatch batch, int index, byte[] tail, Tentative tentative) {
        EventEnvelope event = batch.events().get(index);
        String pointer = batch.pointer(index);
        AppendBatch.Alias alias = batch.alias(index);
        // the id the client sent: a hold's own id is derived from it
        UUID submitted = alias != null && alias.submitted() ? alias.id() : event.id();
        Stored earlier = tentative.known.getOrDefault(event.id(), known.get(event.id()));
        if (earlier != null) {
            if (!Arrays.equals(earlier.contentHash(), event.contentHash())) {
                throw tentative.known.containsKey(event.id())
                        ? IdConflictException.withinRequest(pointer, submitted)
                        : new IdConflictException(pointer, submitted, earlier.position());
            }
            return new Receipt(event.id(), earlier.position(), earlier.recordedAt(),
                    earlier.leafHash(), ReceiptStatus.DUPLICATE);
        }
        Stored other = alias == null ? null
                : tentative.known.getOrDefault(alias.id(), known.get(alias.id()));
        if (other != null) {
            if (!Arrays.equals(other.contentHash(), event.contentHash())) {
                // held and recordable in the same request: the other has no position yet
                throw tentative.known.containsKey(alias.id())
                        ? IdConflictException.withinRequest(pointer, submitted)
                        : new IdConflictException(pointer, submitted, other.position());
            }
            if (alias.submitted()) {
                // not a hold: the submission itself is recorded already
                return new Receipt(submitted, other.position(), other.recordedAt(),
                        other.leafHash(), ReceiptStatus.DUPLICATE);
            }
            // held with the same content: recorded now, its admission will be a duplicate
        }

        long count = tentative.widgetCounts.getOrDefault(event.widgetId(),
                widgetCounts.getOrDefault(event.widgetId(), 0L));
        if (event.expectedVersion() != null && event.expectedVersion() != count) {
            throw new VersionConflictException(pointer, event.widgetId(),
                    event.expectedVersion(), count,
                    tentative.widgetCounts.containsKey(event.widgetId()));
        }

        long position = head + tentative.rows.size() + 1;
        byte[] record = EventRecord.encode(position, batch.recordBody(index), tail);
        byte[] leafHash = Rfc6962.hashLeaf(record);
        tentative.rows.add(new Row(position, event, batch.metadataText(index), batch.source(),
                recordedAt, record, leafHash));
        tentative.known.put(event.id(),
                new Stored(position, recordedAt, leafHash, event.contentHash()));
        tentative.widgetCounts.put(event.widgetId(), count + 1);
        return new Receipt(event.id(), position, recordedAt, leafHash, ReceiptStatus.RECORDED);
    }

    /** What one batch would add, kept apart until the whole batch is accepted. */
    private static final class Tentative {
        final List<Row> rows = new ArrayList<>();
        final List<Receipt> receipts = new ArrayList<>();
        final Map<UUID, Stored> known = new HashMap<>();
        final Map<String, Long> widgetCounts = new HashMap<>();
    }
}
