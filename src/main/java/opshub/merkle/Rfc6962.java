package opshub.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 6962 (section 2.1) hashing scheme with SHA-256.
 *
 * <p>Leaves and interior nodes are hashed with different one-byte prefixes, so the bytes of an
 * interior node can never be presented as a leaf with the same hash (second preimage
 * resistance). A tree of n &gt; 1 leaves splits at the largest power of two strictly smaller
 * than n.
 */
public final class Rfc6962 {

    /** Length in bytes of every hash this scheme produces. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    /** This thread's digest: looking one up costs more than hashing a record. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private Rfc6962() {
    }

    /** Returns SHA-256(0x00 || data), the hash of a leaf holding {@code data}. */
    public static byte[] hashLeaf(byte[] data) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(data);
        return digest.digest();
    }

    /** Returns SHA-256(0x01 || left || right), the hash of an interior node. */
    public static byte[] hashChildren(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** Returns SHA-256 of no bytes, the root of the tree with zero leaves. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /**
     * Returns the largest power of two strictly smaller than {@code size}, where an RFC 6962 tree
     * of {@code size} leaves splits into its left and right subtrees. Requires size &gt; 1.
     */
    public static long splitPoint(long size) {
        if (size < 2) {
            throw new IllegalArgumentException("size must be > 1 to split, got " + size);
        }

        return Long.highestOneBit(size - 1);
    }

    /** This thread's SHA-256 digest. Each use ends with {@code digest()}, which resets it. */
    private static MessageDigest sha256() {
        return DIGEST.get();
    }
}
