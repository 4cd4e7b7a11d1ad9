package opshub.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The frontier of an append-only RFC 6962 log: for the first {@link #size()} leaves it keeps only
 * the maximal perfect subtrees that cover them, left to right (one per set bit of the size), which
 * is enough to compute the root and to keep appending.
 *
 * <p>Every {@link #append} reports the perfect subtrees of level &gt;= 1 that the new leaf
 * completed; a store that saves each leaf hash and these nodes holds every perfect subtree of the
 * log, which is what {@link ProofPlanner} needs. Not thread-safe.
 */
public final class CompactRange {

    private long size;
    private final List<byte[]> hashes;

    private CompactRange(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    /** Returns the frontier of the empty log. */
    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /**
     * Returns the frontier of {@code size} leaves from its subtree hashes, left to right, as
     * {@link #hashes()} returned them. Requires hashes.size() == Long.bitCount(size).
     */
    public static CompactRange restore(long size, List<byte[]> hashes) {
        List<NodeId> ids = frontierNodes(size);
        if (hashes.size() != ids.size()) {
            throw new IllegalArgumentException("frontier of size " + size + " has "
                    + ids.size() + " subtrees: got " + hashes.size() + " hashes, want "
                    + ids.size());
        }

        List<byte[]> copies = new ArrayList<>(hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            copies.add(Hashes.requireHash(hashes.get(i), "hash of " + ids.get(i)));
        }
        return new CompactRange(size, copies);
    }

    /** Returns the frontier of {@code size} leaves, reading its nodes from a store at most once. */
    public static CompactRange restore(long size, NodeReader reader) {
        List<NodeId> ids = frontierNodes(size);
        Map<NodeId, byte[]> found = ids.isEmpty()
                ? Map.of()
                : reader.read(ProofPlanner.rootNodes(size));

        List<byte[]> hashes = new ArrayList<>(ids.size());
        ids.forEach(id -> hashes.add(ProofPlan.lookup(id, found)));
        return restore(size, hashes);
    }

    /** Returns the ids of the frontier nodes of {@code size} leaves, left to right. */
    public static List<NodeId> frontierNodes(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size out of range: got " + size
                    + ", want size >= 0");
        }

        return size == 0 ? List.of() : List.copyOf(ProofPlanner.coverage(0, size));
    }

    /** Returns the number of leaves appended so far. */
    public long size() {
        return size;
    }

    /** Returns copies of the frontier hashes, left to right (largest subtree first). */
    public List<byte[]> hashes() {
        List<byte[]> copies = new ArrayList<>(hashes.size());
        hashes.forEach(hash -> copies.add(hash.clone()));
        return copies;
    }

    /** Returns the frontier as ids with hashes, left to right. */
    public List<NodeHash> frontier() {
        List<NodeId> ids = frontierNodes(size);
        List<NodeHash> nodes = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            nodes.add(new NodeHash(ids.get(i), hashes.get(i)));
        }
        return nodes;
    }

    /**
     * Appends the leaf with {@code leafHash} at index {@link #size()} and returns the perfect
     * subtrees of level &gt;= 1 it completed, lowest first (empty when the new size is odd).
     */
    public List<NodeHash> append(byte[] leafHash) {
        byte[] hash = Hashes.requireHash(leafHash, "leaf hash");
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("log is full: got size " + size
                    + ", want size < " + Long.MAX_VALUE);
        }

        // Each trailing one bit of the old size is a left subtree of the same width that was
        // waiting for exactly this leaf to complete its parent.
        List<NodeHash> completed = new ArrayList<>();
        for (int level = 0; ((size >>> level) & 1) == 1; level++) {
            byte[] left = hashes.remove(hashes.size() - 1);
            hash = Rfc6962.hashChildren(left, hash);
            completed.add(new NodeHash(new NodeId(level + 1, size >>> (level + 1)), hash));
        }
        hashes.add(hash);
        size++;
        return Collections.unmodifiableList(completed);
    }

    /** Returns the RFC 6962 root of the leaves appended so far; the empty root for size 0. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return Rfc6962.emptyRoot();
        }

        // The subtrees shrink from left to right, so the root folds them from the right.
        byte[] hash = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            hash = Rfc6962.hashChildren(hashes.get(i), hash);
        }
        return hash.clone();
    }
}
