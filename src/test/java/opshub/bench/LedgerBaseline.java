package opshub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import opshub.ledger.RecordedEvent;
import opshub.projection.OpsState;
import org.postgresql.PGStatement;

/**
 * What the rebuild rate is compared with: the same rows read from PostgreSQL over JDBC with
 * no projection work, and the projection work done in this process with no server around
 * it. Together they show how a rebuild's time splits between reading and applying.
 */
final class LedgerBaseline {

    private static final int FETCH = 10_000;
    private static final String ALL_IN_ORDER =
            "SELECT position, record FROM evidence_event ORDER BY position";

    private LedgerBaseline() {
    }

    /** Events read (or applied), their record bytes, and the seconds it took. */
    record Pass(long events, long bytes, double seconds) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /**
     * One plain sequential read of (position, record) in position order, streamed with a
     * cursor and in binary form (as the server's client reads bytea, not as hex text).
     */
    static Pass sequentialRead(Connection db) throws SQLException {
        long start = System.nanoTime();
        long events = 0;
        long bytes = 0;
        db.setAutoCommit(false); // the driver streams with a cursor only inside a transaction
        try (PreparedStatement query = binary(db.prepareStatement(ALL_IN_ORDER));
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                rows.getLong(1);
                bytes += rows.getBytes(2).length;
                events++;
            }
        } finally {
            db.commit();
            db.setAutoCommit(true);
        }
        return new Pass(events, bytes, (System.nanoTime() - start) / 1e9);
    }

    /** The plan PostgreSQL chooses for {@link #sequentialRead}, first line. */
    static String sequentialPlan(Connection db) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("EXPLAIN " + ALL_IN_ORDER)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }

    /**
     * Reads in keyset pages of {@code page} rows, one query per page, as the projection
     * engine does (position, record and leaf hash).
     */
    static Pass pagedRead(Connection db, int page) throws SQLException {
        long start = System.nanoTime();
        long events = 0;
        long bytes = 0;
        long after = 0;
        try (PreparedStatement query = binary(db.prepareStatement("SELECT position, record,"
                + " leaf_hash FROM evidence_event WHERE position > ? ORDER BY position LIMIT ?"))) {
            int read;
            do {
                query.setLong(1, after);
                query.setInt(2, page);
                read = 0;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        bytes += rows.getBytes(2).length;
                        rows.getBytes(3);
                        read++;
                    }
                }
                events += read;
            } while (read == page);
        }
        return new Pass(events, bytes, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The projection's own work in this process: every record parsed as the engine parses
     * it ({@link AppliedEvent#of}) and applied to a fresh {@link OpsState}, reading as in
     * {@link #sequentialRead}.
     */
    static Pass replayInProcess(Connection db) throws SQLException {
        long start = System.nanoTime();
        OpsState state = new OpsState();
        long bytes = 0;
        db.setAutoCommit(false);
        try (PreparedStatement query = binary(db.prepareStatement(ALL_IN_ORDER));
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                byte[] record = rows.getBytes(2);
                bytes += record.length;
                state.apply(new RecordedEvent(rows.getLong(1), record, null));
            }
        } finally {
            db.commit();
            db.setAutoCommit(true);
        }
        return new Pass(state.position(), bytes, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Binary transfer from the first execution on (pgjdbc switches to it only after five
     * executions otherwise), and a cursor of {@value #FETCH} rows.
     */
    private static PreparedStatement binary(PreparedStatement query) throws SQLException {
        query.unwrap(PGStatement.class).setPrepareThreshold(-1);
        query.setFetchSize(FETCH);
        return query;
    }
}
