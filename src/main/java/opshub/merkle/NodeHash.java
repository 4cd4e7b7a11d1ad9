package opshub.merkle;

import java.util.Arrays;
import java.util.Objects;

/**
 * A perfect-subtree node together with its hash, as the server stores it.
 * The hash is copied on the way in and out, so instances are immutable.
 */
public record NodeHash(NodeId id, byte[] hash) {

    public NodeHash {
        Objects.requireNonNull(id, "id");
        hash = Hashes.requireHash(hash, "hash of " + id);
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeHash that
                && id.equals(that.id)
                && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "NodeHash(" + id + ", " + Hashes.hex(hash) + ")";
    }
}
