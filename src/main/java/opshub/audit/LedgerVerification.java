package opshub.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import opshub.merkle.Checkpoint;
import opshub.merkle.MalformedNoteException;
import opshub.merkle.NoteException;
import opshub.merkle.NoteVerifier;
import opshub.verifier.Finding;
import opshub.verifier.FindingKind;
import opshub.verifier.HistoryVerifier;

/**
 * Re-verifies the whole ledger from its recorded bytes: every event's leaf hash is recomputed
 * and compared with the one recorded at append, positions must run 1, 2, 3, ... without gaps,
 * and the tree rebuilt from the records must have the root of every signed checkpoint (whose
 * signatures are checked too). Events and checkpoints are read in pages, never all at once.
 */
@ApplicationScoped
public class LedgerVerification {

    private static final int PAGE = 1000;

    private final Pool pool;
    private final NoteVerifier key;

    LedgerVerification(Pool pool, CheckpointKey key) {
        this.pool = pool;
        this.key = key.signer().verifier();
    }

    public Uni<VerifyReport> verify() {
        return pool.query("SELECT coalesce(max(position), 0) FROM evidence_event").execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(head -> new Run(head).checkpointsAfter(-1));
    }

    /** One verification pass up to the head read at its start. */
    private final class Run {

        final long head;
        final HistoryVerifier history = new HistoryVerifier();

        Run(long head) {
            this.head = head;
        }

        /** Takes the next page of checkpoints, then replays events up to the last of them. */
        Uni<VerifyReport> checkpointsAfter(long size) {
            return CheckpointStore.after(pool, size, PAGE).chain(page -> {
                List<SignedCheckpoint> signed = page.stream()
                        .filter(c -> c.treeSize() <= head).toList();
                Optional<Finding> bad = expect(signed);
                if (bad.isPresent()) {
                    return Uni.createFrom().item(report(bad));
                }
                if (signed.isEmpty()) {
                    return eventsUpTo(head, -1);
                }
                long last = signed.get(signed.size() - 1).treeSize();
                return eventsUpTo(last, last);
            });
        }

        /** Replays events up to {@code end}; then the next checkpoints, or the end. */
        Uni<VerifyReport> eventsUpTo(long end, long checkpointSize) {
            long from = history.size();
            if (from >= end) {
                return checkpointSize < 0 ? Uni.createFrom().item(report(history.finish()))
                        : checkpointsAfter(checkpointSize);
            }

            return pool.preparedQuery("""
                            SELECT position, record, leaf_hash FROM evidence_event
                            WHERE position > $1 AND position <= $2 ORDER BY position""")
                    .execute(Tuple.of(from, Math.min(end, from + PAGE)))
                    .chain(rows -> {
                        Optional<Finding> finding = replay(rows, Math.min(end, from + PAGE));
                        return finding.isPresent() ? Uni.createFrom().item(report(finding))
                                : eventsUpTo(end, checkpointSize);
                    });
        }

        private Optional<Finding> replay(Iterable<Row> rows, long pageEnd) {
            for (Row row : rows) {
                Optional<Finding> finding = history.accept(row.getLong(0),
                        row.getBuffer(1).getBytes(), row.getBuffer(2).getBytes());
                if (finding.isPresent()) {
                    return finding;
                }
            }
            // a page that ends short has lost its last events
            return history.size() < pageEnd ? Optional.of(new Finding(FindingKind.EVENT_MISSING,
                    history.size() + 1, "no event at position " + (history.size() + 1)
                            + ", though the ledger reaches position " + head))
                    : Optional.empty();
        }

        private Optional<Finding> expect(List<SignedCheckpoint> signed) {
            List<Checkpoint> trusted = new ArrayList<>(signed.size());
            for (SignedCheckpoint checkpoint : signed) {
                try {
                    trusted.add(key.verifyCheckpoint(checkpoint.note()));
                } catch (MalformedNoteException e) {
                    return Optional.of(badNote(FindingKind.MALFORMED, checkpoint, e));
                } catch (NoteException e) {
                    return Optional.of(badNote(FindingKind.BAD_SIGNATURE, checkpoint, e));
                }
            }
            history.expect(trusted);
            return Optional.empty();
        }

        private VerifyReport report(Optional<Finding> finding) {
            return new VerifyReport(finding.isPresent() ? "failed" : "ok", head,
                    history.verifiedSize(), history.matchedCheckpoints(),
                    finding.map(VerifyReport.FindingView::of).orElse(null));
        }
    }

    private static Finding badNote(FindingKind kind, SignedCheckpoint checkpoint,
            NoteException e) {
        return new Finding(kind, 0, "the stored checkpoint of tree size "
                + checkpoint.treeSize() + " does not verify: " + e.getMessage());
    }
}
