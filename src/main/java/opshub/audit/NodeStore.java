package opshub.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opshub.merkle.CompactRange;
import opshub.merkle.NodeHash;
import opshub.merkle.NodeId;
import opshub.merkle.ProofPlanner;

/**
 * The stored hashes of the ledger's Merkle tree: level 0 (leaf hashes) in
 * {@code evidence_event.leaf_hash} at position index + 1, every completed perfect subtree above
 * it in {@code merkle_node}. Reads take one SQL statement, whatever the number of nodes.
 */
public final class NodeStore {

    private static final String READ = """
            SELECT 0 AS level, position - 1 AS index, leaf_hash AS hash
            FROM evidence_event WHERE position = ANY($1::bigint[])
            UNION ALL
            SELECT n.level, n.index, n.hash
            FROM merkle_node n
            JOIN unnest($2::int[], $3::bigint[]) AS wanted(level, index)
                ON n.level = wanted.level AND n.index = wanted.index""";
    /** {@link #READ} with the ledger head first, as a row of level -1 without a hash. */
    private static final String READ_WITH_HEAD = """
            SELECT -1 AS level, coalesce(max(position), 0) AS index, NULL::bytea AS hash
            FROM evidence_event
            UNION ALL
            """ + READ;
    private static final String INSERT = """
            INSERT INTO merkle_node (level, index, hash)
            SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[])""";

    private NodeStore() {
    }

    /** Returns the stored hashes of {@code ids}; a node not stored is absent from the map. */
    public static Uni<Map<NodeId, byte[]>> read(SqlClient client, Set<NodeId> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }

        return client.preparedQuery(READ).execute(arguments(ids)).map(rows -> {
            Map<NodeId, byte[]> found = new HashMap<>();
            for (Row row : rows) {
                found.put(new NodeId(row.getInteger("level"), row.getLong("index")),
                        row.getBuffer("hash").getBytes());
            }
            return found;
        });
    }

    /** The ledger head and the stored hashes of some nodes, read in one snapshot. */
    public record HeadAndNodes(long head, Map<NodeId, byte[]> nodes) {
    }

    /**
     * Returns the head and the stored hashes of {@code ids} in one statement, so that both
     * come from the same snapshot; a node not stored is absent from the map.
     */
    public static Uni<HeadAndNodes> readWithHead(SqlClient client, Set<NodeId> ids) {
        return client.preparedQuery(READ_WITH_HEAD).execute(arguments(ids)).map(rows -> {
            long head = 0;
            Map<NodeId, byte[]> found = new HashMap<>();
            for (Row row : rows) {
                int level = row.getInteger("level");
                if (level < 0) {
                    head = row.getLong("index");
                } else {
                    found.put(new NodeId(level, row.getLong("index")),
                            row.getBuffer("hash").getBytes());
                }
            }
            return new HeadAndNodes(head, found);
        });
    }

    /** The leaf positions, and the levels and indexes of the other nodes. */
    private static Tuple arguments(Set<NodeId> ids) {
        List<Long> positions = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        for (NodeId id : ids) {
            if (id.level() == 0) {
                positions.add(id.index() + 1);
            } else {
                levels.add(id.level());
                indexes.add(id.index());
            }
        }
        return Tuple.of(positions.toArray(Long[]::new), levels.toArray(Integer[]::new),
                indexes.toArray(Long[]::new));
    }

    /** Stores nodes of level &gt;= 1. */
    public static Uni<Void> insert(SqlClient client, List<NodeHash> nodes) {
        if (nodes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }

        int n = nodes.size();
        Integer[] levels = new Integer[n];
        Long[] indexes = new Long[n];
        Buffer[] hashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            NodeHash node = nodes.get(i);
            levels[i] = node.id().level();
            indexes[i] = node.id().index();
            hashes[i] = Buffer.buffer(node.hash());
        }
        return client.preparedQuery(INSERT).execute(Tuple.of(levels, indexes, hashes))
                .replaceWithVoid();
    }

    /** Returns the frontier of the first {@code size} leaves, read in one statement. */
    public static Uni<CompactRange> frontier(SqlClient client, long size) {
        return read(client, ProofPlanner.rootNodes(size))
                .map(found -> CompactRange.restore(size, ids -> found));
    }

    /**
     * Returns the number of leaves whose perfect subtrees are all stored: nodes are written in
     * leaf order, so the last level-1 node tells how far they reach (give or take one odd leaf,
     * whose subtree is the leaf itself).
     */
    public static Uni<Long> pairedLeaves(SqlClient client) {
        return client.query("SELECT coalesce(max(index) + 1, 0) * 2 FROM merkle_node"
                + " WHERE level = 1").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
