package opshub.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import opshub.OpsHubConfig;
import opshub.ledger.Ledger;
import opshub.merkle.CompactRange;
import opshub.merkle.NodeHash;
import org.jboss.logging.Logger;

/**
 * Keeps {@code merkle_node} in step with the ledger. The ledger calls {@link #extend} inside
 * every append transaction, after the lock on the head is taken, and inserts the nodes it
 * returns with the events, so the nodes commit or roll back with the events that complete
 * them.
 *
 * <p>The frontier (the {@link CompactRange} of the committed ledger) is kept in memory so that
 * an append costs no extra read. It is trusted only when its size equals the head read under
 * the lock, and it is replaced once the ledger reports the commit of the group that extended
 * it ({@link Ledger#onAppended}). The ledger may start the next group before that report
 * arrives; that group may then extend the previous group's frontier if the event at the head
 * is that group's last event (equal leaf hashes: it committed). A rolled-back append, or an
 * append by another replica, leaves no usable frontier, and one is restored from the table.
 */
@ApplicationScoped
public class TreeMaintenance {

    private static final Logger LOG = Logger.getLogger(TreeMaintenance.class);
    private static final int CATCH_UP_PAGE = 10_000;
    /** More uncommitted groups than the ledger ever has in flight: the rest failed. */
    private static final int MAX_PENDING = 16;

    private final Pool pool;
    private final boolean enabled;
    private final Counter restores;
    private final AtomicReference<CompactRange> committed = new AtomicReference<>();
    /** Frontiers of groups whose commit is not reported yet, by the head they end at. */
    private final Map<Long, Extension> pending = new ConcurrentHashMap<>();

    /** A group's frontier and the leaf hash of its last event. */
    private record Extension(CompactRange frontier, byte[] lastLeaf) {
    }

    TreeMaintenance(Pool pool, OpsHubConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.enabled = config.ledger().treeMaintenance();
        this.restores = Counter.builder("opshub.tree.frontier.restores")
                .description("Appends that found no usable Merkle frontier in memory and read it"
                        + " back from the database: at start, after a failed append, or after"
                        + " another replica appended")
                .register(registry);
    }

    /**
     * Appends the leaves of positions head + 1, head + 2, ... to the frontier and returns the
     * perfect subtrees they complete; the caller stores them ({@link NodeStore#insert}) in the
     * same transaction as the events. Requires the caller's transaction to hold the ledger's
     * append lock, with {@code head} and {@code headLeaf}, the leaf hash of the event at the
     * head (null when there is none), read under it.
     */
    public Uni<List<NodeHash>> extend(SqlConnection conn, long head, byte[] headLeaf,
            List<byte[]> leafHashes) {
        if (!enabled || leafHashes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }

        return frontierAt(conn, head, headLeaf).map(frontier -> append(frontier, leafHashes));
    }

    /**
     * As {@link #extend}, from memory only, before the lock is taken: for a group planned on
     * the head {@code head} with the leaf {@code headLeaf}, which the caller's transaction
     * will check under the lock ({@code evidence_ledger_expect_head}). Empty when no frontier
     * of that head is known here.
     */
    public Optional<List<NodeHash>> extendKnown(long head, byte[] headLeaf,
            List<byte[]> leafHashes) {
        if (!enabled || leafHashes.isEmpty()) {
            return Optional.of(List.of());
        }
        return known(head, headLeaf).map(frontier -> append(frontier, leafHashes));
    }

    private List<NodeHash> append(CompactRange frontier, List<byte[]> leafHashes) {
        List<NodeHash> completed = new ArrayList<>();
        leafHashes.forEach(leaf -> completed.addAll(frontier.append(leaf)));
        if (pending.size() >= MAX_PENDING) {
            pending.clear();
        }
        pending.put(frontier.size(), new Extension(frontier,
                leafHashes.get(leafHashes.size() - 1)));
        return completed;
    }

    /** Brings the tree up to the ledger head at start, e.g. after an upgrade from no tree. */
    void catchUpAtStart(@Observes StartupEvent start, Ledger ledger) {
        if (!enabled) {
            LOG.warn("Merkle tree maintenance is off: proofs and checkpoints fall behind");
            return;
        }
        ledger.onAppended(this::committed);
        pool.withTransaction(conn -> conn.query("SELECT evidence_ledger_lock_head()").execute()
                        .map(rows -> rows.iterator().next().getLong(0))
                        .chain(head -> catchUp(conn, head)))
                .invoke(this::keep)
                .await().indefinitely();
    }

    /**
     * Returns the frontier of {@code head} leaves, storing every node that is missing below it
     * on the way. Requires the ledger's append lock, so that no leaf is added meanwhile.
     */
    public static Uni<CompactRange> catchUp(SqlClient client, long head) {
        return NodeStore.pairedLeaves(client).chain(paired -> {
            long stored = Math.min(head, paired + 1);
            return NodeStore.frontier(client, stored)
                    .chain(frontier -> build(client, frontier, head))
                    .invoke(frontier -> logCaughtUp(stored, head));
        });
    }

    private Uni<CompactRange> frontierAt(SqlConnection conn, long head, byte[] headLeaf) {
        Optional<CompactRange> known = known(head, headLeaf);
        if (known.isPresent()) {
            return Uni.createFrom().item(known.get());
        }

        LOG.debugf("frontier in memory is stale at head %d; restoring it", head);
        restores.increment();
        return catchUp(conn, head);
    }

    /** A copy of the frontier of {@code head} leaves, if one is known in memory. */
    private Optional<CompactRange> known(long head, byte[] headLeaf) {
        CompactRange committedFrontier = committed.get();
        if (committedFrontier != null && committedFrontier.size() == head) {
            return Optional.of(copy(committedFrontier));
        }
        Extension previous = pending.get(head);
        if (previous != null && headLeaf != null
                && Arrays.equals(previous.lastLeaf(), headLeaf)) {
            // the previous group's last event is at the head: that group committed, or will
            // have when the caller's transaction gets the lock and finds it there
            return Optional.of(copy(previous.frontier()));
        }
        return Optional.empty();
    }

    /** Appends the stored leaf hashes after the frontier up to {@code head}, page by page. */
    private static Uni<CompactRange> build(SqlClient client, CompactRange frontier, long head) {
        if (frontier.size() >= head) {
            return Uni.createFrom().item(frontier);
        }

        return client.preparedQuery("""
                        SELECT leaf_hash FROM evidence_event
                        WHERE position > $1 AND position <= $2 ORDER BY position""")
                .execute(Tuple.of(frontier.size(), Math.min(head, frontier.size() + CATCH_UP_PAGE)))
                .chain(rows -> {
                    List<NodeHash> completed = new ArrayList<>();
                    for (Row row : rows) {
                        completed.addAll(frontier.append(row.getBuffer(0).getBytes()));
                    }
                    return NodeStore.insert(client, completed);
                })
                .chain(() -> build(client, frontier, head));
    }

    /** This process's group that ended at {@code head} has committed. */
    private void committed(long head) {
        Extension extended = pending.remove(head);
        if (extended != null) {
            keep(extended.frontier());
        }
        pending.keySet().removeIf(end -> end < head);
    }

    /** Keeps the larger of two committed frontiers; commits may be reported out of order. */
    private void keep(CompactRange frontier) {
        committed.accumulateAndGet(frontier,
                (old, next) -> old == null || next.size() > old.size() ? next : old);
    }

    private static CompactRange copy(CompactRange frontier) {
        return CompactRange.restore(frontier.size(), frontier.hashes());
    }

    private static void logCaughtUp(long stored, long head) {
        if (head > stored) {
            LOG.infof("Merkle tree caught up from %d to %d leaves", stored, head);
        }
    }
}
