package opshub.ledger;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import opshub.OpsHubConfig;
import opshub.api.StoreUnavailableException;
import opshub.audit.NodeStore;
import opshub.audit.TreeMaintenance;
import opshub.intake.EventEnvelope;
import org.jboss.logging.Logger;

/**
 * The single writer of the evidence ledger, with group commit.
 *
 * <p>Requests queue up while a transaction is in flight; the next transaction takes all of
 * them (up to {@code opshub.ledger.max-group-events} events), so many requests share one
 * commit. Each transaction first takes a PostgreSQL advisory lock and only then reads the
 * head position (both in {@code evidence_ledger_lock_head()}, see the V1 migration). The lock
 * is held until commit, so the next writer, on this or any other replica, reads a head that
 * already includes every committed row: positions are gapless and
 * commit order equals position order. A receipt is handed out only after the commit returns,
 * with synchronous commit on, so an acknowledged event survives a crash.
 */
@ApplicationScoped
public class Ledger {

    private static final Logger LOG = Logger.getLogger(Ledger.class);
    private static final String INSERT = """
            INSERT INTO evidence_event (position, id, event_type, widget_id, view_context,
                metadata, observed_at, recorded_at, source, content_hash, record, leaf_hash)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[],
                $6::text[]::jsonb[], $7::timestamptz[], $8::timestamptz[], $9::text[],
                $10::bytea[], $11::bytea[], $12::bytea[])""";

    private static final String BEGIN_APPEND =
            "SELECT * FROM evidence_ledger_begin_append($1, $2)";

    private final Pool pool;
    private final int maxGroupEvents;
    private final LedgerMetrics metrics;
    private final TreeMaintenance tree;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Deque<Pending> isolated = new ArrayDeque<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final List<LongConsumer> headListeners = new CopyOnWriteArrayList<>();

    Ledger(Pool pool, OpsHubConfig config, LedgerMetrics metrics, TreeMaintenance tree) {
        this.pool = pool;
        this.maxGroupEvents = config.ledger().maxGroupEvents();
        this.metrics = metrics;
        this.tree = tree;
    }

    /** Appends one batch all or nothing; the receipts come in request order. */
    public Uni<List<Receipt>> append(AppendBatch batch) {
        Pending pending = new Pending(batch, System.nanoTime());
        queue.add(pending);
        writeNextGroup();
        return Uni.createFrom().completionStage(pending.result);
    }

    /**
     * Called with the new head position after every commit that appended events, before the
     * next group begins.
     */
    public void onAppended(LongConsumer listener) {
        headListeners.add(listener);
    }

    private void writeNextGroup() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }

        List<Pending> group = takeGroup();
        if (group.isEmpty()) {
            writing.set(false);
            // an append may have queued between takeGroup and the release
            if (!queue.isEmpty()) {
                writeNextGroup();
            }
            return;
        }
        write(group).subscribe().with(
                plan -> groupDone(group, plan),
                failure -> groupFailed(group, failure));
    }

    private List<Pending> takeGroup() {
        synchronized (isolated) {
            if (!isolated.isEmpty()) {
                return List.of(isolated.poll());
            }
        }
        List<Pending> group = new ArrayList<>();
        int events = 0;
        Pending next;
        while ((next = queue.peek()) != null
                && (group.isEmpty() || events + next.size() <= maxGroupEvents)) {
            group.add(queue.poll());
            events += next.size();
        }
        return group;
    }

    /**
     * Hands the commit to the listeners, starts the next group, and only then completes the
     * requests, so that writing their responses overlaps the next transaction. The listeners
     * run before the next group starts, as {@link #onAppended} promises.
     */
    private void groupDone(List<Pending> group, GroupPlan plan) {
        try {
            metrics.groupCommitted(plan.rows().size());
            if (!plan.rows().isEmpty()) {
                headListeners.forEach(listener -> listener.accept(plan.head()));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "reporting a group commit of %d request(s) failed", group.size());
        } finally {
            release();
        }

        List<GroupPlan.Outcome> outcomes = plan.outcomes();
        for (int i = 0; i < group.size(); i++) {
            try {
                group.get(i).complete(outcomes.get(i), metrics);
            } catch (RuntimeException e) {
                LOG.errorf(e, "completing a request of a group commit failed");
            }
        }
    }

    /**
     * A group fails as a whole. When the store is unreachable every request gets a 503; any
     * other failure is retried request by request, so one bad request cannot fail the others.
     */
    private void groupFailed(List<Pending> group, Throwable failure) {
        try {
            boolean unavailable = StoreUnavailableException.isUnavailability(failure);
            if (unavailable || group.size() == 1) {
                RuntimeException error = unavailable ? new StoreUnavailableException(failure)
                        : asRuntime(failure);
                LOG.warnf("append of %d request(s) failed: %s", group.size(),
                        failure.getMessage());
                group.forEach(p -> p.result.completeExceptionally(error));
            } else {
                synchronized (isolated) {
                    isolated.addAll(group);
                }
            }
        } finally {
            release();
        }
    }

    private void release() {
        writing.set(false);
        boolean more;
        synchronized (isolated) {
            more = !isolated.isEmpty();
        }
        if (more || !queue.isEmpty()) {
            writeNextGroup();
        }
    }

    private Uni<GroupPlan> write(List<Pending> group) {
        List<AppendBatch> batches = group.stream().map(Pending::batch).toList();
        return pool.getConnection().chain(conn -> writeInTransaction(conn, batches)
                .onFailure().call(() -> rollback(conn))
                .eventually(conn::close));
    }

    /**
     * One transaction in two round trips. {@code BEGIN} goes out together with the call that
     * takes the append lock and reads what the group depends on (V4 migration); the inserts
     * go out together with {@code COMMIT}. A statement that fails aborts the transaction, so
     * the {@code COMMIT} queued behind it ends in a rollback, and the group fails: a receipt
     * is handed out only when every statement, the commit included, has succeeded.
     */
    private Uni<GroupPlan> writeInTransaction(SqlConnection conn, List<AppendBatch> batches) {
        Uni<RowSet<Row>> begin = conn.query("BEGIN").execute();
        Uni<GroupReads> reads = conn.preparedQuery(BEGIN_APPEND).execute(readArgs(batches))
                .map(GroupReads::of);
        return allOrFirstFailure(List.of(begin, reads))
                .chain(results -> decideAndCommit(conn, (GroupReads) results.get(1), batches));
    }

    private Uni<GroupPlan> decideAndCommit(SqlConnection conn, GroupReads reads,
            List<AppendBatch> batches) {
        GroupPlan plan = GroupPlan.decide(reads.head(), reads.stored(), reads.widgetCounts(),
                batches, Instant.now().truncatedTo(ChronoUnit.MICROS));
        List<byte[]> leaves = plan.rows().stream().map(GroupPlan.Row::leafHash).toList();

        // the Merkle nodes commit with the events that complete them, under the same lock
        return tree.extend(conn, reads.head(), leaves).chain(nodes -> {
            List<Uni<?>> steps = new ArrayList<>();
            if (!plan.rows().isEmpty()) {
                steps.add(insert(conn, plan.rows()));
            }
            if (!nodes.isEmpty()) {
                steps.add(NodeStore.insert(conn, nodes));
            }
            steps.add(conn.query("COMMIT").execute());
            return allOrFirstFailure(steps).replaceWith(plan);
        });
    }

    /**
     * Subscribes to every step at once, so that their statements are pipelined on the
     * connection in list order, and waits for all of them; fails with the first failure.
     */
    private static Uni<List<Object>> allOrFirstFailure(List<Uni<?>> steps) {
        return Uni.combine().all().unis(steps).collectFailures()
                .<List<Object>>with(results -> new ArrayList<>(results))
                .onFailure(CompositeException.class)
                .transform(e -> ((CompositeException) e).getCauses().get(0));
    }

    /** Ends a failed transaction; on a broken connection there is nothing left to end. */
    private static Uni<Void> rollback(SqlConnection conn) {
        return conn.query("ROLLBACK").execute().replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** The ids of the group, and the widgets whose events carry an expected version. */
    private static Tuple readArgs(List<AppendBatch> batches) {
        Set<UUID> group = new LinkedHashSet<>();
        for (AppendBatch batch : batches) {
            for (int i = 0; i < batch.events().size(); i++) {
                group.add(batch.events().get(i).id());
                if (batch.alias(i) != null) {
                    group.add(batch.alias(i).id());
                }
            }
        }
        UUID[] ids = group.toArray(UUID[]::new);
        Set<String> widgets = new LinkedHashSet<>();
        batches.forEach(b -> b.events().stream().filter(e -> e.expectedVersion() != null)
                .forEach(e -> widgets.add(e.widgetId())));
        return Tuple.of(ids, widgets.toArray(String[]::new));
    }

    /** What {@code evidence_ledger_begin_append} read under the lock. */
    private record GroupReads(long head, Map<UUID, GroupPlan.Stored> stored,
            Map<String, Long> widgetCounts) {

        static GroupReads of(RowSet<Row> rows) {
            long head = -1;
            Map<UUID, GroupPlan.Stored> stored = new HashMap<>();
            Map<String, Long> counts = new HashMap<>();
            for (Row row : rows) {
                switch (row.getString("row_kind")) {
                    case "head" -> head = row.getLong("row_position");
                    case "stored" -> stored.put(row.getUUID("row_id"), new GroupPlan.Stored(
                            row.getLong("row_position"),
                            row.getOffsetDateTime("row_recorded_at").toInstant(),
                            row.getBuffer("row_leaf_hash").getBytes(),
                            row.getBuffer("row_content_hash").getBytes()));
                    case "widget" -> counts.put(row.getString("row_widget_id"),
                            row.getLong("row_position"));
                    default -> throw new IllegalStateException(
                            "unknown row kind " + row.getString("row_kind"));
                }
            }
            if (head < 0) {
                throw new IllegalStateException("evidence_ledger_begin_append gave no head");
            }
            return new GroupReads(head, stored, counts);
        }
    }

    private static Uni<Void> insert(SqlConnection conn, List<GroupPlan.Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        Long[] positions = new Long[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        String[] widgets = new String[n];
        String[] contexts = new String[n];
        String[] metadata = new String[n];
        OffsetDateTime[] observed = new OffsetDateTime[n];
        OffsetDateTime[] recorded = new OffsetDateTime[n];
        String[] sources = new String[n];
        Buffer[] contentHashes = new Buffer[n];
        Buffer[] records = new Buffer[n];
        Buffer[] leafHashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            GroupPlan.Row row = rows.get(i);
            EventEnvelope event = row.event();
            positions[i] = row.position();
            ids[i] = event.id();
            types[i] = event.eventType();
            widgets[i] = event.widgetId();
            contexts[i] = event.viewContext();
            metadata[i] = row.metadataText();
            observed[i] = OffsetDateTime.ofInstant(event.observedAt(), ZoneOffset.UTC);
            recorded[i] = OffsetDateTime.ofInstant(row.recordedAt(), ZoneOffset.UTC);
            sources[i] = row.source();
            contentHashes[i] = Buffer.buffer(event.contentHash());
            records[i] = Buffer.buffer(row.record());
            leafHashes[i] = Buffer.buffer(row.leafHash());
        }
        Tuple values = Tuple.tuple(List.of(positions, ids, types, widgets, contexts, metadata,
                observed, recorded, sources, contentHashes, records, leafHashes));
        return conn.preparedQuery(INSERT).execute(values).replaceWithVoid();
    }

    private static RuntimeException asRuntime(Throwable failure) {
        return failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    }

    /** One request waiting for its group to commit. */
    private record Pending(AppendBatch batch, long startedNanos,
            CompletableFuture<List<Receipt>> result) {

        Pending(AppendBatch batch, long startedNanos) {
            this(batch, startedNanos, new CompletableFuture<>());
        }

        int size() {
            return batch.events().size();
        }

        void complete(GroupPlan.Outcome outcome, LedgerMetrics metrics) {
            if (outcome.failure() != null) {
                result.completeExceptionally(outcome.failure());
                return;
            }
            metrics.batchAppended(outcome.receipts(), System.nanoTime() - startedNanos);
            result.complete(outcome.receipts());
        }
    }
}
