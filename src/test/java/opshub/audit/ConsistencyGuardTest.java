package opshub.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opshub.merkle.CompactRange;
import opshub.merkle.MerkleProofs;
import opshub.merkle.NodeId;
import opshub.merkle.Rfc6962;
import org.junit.jupiter.api.Test;

/** Invariant 7 in isolation: a tree is signed only if it extends the latest checkpoint. */
class ConsistencyGuardTest {

    @Test
    void treeThatExtendsTheCheckpointIsAccepted() {
        Map<NodeId, byte[]> nodes = tree(10, -1);
        SignedCheckpoint signed = signed(6, nodes);

        assertDoesNotThrow(() -> ConsistencyGuard.requireExtends(signed, 10,
                MerkleProofs.root(10, ids -> nodes),
                MerkleProofs.consistencyProof(6, 10, ids -> nodes)));
    }

    @Test
    void treeWithAnEarlierLeafChangedIsRefused() {
        SignedCheckpoint signed = signed(6, tree(10, -1));
        Map<NodeId, byte[]> rewritten = tree(10, 3);

        InconsistentCheckpointException refused = assertThrows(
                InconsistentCheckpointException.class,
                () -> ConsistencyGuard.requireExtends(signed, 10,
                        MerkleProofs.root(10, ids -> rewritten),
                        MerkleProofs.consistencyProof(6, 10, ids -> rewritten)));
        assertTrue(refused.getMessage().contains("tree size 6"), refused.getMessage());
    }

    @Test
    void treeSmallerThanTheCheckpointIsRefused() {
        Map<NodeId, byte[]> nodes = tree(10, -1);
        SignedCheckpoint signed = signed(10, nodes);

        assertThrows(InconsistentCheckpointException.class,
                () -> ConsistencyGuard.requireExtends(signed, 8,
                        MerkleProofs.root(8, ids -> nodes), List.of()));
    }

    @Test
    void everyTreeExtendsTheEmptyCheckpoint() {
        Map<NodeId, byte[]> nodes = tree(3, -1);

        assertDoesNotThrow(() -> ConsistencyGuard.requireExtends(
                new SignedCheckpoint(0, Rfc6962.emptyRoot(), "note", Instant.now()), 3,
                MerkleProofs.root(3, ids -> nodes), List.of()));
    }

    /** Stored nodes of a tree of {@code size} leaves; leaf {@code changed} rewritten if >= 0. */
    private static Map<NodeId, byte[]> tree(int size, int changed) {
        Map<NodeId, byte[]> nodes = new HashMap<>();
        CompactRange range = CompactRange.empty();
        for (int i = 0; i < size; i++) {
            String text = i == changed ? "rewritten" : "event-" + i;
            byte[] leaf = Rfc6962.hashLeaf(text.getBytes(StandardCharsets.UTF_8));
            nodes.put(NodeId.leaf(i), leaf);
            range.append(leaf).forEach(node -> nodes.put(node.id(), node.hash()));
        }
        return nodes;
    }

    private static SignedCheckpoint signed(long size, Map<NodeId, byte[]> nodes) {
        return new SignedCheckpoint(size, MerkleProofs.root(size, ids -> nodes), "note",
                Instant.now());
    }
}
