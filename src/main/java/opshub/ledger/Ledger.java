package opshub.ledger;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import opshub.OpsHubConfig;
import opshub.api.StoreUnavailableException;
import opshub.audit.NodeStore;
import opshub.audit.TreeMaintenance;
import opshub.intake.EventEnvelope;
import opshub.merkle.NodeHash;
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
 *
 * <p>Two groups may be in flight when the first is large enough for the second's inserts to
 * overlap it ({@link #OVERLAP_MIN_EVENTS}): the next one opens its transaction on another
 * connection and waits in PostgreSQL for the lock, which it gets the moment the first
 * commits. The lock, not this class, orders them.
 *
 * <p>A group is written in one round trip when this process knows the head it extends (the
 * end of its previous group): it is planned on that head and inserted before the lock is
 * taken, and the call that takes the lock ({@code evidence_ledger_expect_head}, V5
 * migration) refuses it unless the head is still that one and none of its events' other ids
 * (hold or submission) is stored; the unique index on {@code id} refuses a retry. A refused
 * group is planned again the long way, with the head and the stored ids read under the lock
 * (two round trips). So the lock is held only while PostgreSQL checks and commits, never
 * while it inserts or this process plans, and the database, not timing, decides.
 *
 * <p>Another writer (another replica) makes planned groups fail, and, when its group holds
 * the lock while one of ours holds a row at the same position, PostgreSQL ends the deadlock
 * by aborting one of them. Either way nothing of the aborted group is stored and it is
 * written again the long way; after such a collision this server writes the long way only,
 * for {@code opshub.ledger.replica-backoff}, so that replicas appending at once rarely
 * collide again. A request that keeps colliding gets a 503 after a few tries.
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

    /** Groups in flight at once: one committing, the next waiting for the lock. */
    static final int MAX_IN_FLIGHT = 2;
    /**
     * Events in flight from which a second group starts beside the first. Below, the first
     * group's inserts are done long before its commit, and a second group would only make
     * the requests that arrive meanwhile wait for a third commit: it is better to let them
     * queue for the next group, which starts when the first one ends.
     */
    static final int OVERLAP_MIN_EVENTS = 32;
    /** Times one request is written again after collisions before it gets a 503. */
    static final int MAX_COLLISIONS = 5;
    /** What {@code evidence_ledger_expect_head} raises when another writer moved the head. */
    private static final String HEAD_MOVED = "OH409";
    /** A planned row whose position another writer committed first. */
    private static final String POSITION_TAKEN = "evidence_event_pkey";
    /** Deadlock detected, serialization failure: another transaction won, try again. */
    private static final Set<String> COLLISIONS = Set.of("40P01", "40001");
    private static final String BEGIN_APPEND =
            "SELECT * FROM evidence_ledger_begin_append($1, $2)";
    private static final String CLAIM = "SELECT evidence_ledger_claim($1)";
    private static final String EXPECT_HEAD =
            "SELECT evidence_ledger_expect_head($1, $2, $3)";

    private final Pool pool;
    private final int maxGroupEvents;
    private final LedgerMetrics metrics;
    private final TreeMaintenance tree;
    private final long replicaBackoffNanos;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Deque<Pending> isolated = new ArrayDeque<>();
    /** Groups that must read under the lock: they start when no other group is in flight. */
    private final Deque<List<Pending>> longWay = new ArrayDeque<>();
    /**
     * The ids of the events of the groups in flight. A group that shares one with them takes
     * the long way: two transactions inserting one id wait for each other's end.
     */
    private final Set<UUID> inFlightIds = ConcurrentHashMap.newKeySet();
    /** Held by the group that is opening: from taking its requests to sending its commit. */
    private final AtomicBoolean opening = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger inFlightEvents = new AtomicInteger();
    /**
     * The head, and the leaf hash at it, that the next group may be planned on: the end of
     * the group this process planned last. Null when unknown, e.g. after a failure. Written
     * only by the opening group, or cleared.
     */
    private volatile Expected expected;
    /** Until then (System.nanoTime) every group goes the long way: another writer is active. */
    private volatile long plannedAheadPausedUntil = System.nanoTime();
    /** The end of the last group that failed: a refusal of the one planned on it is explained. */
    private volatile long lastFailedEnd = -1;
    private final List<LongConsumer> headListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<RecordedEvent>>> commitListeners =
            new CopyOnWriteArrayList<>();

    private record Expected(long head, byte[] leaf) {
    }

    Ledger(Pool pool, OpsHubConfig config, LedgerMetrics metrics, TreeMaintenance tree) {
        this.pool = pool;
        this.maxGroupEvents = config.ledger().maxGroupEvents();
        this.metrics = metrics;
        this.tree = tree;
        this.replicaBackoffNanos = config.ledger().replicaBackoff().toNanos();
    }

    /** Appends one batch all or nothing; the receipts come in request order. */
    public Uni<List<Receipt>> append(AppendBatch batch) {
        Pending pending = new Pending(batch, System.nanoTime());
        queue.add(pending);
        writeNextGroup();
        return Uni.createFrom().completionStage(pending.result);
    }

    /**
     * Called with the new head position after every commit that appended events, before its
     * requests get their receipts. Two groups may be in flight, so the calls may come out of
     * order: a listener keeps the highest head it was given.
     */
    public void onAppended(LongConsumer listener) {
        headListeners.add(listener);
    }

    /**
     * Called with the events every commit appended, in position order: the bytes just
     * written, so that this process need not read them back. Unlike {@link #onAppended}, it
     * is called after the commit's requests got their receipts (a reader of the projections
     * waits for a receipt's position with {@code minPosition}); calls may come out of order.
     */
    public void onCommitted(Consumer<List<RecordedEvent>> listener) {
        commitListeners.add(listener);
    }

    private void writeNextGroup() {
        while (opening.compareAndSet(false, true)) {
            if (startGroup()) {
                return;
            }
            opening.set(false);
            // an append or a finished group may have come between the checks and the release
            if (!canStart()) {
                return;
            }
        }
    }

    /** Whether a group could start now: requests are waiting and the writer has room. */
    private boolean canStart() {
        if (!roomForAnother()) {
            return false;
        }
        synchronized (isolated) {
            if (!longWay.isEmpty()) {
                return inFlight.get() == 0;
            }
            return !isolated.isEmpty() || !queue.isEmpty();
        }
    }

    /**
     * Takes the next group and starts it; false when none can start now. A group planned on
     * the expected head starts beside one in flight; a group that must read under the lock
     * waits until none is: it would otherwise wait, under the lock, for rows the other
     * inserted before taking it, while the other waits for the lock.
     */
    private boolean startGroup() {
        if (!roomForAnother()) {
            return false;
        }
        synchronized (isolated) {
            if (!longWay.isEmpty()) {
                if (inFlight.get() > 0) {
                    return false;
                }
                start(longWay.poll(), Optional.empty());
                return true;
            }
        }
        List<Pending> requests = takeGroup();
        if (requests.isEmpty()) {
            return false;
        }
        Optional<Planned> planned = planOnExpectedHead(batches(requests));
        if (planned.isEmpty() && inFlight.get() > 0) {
            synchronized (isolated) {
                longWay.add(requests);
            }
            return false;
        }
        start(requests, planned);
        return true;
    }

    /** None in flight, or one whose inserts take long enough for a second to overlap them. */
    private boolean roomForAnother() {
        int groups = inFlight.get();
        return groups == 0
                || groups < MAX_IN_FLIGHT && inFlightEvents.get() >= OVERLAP_MIN_EVENTS;
    }

    private void start(List<Pending> requests, Optional<Planned> planned) {
        inFlight.incrementAndGet();
        if (planned.isPresent()) {
            metrics.groupPlannedAhead();
        }
        Group writing = new Group(requests, planned);
        inFlightIds.addAll(writing.ids);
        inFlightEvents.addAndGet(writing.events);
        write(writing).subscribe().with(
                plan -> groupDone(writing, plan),
                failure -> groupFailed(writing, failure));
    }

    private static Set<UUID> eventIds(List<AppendBatch> batches) {
        Set<UUID> ids = new HashSet<>();
        batches.forEach(batch -> batch.events().forEach(event -> ids.add(event.id())));
        return ids;
    }

    private static List<AppendBatch> batches(List<Pending> requests) {
        return requests.stream().map(Pending::batch).toList();
    }

    /** The requests of one transaction, and whether it still holds the opening. */
    private final class Group {

        final List<Pending> requests;
        final Optional<Planned> planned;
        final Set<UUID> ids;
        final int events;
        /** Its {@code COMMIT} is sent: whatever fails, the transaction ends without ROLLBACK. */
        volatile boolean commitSent;
        /** The head after it, once planned; -1 before. */
        volatile long end = -1;
        private final AtomicBoolean opening = new AtomicBoolean(true);

        Group(List<Pending> requests, Optional<Planned> planned) {
            this.requests = requests;
            this.planned = planned;
            this.ids = eventIds(batches(requests));
            this.events = requests.stream().mapToInt(Pending::size).sum();
            planned.ifPresent(p -> end = p.plan().head());
        }

        boolean isOpening() {
            return opening.get();
        }

        /** Its commit is on its way, or it failed: the next group may open. */
        void opened() {
            if (opening.compareAndSet(true, false)) {
                Ledger.this.opening.set(false);
                writeNextGroup();
            }
        }
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
     * Reports the new head, lets the next group start, completes the requests, and only then
     * hands the committed events to the commit listeners: writing the responses overlaps the
     * next transaction, and applying the events to the projections delays neither.
     */
    private void groupDone(Group group, GroupPlan plan) {
        List<RecordedEvent> events = plan.rows().stream().map(row ->
                new RecordedEvent(row.position(), row.record(), row.leafHash())).toList();
        try {
            metrics.groupCommitted(events.size());
            if (!events.isEmpty()) {
                headListeners.forEach(listener -> listener.accept(plan.head()));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "reporting a group commit of %d request(s) failed",
                    group.requests.size());
        } finally {
            release(group);
        }

        List<GroupPlan.Outcome> outcomes = plan.outcomes();
        for (int i = 0; i < group.requests.size(); i++) {
            try {
                group.requests.get(i).complete(outcomes.get(i), metrics);
            } catch (RuntimeException e) {
                LOG.errorf(e, "completing a request of a group commit failed");
            }
        }
        if (!events.isEmpty()) {
            try {
                commitListeners.forEach(listener -> listener.accept(events));
            } catch (RuntimeException e) {
                LOG.errorf(e, "handing a group commit of %d event(s) on failed", events.size());
            }
        }
    }

    /**
     * A group fails as a whole and nothing of it is stored. When the store is unreachable
     * every request gets a 503. A planned group whose plan no longer held, and a group that
     * lost a collision with another writer, are written again the long way. Any other
     * failure is retried request by request, so one bad request cannot fail the others.
     */
    private void groupFailed(Group group, Throwable failure) {
        expected = null;
        try {
            PgException refusal = pgException(failure);
            boolean collided = refusal != null && COLLISIONS.contains(refusal.getSqlState());
            if (collided || headMoved(refusal) && !followsOwnFailure(group)) {
                backOff();
            }
            if (group.end >= 0) {
                lastFailedEnd = group.end;
            }
            boolean unavailable = StoreUnavailableException.isUnavailability(failure);
            if (!unavailable && group.planned.isPresent()) {
                metrics.groupPlannedAgain();
                synchronized (isolated) {
                    longWay.addFirst(group.requests);
                }
            } else if (collided) {
                writeAgainAfterCollision(group.requests, failure);
            } else if (unavailable || group.requests.size() == 1) {
                RuntimeException error = unavailable ? new StoreUnavailableException(failure)
                        : asRuntime(failure);
                LOG.warnf("append of %d request(s) failed: %s", group.requests.size(),
                        failure.getMessage());
                group.requests.forEach(p -> p.result.completeExceptionally(error));
            } else {
                synchronized (isolated) {
                    isolated.addAll(group.requests);
                }
            }
        } finally {
            release(group);
        }
    }

    /**
     * Whether the group was planned on the end of a group of this server that failed: then
     * its head moved because of that failure, not because of another writer.
     */
    private boolean followsOwnFailure(Group group) {
        return group.planned.isPresent() && group.planned.get().on().head() == lastFailedEnd;
    }

    /** Another writer appends: write the long way only, for a while. */
    private void backOff() {
        plannedAheadPausedUntil = System.nanoTime() + replicaBackoffNanos;
        metrics.replicaBackoff();
    }

    private void writeAgainAfterCollision(List<Pending> requests, Throwable failure) {
        List<Pending> again = new ArrayList<>();
        for (Pending request : requests) {
            if (request.collisions.incrementAndGet() < MAX_COLLISIONS) {
                again.add(request);
            } else {
                LOG.warnf("append gave up after %d collisions with other writers: %s",
                        MAX_COLLISIONS, failure.getMessage());
                request.result.completeExceptionally(new StoreUnavailableException(
                        "other writers kept the event store busy; nothing was recorded,"
                                + " retry later", failure));
            }
        }
        if (!again.isEmpty()) {
            synchronized (isolated) {
                longWay.addFirst(again);
            }
        }
    }

    /** Whether a planned group found its head moved: the check failed, or a row was there. */
    private static boolean headMoved(PgException refusal) {
        return refusal != null && (HEAD_MOVED.equals(refusal.getSqlState())
                || "23505".equals(refusal.getSqlState())
                        && POSITION_TAKEN.equals(refusal.getConstraint()));
    }

    private static PgException pgException(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg;
            }
        }
        return null;
    }

    private void release(Group group) {
        inFlightIds.removeAll(group.ids);
        inFlightEvents.addAndGet(-group.events);
        inFlight.decrementAndGet();
        group.opened();
        writeNextGroup();
    }

    private Uni<GroupPlan> write(Group group) {
        List<AppendBatch> batches = batches(group.requests);
        if (group.planned.isPresent()) {
            // its COMMIT is sent with it, and ends the transaction whatever happened before
            return pool.getConnection().chain(conn -> writeInOneRoundTrip(conn,
                    group.planned.get(), batches, group).eventually(conn::close));
        }
        return pool.getConnection().chain(conn -> writeInTransaction(conn, batches, group)
                .onFailure().call(() -> group.commitSent ? Uni.createFrom().voidItem()
                        : rollback(conn))
                .eventually(conn::close));
    }

    /** A group planned before the lock: the head it expects, its plan, its Merkle nodes. */
    private record Planned(Expected on, GroupPlan plan, List<NodeHash> nodes) {
    }

    /**
     * Plans the group on the head this process expects, when it knows one and the group
     * needs nothing else from the database: no expected versions (widget counts), no
     * row-less plan. Its events' other ids (a submission's hold, a hold's submission) must
     * not be stored; the database checks that under the lock.
     */
    private Optional<Planned> planOnExpectedHead(List<AppendBatch> batches) {
        Expected on = expected;
        if (on == null || System.nanoTime() - plannedAheadPausedUntil < 0
                || batches.stream().anyMatch(Ledger::needsReads)) {
            return Optional.empty();
        }
        if (eventIds(batches).stream().anyMatch(inFlightIds::contains)) {
            // a retry of an event still in flight: the long way waits for it and finds it
            return Optional.empty();
        }
        GroupPlan plan = GroupPlan.decide(on.head(), Map.of(), Map.of(), batches,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (plan.rows().isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> leaves = plan.rows().stream().map(GroupPlan.Row::leafHash).toList();
        return tree.extendKnown(on.head(), on.leaf(), leaves).map(nodes -> {
            expected = new Expected(plan.head(), leaves.get(leaves.size() - 1));
            return new Planned(on, plan, nodes);
        });
    }

    private static boolean needsReads(AppendBatch batch) {
        return batch.events().stream().anyMatch(event -> event.expectedVersion() != null);
    }

    /**
     * {@code BEGIN}, the inserts, the call that takes the lock and checks the plan, and
     * {@code COMMIT}, sent at once. The rows are inserted before the lock is taken, so that
     * PostgreSQL inserts this group while the group before it commits; they stay invisible
     * until the commit, which happens under the lock, so commit order is still position
     * order. Any refusal aborts the transaction: the {@code COMMIT} ends in a rollback and
     * nothing of the group is stored.
     */
    private Uni<GroupPlan> writeInOneRoundTrip(SqlConnection conn, Planned planned,
            List<AppendBatch> batches, Group group) {
        GroupPlan plan = planned.plan();
        List<UUID> aliasIds = new ArrayList<>();
        for (AppendBatch batch : batches) {
            for (int i = 0; i < batch.events().size(); i++) {
                if (batch.alias(i) != null) {
                    aliasIds.add(batch.alias(i).id());
                }
            }
        }
        List<Uni<?>> steps = new ArrayList<>();
        steps.add(conn.query("BEGIN").execute());
        // the next group opens once PostgreSQL holds this claim, so that it waits for this one
        steps.add(conn.preparedQuery(CLAIM).execute(Tuple.of(plan.head()))
                .invoke(claimed -> group.opened()));
        steps.add(insert(conn, plan.rows()));
        if (!planned.nodes().isEmpty()) {
            steps.add(NodeStore.insert(conn, planned.nodes()));
        }
        steps.add(conn.preparedQuery(EXPECT_HEAD).execute(Tuple.of(planned.on().head(),
                planned.on().leaf() == null ? null : Buffer.buffer(planned.on().leaf()),
                aliasIds.toArray(UUID[]::new))));
        steps.add(conn.query("COMMIT").execute());
        return send(steps).replaceWith(plan);
    }

    /** Sends the statements, pipelined: subscribing to them is what sends them. */
    private static Uni<List<Object>> send(List<Uni<?>> steps) {
        Uni<List<Object>> sent = allOrFirstFailure(steps).memoize().indefinitely();
        sent.subscribe().with(done -> { }, failure -> { });
        return sent;
    }

    /**
     * One transaction in two round trips. {@code BEGIN} goes out together with the call that
     * takes the append lock and reads what the group depends on (V4 migration); the inserts
     * go out together with {@code COMMIT}. A statement that fails aborts the transaction, so
     * the {@code COMMIT} queued behind it ends in a rollback, and the group fails: a receipt
     * is handed out only when every statement, the commit included, has succeeded.
     */
    private Uni<GroupPlan> writeInTransaction(SqlConnection conn, List<AppendBatch> batches,
            Group group) {
        Uni<RowSet<Row>> begin = conn.query("BEGIN").execute();
        Uni<GroupReads> reads = conn.preparedQuery(BEGIN_APPEND).execute(readArgs(batches))
                .map(GroupReads::of);
        return allOrFirstFailure(List.of(begin, reads)).chain(results ->
                decideAndCommit(conn, (GroupReads) results.get(1), batches, group));
    }

    /**
     * Plans the group and sends its inserts with {@code COMMIT}; once they are sent, the next
     * group may open: it will wait for the lock this transaction holds.
     */
    private Uni<GroupPlan> decideAndCommit(SqlConnection conn, GroupReads reads,
            List<AppendBatch> batches, Group group) {
        GroupPlan plan = GroupPlan.decide(reads.head(), reads.stored(), reads.widgetCounts(),
                batches, Instant.now().truncatedTo(ChronoUnit.MICROS));
        List<byte[]> leaves = plan.rows().stream().map(GroupPlan.Row::leafHash).toList();
        group.end = plan.head();
        // only the opening group may say which head the next one is planned on
        expected = !group.isOpening() ? null : new Expected(plan.head(),
                leaves.isEmpty() ? reads.headLeaf() : leaves.get(leaves.size() - 1));

        // the Merkle nodes commit with the events that complete them, under the same lock
        return tree.extend(conn, reads.head(), reads.headLeaf(), leaves).chain(nodes -> {
            List<Uni<?>> steps = new ArrayList<>();
            if (!plan.rows().isEmpty()) {
                steps.add(insert(conn, plan.rows()));
            }
            if (!nodes.isEmpty()) {
                steps.add(NodeStore.insert(conn, nodes));
            }
            steps.add(conn.query("COMMIT").execute());
            group.commitSent = true;
            Uni<List<Object>> sent = send(steps);
            // it holds the lock: the next group may open and will wait for it
            group.opened();
            return sent.replaceWith(plan);
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
    private record GroupReads(long head, byte[] headLeaf, Map<UUID, GroupPlan.Stored> stored,
            Map<String, Long> widgetCounts) {

        static GroupReads of(RowSet<Row> rows) {
            long head = -1;
            byte[] headLeaf = null;
            Map<UUID, GroupPlan.Stored> stored = new HashMap<>();
            Map<String, Long> counts = new HashMap<>();
            for (Row row : rows) {
                switch (row.getString("row_kind")) {
                    case "head" -> {
                        head = row.getLong("row_position");
                        var leaf = row.getBuffer("row_leaf_hash");
                        headLeaf = leaf == null ? null : leaf.getBytes();
                    }
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
            return new GroupReads(head, headLeaf, stored, counts);
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
            CompletableFuture<List<Receipt>> result, AtomicInteger collisions) {

        Pending(AppendBatch batch, long startedNanos) {
            this(batch, startedNanos, new CompletableFuture<>(), new AtomicInteger());
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
