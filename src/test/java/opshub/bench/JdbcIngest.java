package opshub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The raw baseline: the rows ops-hub would store for the same events, inserted straight over
 * JDBC into {@code bench.evidence_event}, a copy of the ledger table with the same columns,
 * constraints, indexes and triggers. Positions come from a counter in this JVM, so the
 * baseline pays for none of what ops-hub adds: HTTP, JSON, validation, the advisory lock and
 * head read that order commits, the idempotency look-up.
 */
final class JdbcIngest implements LoadRun.Client {

    private static final String INSERT = """
            INSERT INTO bench.evidence_event (position, id, event_type, widget_id, view_context,
                metadata, observed_at, recorded_at, source, content_hash, record, leaf_hash)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""";
    private static final String[] COPY = {
        "CREATE SCHEMA bench",
        "CREATE TABLE bench.evidence_event (LIKE public.evidence_event INCLUDING ALL)",
        // LIKE copies columns, constraints and indexes but not triggers
        """
        CREATE TRIGGER evidence_event_append_only BEFORE UPDATE OR DELETE
            ON bench.evidence_event
            FOR EACH ROW EXECUTE FUNCTION public.evidence_ledger_refuse_change()""",
        """
        CREATE TRIGGER evidence_event_no_truncate BEFORE TRUNCATE ON bench.evidence_event
            FOR EACH STATEMENT EXECUTE FUNCTION public.evidence_ledger_refuse_change()"""
    };
    private static final String SHAPE = """
            SELECT (SELECT count(*) FROM pg_index WHERE indrelid = t.oid),
                   (SELECT count(*) FROM pg_trigger WHERE tgrelid = t.oid AND NOT tgisinternal),
                   (SELECT count(*) FROM pg_constraint WHERE conrelid = t.oid),
                   (SELECT count(*) FROM pg_attribute WHERE attrelid = t.oid AND attnum > 0)
            FROM (SELECT ?::regclass AS oid) t""";

    private final Connection connection;
    private final PreparedStatement insert;
    private final int rowsPerTransaction;
    private final AtomicLong positions;

    private JdbcIngest(Connection connection, int rowsPerTransaction, AtomicLong positions)
            throws SQLException {
        this.connection = connection;
        this.insert = connection.prepareStatement(INSERT);
        this.rowsPerTransaction = rowsPerTransaction;
        this.positions = positions;
        // a lone INSERT in autocommit is a transaction of its own, without a COMMIT round trip
        connection.setAutoCommit(rowsPerTransaction == 1);
    }

    /** Creates the baseline table and checks that its shape matches the ledger's. */
    static void createBaselineTable(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : COPY) {
                statement.execute(sql);
            }
            String ledger = shape(connection, "public.evidence_event");
            String baseline = shape(connection, "bench.evidence_event");
            if (!ledger.equals(baseline)) {
                throw new IllegalStateException("bench.evidence_event differs from the ledger:"
                        + " got " + baseline + ", want " + ledger);
            }
        }
    }

    /** {@code connections} writers sharing one position counter, which starts at 1. */
    static List<JdbcIngest> clients(DataSource database, int connections,
            int rowsPerTransaction, AtomicLong positions) throws SQLException {
        List<JdbcIngest> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            all.add(new JdbcIngest(database.getConnection(), rowsPerTransaction, positions));
        }
        return all;
    }

    @Override
    public int call() throws SQLException {
        long first = positions.getAndAdd(rowsPerTransaction);
        if (rowsPerTransaction == 1) {
            bind(ReferenceEvent.row(first));
            insert.executeUpdate();
            return 1;
        }

        try {
            for (int i = 0; i < rowsPerTransaction; i++) {
                bind(ReferenceEvent.row(first + i));
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            // leave the connection usable for the next transaction
            insert.clearBatch();
            connection.rollback();
            throw e;
        }
        return rowsPerTransaction;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private void bind(ReferenceEvent.Row row) throws SQLException {
        insert.setLong(1, row.position());
        insert.setObject(2, row.id());
        insert.setString(3, row.eventType());
        insert.setString(4, row.widgetId());
        insert.setString(5, row.viewContext());
        insert.setString(6, row.metadata());
        insert.setObject(7, row.observedAt());
        insert.setObject(8, row.recordedAt());
        insert.setString(9, row.source());
        insert.setBytes(10, row.contentHash());
        insert.setBytes(11, row.record());
        insert.setBytes(12, row.leafHash());
    }

    /** Index, trigger, constraint and column counts of a table, e.g. "5/2/3/12". */
    private static String shape(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(SHAPE)) {
            query.setString(1, table);
            try (ResultSet counts = query.executeQuery()) {
                counts.next();
                return counts.getLong(1) + "/" + counts.getLong(2) + "/" + counts.getLong(3)
                        + "/" + counts.getLong(4);
            }
        }
    }
}
