package opshub.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import opshub.api.JsonBodies;

/**
 * Reads the ledger in position order. Because commit order equals position order, a reader
 * that asks for {@code position > after} never misses an event that commits later.
 */
@ApplicationScoped
public class LedgerReader {

    /** Upper bound of record bytes in one page of events. */
    public static final long MAX_PAGE_BYTES = 4L * 1024 * 1024;

    private final Pool pool;

    LedgerReader(Pool pool) {
        this.pool = pool;
    }

    /** Events after a position, optionally of one type and/or one widget, oldest first. */
    public Uni<List<RecordedEvent>> after(long after, int limit, String eventType,
            String widgetId) {
        StringBuilder sql = new StringBuilder(
                "SELECT position, record, leaf_hash FROM evidence_event WHERE position > $1");
        List<Object> args = new ArrayList<>(List.of(after));
        if (eventType != null) {
            args.add(eventType);
            sql.append(" AND event_type = $").append(args.size());
        }
        if (widgetId != null) {
            args.add(widgetId);
            sql.append(" AND widget_id = $").append(args.size());
        }
        args.add(limit);
        sql.append(" ORDER BY position LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.tuple(args))
                .map(LedgerReader::events);
    }

    /** A widget's events at or before {@code upTo}, newest first. */
    public Uni<List<RecordedEvent>> timeline(String widgetId, long upTo, int limit) {
        return pool.preparedQuery("""
                SELECT position, record, leaf_hash FROM evidence_event
                WHERE widget_id = $1 AND position <= $2 ORDER BY position DESC LIMIT $3""")
                .execute(Tuple.of(widgetId, upTo, limit))
                .map(LedgerReader::events);
    }

    /** Events in (after, upTo], oldest first, at most {@code limit} of them. */
    public Uni<List<RecordedEvent>> between(long after, long upTo, int limit) {
        return pool.preparedQuery("""
                SELECT position, record, leaf_hash FROM evidence_event
                WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3""")
                .execute(Tuple.of(after, upTo, limit))
                .map(LedgerReader::events);
    }

    /** The last position recorded at or before {@code time}; 0 if none. */
    public Uni<Long> positionAt(java.time.Instant time) {
        return pool.preparedQuery("""
                SELECT coalesce(max(position), 0) FROM evidence_event WHERE recorded_at <= $1""")
                .execute(Tuple.of(java.time.OffsetDateTime.ofInstant(time,
                        java.time.ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Optional<RecordedEvent>> byId(UUID id) {
        return pool.preparedQuery(
                "SELECT position, record, leaf_hash FROM evidence_event WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> events(rows).stream().findFirst());
    }

    /** The position of the last event, 0 for an empty ledger. */
    public Uni<Long> head() {
        return pool.query("SELECT coalesce(max(position), 0) FROM evidence_event").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * The rows as events; a page stops once it holds {@link #MAX_PAGE_BYTES} of records (but
     * has at least one event), so a page of large events cannot exhaust memory. Callers page
     * on from the last position returned, so nothing is skipped.
     */
    private static List<RecordedEvent> events(RowSet<Row> rows) {
        List<RecordedEvent> events = new ArrayList<>(rows.size());
        long bytes = 0;
        for (Row row : rows) {
            byte[] record = row.getBuffer("record").getBytes();
            if (!events.isEmpty() && bytes + record.length > MAX_PAGE_BYTES) {
                break;
            }
            bytes += record.length;
            events.add(new RecordedEvent(row.getLong("position"), record,
                    row.getBuffer("leaf_hash").getBytes()));
        }
        return events;
    }

    /** The recorded bytes as a JSON object, with the leaf hash added for the reader. */
    public static ObjectNode view(RecordedEvent event) {
        try {
            ObjectNode node = (ObjectNode) JsonBodies.STRICT.readTree(event.record());
            node.put("leafHash", Digests.base64(event.leafHash()));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("record at position " + event.position()
                    + " is not JSON", e);
        }
    }
}
