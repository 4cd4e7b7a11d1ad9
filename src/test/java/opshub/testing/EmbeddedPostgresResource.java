package opshub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import opshub.store.EmbeddedDatabase;

/**
 * Starts a real PostgreSQL for the test run, in a fresh data directory, before Quarkus reads
 * its datasource settings. The admin token is fixed so tests can use it.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("opshub-test-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a test data directory", e);
        }
        database = EmbeddedDatabase.start(dataDir);
        Map<String, String> settings = new HashMap<>(database.datasourceSettings());
        settings.put("opshub.data-dir", dataDir.toString());
        settings.put("opshub.admin-token", ADMIN_TOKEN);
        return settings;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
