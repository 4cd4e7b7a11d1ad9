package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

    private static final int MAX_SIZE = 200;
    private static final List<byte[]> LEAVES = NaiveTree.leafHashes(MAX_SIZE);

    @Test
    void rootEqualsNaiveRootAfterEveryAppend() {
        CompactRange range = CompactRange.empty();
        assertArrayEquals(Rfc6962.emptyRoot(), range.root(), "size 0");

        for (int size = 1; size <= MAX_SIZE; size++) {
            range.append(LEAVES.get(size - 1));

            assertEquals(size, range.size());
            assertArrayEquals(NaiveTree.root(LEAVES, size), range.root(), "size " + size);
        }
    }

    @Test
    void emittedNodesAreExactlyThePerfectSubtreesAboveTheLeaves() {
        for (int size = 0; size <= MAX_SIZE; size++) {
            Map<NodeId, byte[]> want = NaiveTree.perfectNodes(LEAVES, size);
            want.keySet().removeIf(id -> id.level() == 0);

            Map<NodeId, byte[]> emitted = appendAll(CompactRange.empty(), 0, size);

            assertNodesEqual(want, emitted);
        }
    }

    @Test
    void appendReportsNodesCompletedByThisLeafLowestFirst() {
        CompactRange range = CompactRange.restore(7, appended(7).hashes());

        List<NodeHash> completed = range.append(LEAVES.get(7));

        assertEquals(List.of(new NodeId(1, 3), new NodeId(2, 1), new NodeId(3, 0)),
                completed.stream().map(NodeHash::id).toList());
        assertArrayEquals(NaiveTree.root(LEAVES, 8), completed.get(2).hash());
    }

    @Test
    void restoredFrontierContinuesWithTheSameRoots() {
        for (int start = 0; start <= MAX_SIZE; start += 7) {
            CompactRange restored = CompactRange.restore(start, appended(start).hashes());

            for (int size = start + 1; size <= MAX_SIZE; size++) {
                restored.append(LEAVES.get(size - 1));
                assertArrayEquals(NaiveTree.root(LEAVES, size), restored.root(),
                        "restored at " + start + ", size " + size);
            }
        }
    }

    @Test
    void restoreFromNodeStoreReadsTheFrontierOnce() {
        Map<NodeId, byte[]> store = NaiveTree.perfectNodes(LEAVES, 100);
        List<NodeId> requested = new ArrayList<>();

        CompactRange restored = CompactRange.restore(100, ids -> {
            requested.addAll(ids);
            return store;
        });

        assertEquals(List.of(new NodeId(6, 0), new NodeId(5, 2), new NodeId(2, 24)), requested);
        assertArrayEquals(NaiveTree.root(LEAVES, 100), restored.root());
    }

    @Test
    void frontierNamesTheNodesItHolds() {
        CompactRange range = appended(13);

        List<NodeHash> frontier = range.frontier();

        assertEquals(CompactRange.frontierNodes(13),
                frontier.stream().map(NodeHash::id).toList());
        Map<NodeId, byte[]> perfect = NaiveTree.perfectNodes(LEAVES, 13);
        frontier.forEach(node -> assertArrayEquals(perfect.get(node.id()), node.hash()));
    }

    @Test
    void restoreRejectsWrongNumberOfHashes() {
        List<byte[]> two = List.of(new byte[32], new byte[32]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompactRange.restore(7, two));
        assertEquals("frontier of size 7 has 3 subtrees: got 2 hashes, want 3", e.getMessage());
    }

    @Test
    void appendRejectsLeafHashOfWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompactRange.empty().append(new byte[20]));
        assertEquals("leaf hash has wrong size: got 20 bytes, want 32", e.getMessage());
    }

    @Test
    void hashesAreCopiesThatCannotChangeTheRange() {
        CompactRange range = appended(3);
        byte[] root = range.root();

        range.hashes().get(0)[0] ^= 1;

        assertArrayEquals(root, range.root());
    }

    private static CompactRange appended(int size) {
        CompactRange range = CompactRange.empty();
        appendAll(range, 0, size);
        return range;
    }

    private static Map<NodeId, byte[]> appendAll(CompactRange range, int from, int to) {
        Map<NodeId, byte[]> emitted = new HashMap<>();
        for (int i = from; i < to; i++) {
            for (NodeHash node : range.append(LEAVES.get(i))) {
                byte[] previous = emitted.put(node.id(), node.hash());
                assertTrue(previous == null, node.id() + " emitted twice");
                assertTrue(node.id().endLeaf() <= i + 1, node.id() + " not complete at " + i);
            }
        }
        return emitted;
    }

    private static void assertNodesEqual(Map<NodeId, byte[]> want, Map<NodeId, byte[]> got) {
        assertEquals(want.keySet(), got.keySet());
        want.forEach((id, hash) -> assertArrayEquals(hash, got.get(id), id.toString()));
    }
}
