package opshub.ledger;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import opshub.testing.Api;
import opshub.testing.LedgerDatabase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code evidence_ledger_begin_append} (V4) takes the append lock before it reads, so what it
 * reads includes every transaction that committed while it waited: the argument for gapless
 * positions and commit order equal to position order.
 */
@QuarkusTest
class AppendLockTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void beginAppendWaitsForTheLockAndSeesTheCommitThatHeldIt() throws Exception {
        String widget = Api.freshWidget();
        UUID id = UUID.randomUUID();
        try (Connection holder = connect(); Connection waiter = connect()) {
            int waiterPid = backendPid(waiter);
            holder.setAutoCommit(false);
            long head = lockHead(holder);
            LedgerDatabase.insertRow(holder, head + 1, id, widget);

            CompletableFuture<Map<String, Object>> read = CompletableFuture.supplyAsync(
                    () -> beginAppend(waiter, id, widget));
            awaitLockWait(waiterPid);
            holder.commit();

            Map<String, Object> seen = read.get();
            assertAll(
                    () -> assertEquals(head + 1, seen.get("head")),
                    () -> assertEquals(head + 1, seen.get("stored " + id)),
                    () -> assertEquals(1L, seen.get("widget " + widget)));
        }
    }

    @Test
    void beginAppendReportsNothingStoredForNewIdsAndWidgets() throws Exception {
        UUID id = UUID.randomUUID();
        String widget = Api.freshWidget();
        try (Connection conn = connect()) {
            Map<String, Object> seen = beginAppend(conn, id, widget);

            assertEquals(1, seen.size(), "only the head: " + seen);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", password);
    }

    private static long lockHead(Connection conn) throws SQLException {
        try (Statement statement = conn.createStatement();
                ResultSet rows = statement.executeQuery("SELECT evidence_ledger_lock_head()")) {
            rows.next();
            return rows.getLong(1);
        }
    }


    /** Autocommit: the lock is released when the call's own transaction ends. */
    private static Map<String, Object> beginAppend(Connection conn, UUID id, String widget) {
        try (PreparedStatement statement = conn.prepareStatement(
                "SELECT * FROM evidence_ledger_begin_append(?, ?)")) {
            Array ids = conn.createArrayOf("uuid", new Object[] {id});
            Array widgets = conn.createArrayOf("text", new Object[] {widget});
            statement.setArray(1, ids);
            statement.setArray(2, widgets);
            Map<String, Object> seen = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String key = switch (rows.getString("row_kind")) {
                        case "stored" -> "stored " + rows.getObject("row_id");
                        case "widget" -> "widget " + rows.getString("row_widget_id");
                        default -> rows.getString("row_kind");
                    };
                    seen.put(key, rows.getLong("row_position"));
                }
            }
            return seen;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the backend {@code pid} waits for an advisory lock. */
    private void awaitLockWait(int pid) throws Exception {
        try (Connection observer = connect();
                PreparedStatement waiting = observer.prepareStatement("""
                        SELECT count(*) FROM pg_locks
                        WHERE pid = ? AND locktype = 'advisory' AND NOT granted""")) {
            waiting.setInt(1, pid);
            long giveUp = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < giveUp) {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("backend " + pid + " never waited for the append lock");
        }
    }

    private static int backendPid(Connection conn) throws SQLException {
        try (Statement statement = conn.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
