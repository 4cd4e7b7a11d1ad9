package opshub.verifier;

import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import opshub.merkle.Checkpoint;
import opshub.merkle.CompactRange;
import opshub.merkle.Rfc6962;

/**
 * Replays a ledger, record by record in position order, against trusted checkpoints: it
 * rebuilds the RFC 6962 tree from the recorded bytes and compares its root with each signed
 * root as the replay reaches that tree size. Give it the checkpoints ({@link #expect}), feed it
 * every record from position 1, then call {@link #finish()}; the first {@link Finding} ends
 * verification. Checkpoints may be given in instalments, each before the replay reaches them.
 *
 * <p>A root that differs at size s, when the one at size s - 1 matched, pins the change to the
 * leaf at position s ({@link FindingKind#LEAF_CHANGED}); with sparser checkpoints it can only be
 * bracketed between the last matching size and s ({@link FindingKind#ROOT_MISMATCH}).
 */
public final class HistoryVerifier {

    private final Deque<Checkpoint> pending = new ArrayDeque<>();
    private final CompactRange tree = CompactRange.empty();
    private long matchedSize;
    private long lastExpected;
    private int matched;

    /**
     * Adds checkpoints to check the replay against. Requires their signatures to be verified
     * already, and none of them smaller than the records replayed so far.
     */
    public void expect(Collection<Checkpoint> trusted) {
        List<Checkpoint> sorted = new ArrayList<>(trusted);
        sorted.sort(Comparator.comparingLong(Checkpoint::size));
        if (!sorted.isEmpty() && sorted.get(0).size() < tree.size()) {
            throw new IllegalArgumentException("checkpoint of tree size "
                    + sorted.get(0).size() + " given after " + tree.size() + " records");
        }

        pending.addAll(sorted);
        sorted.forEach(c -> lastExpected = Math.max(lastExpected, c.size()));
    }

    /**
     * Takes the record the history holds at {@code position}. {@code recordedLeafHash} is the
     * leaf hash stored beside it when there is one (the server has it, an export does not).
     */
    public Optional<Finding> accept(long position, byte[] record, byte[] recordedLeafHash) {
        Optional<Finding> before = matchCheckpoints();
        if (before.isPresent()) {
            return before;
        }
        long expected = tree.size() + 1;
        if (position != expected) {
            return Optional.of(outOfSequence(position, expected));
        }

        byte[] leaf = Rfc6962.hashLeaf(record);
        if (recordedLeafHash != null && !MessageDigest.isEqual(leaf, recordedLeafHash)) {
            return Optional.of(new Finding(FindingKind.LEAF_CHANGED, position,
                    "the record hashes to leaf " + base64(leaf) + ", but leaf "
                            + base64(recordedLeafHash) + " was recorded at append"));
        }
        tree.append(leaf);
        return matchCheckpoints();
    }

    /** Ends the replay: every checkpoint must have been reached. */
    public Optional<Finding> finish() {
        Optional<Finding> last = matchCheckpoints();
        if (last.isPresent() || pending.isEmpty()) {
            return last;
        }

        return Optional.of(new Finding(FindingKind.EVENT_MISSING, tree.size() + 1,
                "the history ends after position " + tree.size() + ", but a checkpoint signs "
                        + lastExpected + " events"));
    }

    /** The number of records replayed. */
    public long size() {
        return tree.size();
    }

    /** The largest tree size whose signed root matched. */
    public long verifiedSize() {
        return matchedSize;
    }

    /** The number of checkpoints whose signed root matched. */
    public int matchedCheckpoints() {
        return matched;
    }

    private Optional<Finding> matchCheckpoints() {
        while (!pending.isEmpty() && pending.peekFirst().size() == tree.size()) {
            Checkpoint signed = pending.peekFirst();
            byte[] root = tree.root();
            if (!MessageDigest.isEqual(root, signed.root())) {
                return Optional.of(rootMismatch(signed, root));
            }
            matchedSize = signed.size();
            matched++;
            pending.removeFirst();
        }
        return Optional.empty();
    }

    private Finding rootMismatch(Checkpoint signed, byte[] root) {
        long size = signed.size();
        String roots = "the root of the first " + size + " events is " + base64(root)
                + ", the checkpoint signs " + base64(signed.root());
        if (size == matchedSize + 1) {
            return new Finding(FindingKind.LEAF_CHANGED, size, roots + ", while the first "
                    + matchedSize + " events match their checkpoint");
        }
        return new Finding(FindingKind.ROOT_MISMATCH, matchedSize + 1, roots
                + "; the change lies in positions " + (matchedSize + 1) + ".." + size);
    }

    private static Finding outOfSequence(long position, long expected) {
        if (position > expected) {
            return new Finding(FindingKind.EVENT_MISSING, expected, "got the record of position "
                    + position + ", want position " + expected + " first");
        }
        return new Finding(FindingKind.MALFORMED, expected, "got a record of position "
                + position + " again or out of order, want position " + expected);
    }

    private static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }
}
