package opshub.merkle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference RFC 6962 Merkle Tree Hash written straight from section 2.1, recursion and all, with
 * its own SHA-256 calls so that it shares no code with the package under test.
 */
final class NaiveTree {

    private NaiveTree() {
    }

    /** Returns distinct leaf data for leaf {@code i}. */
    static byte[] leafData(int i) {
        return ("evidence-event-" + i).getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the leaf hashes of leaves 0..n-1. */
    static List<byte[]> leafHashes(int n) {
        List<byte[]> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hashes.add(sha256(new byte[] {0}, leafData(i)));
        }
        return hashes;
    }

    /** MTH(D[begin:end]) of RFC 6962 section 2.1. */
    static byte[] mth(List<byte[]> leafHashes, int begin, int end) {
        int n = end - begin;
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leafHashes.get(begin);
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return sha256(new byte[] {1}, mth(leafHashes, begin, begin + k),
                mth(leafHashes, begin + k, end));
    }

    static byte[] root(List<byte[]> leafHashes, int size) {
        return mth(leafHashes, 0, size);
    }

    /** Returns every perfect subtree of the first {@code size} leaves, leaves included. */
    static Map<NodeId, byte[]> perfectNodes(List<byte[]> leafHashes, int size) {
        Map<NodeId, byte[]> nodes = new HashMap<>();
        for (int level = 0; (1 << level) <= size; level++) {
            for (int index = 0; (index + 1) << level <= size; index++) {
                int begin = index << level;
                nodes.put(new NodeId(level, index),
                        mth(leafHashes, begin, begin + (1 << level)));
            }
        }
        return nodes;
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
