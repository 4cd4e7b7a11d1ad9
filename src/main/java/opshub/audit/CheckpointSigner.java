package opshub.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import opshub.OpsHubConfig;
import opshub.merkle.Checkpoint;
import opshub.merkle.NodeId;
import opshub.merkle.ProofPlanner;
import org.jboss.logging.Logger;

/**
 * Signs checkpoints of the ledger's tree. Only one replica signs at a time: each signing
 * transaction first takes a dedicated advisory lock, and the scheduler skips its turn when
 * another replica holds it. Before signing, the new tree is checked against the latest signed
 * checkpoint ({@link ConsistencyGuard}); an inconsistent tree is never signed.
 */
@ApplicationScoped
public class CheckpointSigner {

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);
    /** "opshub" in ASCII, plus one: beside the ledger's append lock, never the same. */
    static final long SIGNING_LOCK = 122528763245923L;

    private final Pool pool;
    private final CheckpointKey key;
    private final String origin;

    CheckpointSigner(Pool pool, CheckpointKey key, OpsHubConfig config) {
        this.pool = pool;
        this.key = key;
        this.origin = config.ledger().origin();
    }

    /**
     * Signs a checkpoint of the whole ledger unless the latest one already covers it. With
     * {@code now}, waits for a signing replica and signs even an empty ledger (on request);
     * without, gives way to another replica and signs only a tree that has grown (scheduler).
     * Returns the checkpoint signed, empty when none was.
     */
    public Uni<Optional<SignedCheckpoint>> sign(boolean now) {
        return pool.withTransaction(conn -> lock(conn, now).chain(locked -> locked
                        ? signLocked(conn, now)
                        : Uni.createFrom().item(Optional.<SignedCheckpoint>empty())))
                .invoke(signed -> signed.ifPresent(c -> LOG.infof(
                        "checkpoint signed [tree size %d]", c.treeSize())))
                .onFailure(InconsistentCheckpointException.class)
                .invoke(e -> LOG.error(e.getMessage()));
    }

    private static Uni<Boolean> lock(SqlConnection conn, boolean wait) {
        String sql = wait ? "SELECT pg_advisory_xact_lock($1) IS NULL"
                : "SELECT pg_try_advisory_xact_lock($1)";
        return conn.preparedQuery(sql).execute(Tuple.of(SIGNING_LOCK))
                .map(rows -> wait || rows.iterator().next().getBoolean(0));
    }

    private Uni<Optional<SignedCheckpoint>> signLocked(SqlConnection conn, boolean now) {
        return conn.query("SELECT coalesce(max(position), 0) FROM evidence_event").execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(head -> CheckpointStore.latest(conn).chain(latest -> {
                    boolean grown = latest.map(c -> c.treeSize() != head)
                            .orElse(head > 0 || now);
                    return grown ? signTree(conn, head, latest)
                            : Uni.createFrom().item(Optional.<SignedCheckpoint>empty());
                }));
    }

    private Uni<Optional<SignedCheckpoint>> signTree(SqlConnection conn, long head,
            Optional<SignedCheckpoint> latest) {
        long signedSize = latest.map(SignedCheckpoint::treeSize).orElse(0L);
        boolean grew = head >= signedSize;
        Set<NodeId> ids = new LinkedHashSet<>(ProofPlanner.rootNodes(head));
        if (grew) {
            ids.addAll(ProofPlanner.consistencyNodes(signedSize, head));
        }

        return NodeStore.read(conn, ids).chain(found -> {
            byte[] root = storedRoot(signedSize, head, found);
            List<byte[]> proof = grew ? ProofPlanner.consistencyProof(signedSize, head, found)
                    : List.of();
            latest.ifPresent(signed -> ConsistencyGuard.requireExtends(signed, head, root,
                    proof));

            String note = key.signer().sign(new Checkpoint(origin, head, root));
            SignedCheckpoint signed = new SignedCheckpoint(head, root, note,
                    Instant.now().truncatedTo(ChronoUnit.MICROS));
            return CheckpointStore.insert(conn, signed).replaceWith(Optional.of(signed));
        });
    }

    /** The root from stored nodes; a node missing from the store is a broken tree. */
    private static byte[] storedRoot(long signedSize, long head, Map<NodeId, byte[]> found) {
        try {
            return ProofPlanner.root(head, found);
        } catch (IllegalArgumentException e) {
            throw new InconsistentCheckpointException(signedSize, head,
                    "the stored tree is incomplete: " + e.getMessage());
        }
    }
}
