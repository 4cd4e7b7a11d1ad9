package opshub.merkle;

import java.util.Map;
import java.util.Set;

/**
 * Reads stored perfect-subtree hashes in one batch (for example one SQL query). The returned map
 * must hold a 32-byte hash for every requested id; extra entries are ignored.
 */
@FunctionalInterface
public interface NodeReader {

    /** Returns the hashes of {@code ids}. Never called with an empty set. */
    Map<NodeId, byte[]> read(Set<NodeId> ids);
}
