package opshub.ledger;

import static opshub.testing.Api.freshWidget;
import static opshub.testing.Api.referenceEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import opshub.security.Role;
import opshub.testing.Api;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database itself keeps the ledger append-only and durable, whatever the server does. */
@QuarkusTest
class LedgerGuardTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @BeforeEach
    void atLeastOneEvent() {
        Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(referenceEvent(freshWidget()))
                .post("/api/v1/events")
                .then().statusCode(201);
    }

    @Test
    void updateIsRefused() {
        SQLException refused = assertThrows(SQLException.class,
                () -> execute("UPDATE evidence_event SET view_context = 'rewritten'"));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
    }

    @Test
    void deleteIsRefused() {
        SQLException refused = assertThrows(SQLException.class,
                () -> execute("DELETE FROM evidence_event"));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
    }

    @Test
    void truncateIsRefused() {
        SQLException refused = assertThrows(SQLException.class,
                () -> execute("TRUNCATE evidence_event"));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
    }

    @Test
    void commitsAreFlushedToDisk() throws SQLException {
        assertEquals("on", show("fsync"));
        assertEquals("on", show("synchronous_commit"));
    }

    @Test
    void databaseRequiresThePassword() {
        assertThrows(SQLException.class,
                () -> DriverManager.getConnection(jdbcUrl, "postgres", "not-the-password")
                        .close());
    }

    private void execute(String sql) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private String show(String setting) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", password);
    }
}
