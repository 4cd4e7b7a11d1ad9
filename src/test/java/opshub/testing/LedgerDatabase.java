package opshub.testing;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import opshub.intake.EventEnvelope;
import opshub.ledger.EventRecord;
import opshub.merkle.NodeId;
import opshub.merkle.NodeReader;
import opshub.merkle.Rfc6962;

/**
 * Direct access to the ledger's tables as the PostgreSQL superuser, for tests that look behind
 * the server's back or change history the way a hostile administrator could.
 */
public final class LedgerDatabase implements AutoCloseable {

    private final Connection connection;

    private LedgerDatabase(Connection connection) {
        this.connection = connection;
    }

    public static LedgerDatabase connect(String jdbcUrl, String password) throws SQLException {
        return new LedgerDatabase(DriverManager.getConnection(jdbcUrl, "postgres", password));
    }

    /** Runs SQL with the append-only triggers disabled, as only a superuser can. */
    public void bypassingGuard(String sql, Object... args) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET session_replication_role = origin");
            }
        }
    }

    /**
     * Appends an event as another replica's writer would: under the append lock, at the next
     * position, with the record bytes and leaf hash ops-hub writes. Returns its position.
     */
    public long appendAsAnotherReplica(EventEnvelope event, String source) throws SQLException {
        connection.setAutoCommit(false);
        try {
            long position = queryLong("SELECT evidence_ledger_lock_head()") + 1;
            Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            byte[] record = EventRecord.encode(position, event, recordedAt, source);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO evidence_event (position, id, event_type, widget_id, view_context,
                        metadata, observed_at, recorded_at, source, content_hash, record,
                        leaf_hash)
                    VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""")) {
                Object[] values = {position, event.id(), event.eventType(), event.widgetId(),
                    event.viewContext(), event.metadata().toString(),
                    OffsetDateTime.ofInstant(event.observedAt(), ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC), source,
                    event.contentHash(), record, Rfc6962.hashLeaf(record)};
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
            }
            connection.commit();
            return position;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Inserts a row at {@code position} on {@code conn}, in whatever transaction it has open,
     * as another replica's writer would (a record of its own, with a leaf hash that matches).
     */
    public static void insertRow(Connection conn, long position, UUID id, String widget)
            throws SQLException {
        byte[] record = ("{\"position\":" + position + "}").getBytes(StandardCharsets.UTF_8);
        try (PreparedStatement statement = conn.prepareStatement("""
                INSERT INTO evidence_event (position, id, event_type, widget_id, view_context,
                    metadata, observed_at, recorded_at, source, content_hash, record, leaf_hash)
                VALUES (?, ?, 'test-row', ?, 'v', '{}'::jsonb, ?, ?, 'other', ?, ?, ?)""")) {
            statement.setLong(1, position);
            statement.setObject(2, id);
            statement.setString(3, widget);
            statement.setObject(4, OffsetDateTime.now());
            statement.setObject(5, OffsetDateTime.now());
            statement.setBytes(6, new byte[32]);
            statement.setBytes(7, record);
            statement.setBytes(8, Rfc6962.hashLeaf(record));
            statement.executeUpdate();
        }
    }

    public long head() throws SQLException {
        return queryLong("SELECT coalesce(max(position), 0) FROM evidence_event");
    }

    public long count(String table) throws SQLException {
        return queryLong("SELECT count(*) FROM " + table);
    }

    /** The leaf hashes of positions 1..head, in order. */
    public List<byte[]> leafHashes() throws SQLException {
        List<byte[]> leaves = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT leaf_hash FROM evidence_event ORDER BY position")) {
            while (rows.next()) {
                leaves.add(rows.getBytes(1));
            }
        }
        return leaves;
    }

    /** Reads stored nodes: level 0 from evidence_event, the others from merkle_node. */
    public NodeReader nodeReader() {
        return ids -> {
            try {
                return read(ids);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    public byte[] node(NodeId id) throws SQLException {
        return read(Set.of(id)).get(id);
    }

    private Map<NodeId, byte[]> read(Set<NodeId> ids) throws SQLException {
        Map<NodeId, byte[]> found = new HashMap<>();
        for (NodeId id : ids) {
            String sql = id.level() == 0
                    ? "SELECT leaf_hash FROM evidence_event WHERE position = ?"
                    : "SELECT hash FROM merkle_node WHERE level = " + id.level() + " AND index = ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, id.level() == 0 ? id.index() + 1 : id.index());
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        found.put(id, row.getBytes(1));
                    }
                }
            }
        }
        return found;
    }

    private long queryLong(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
