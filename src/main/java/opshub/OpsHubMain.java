package opshub;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Optional;
import opshub.store.EmbeddedDatabase;
import org.jboss.logging.Logger;

/**
 * Starts ops-hub. When no datasource is configured, an embedded PostgreSQL is started first,
 * because Quarkus reads its datasource settings (the reactive URL and the JDBC URL Flyway uses)
 * as it starts and they must already name the server's port.
 */
@QuarkusMain
public final class OpsHubMain {

    private static final Logger LOG = Logger.getLogger(OpsHubMain.class);
    /** Exit status when the embedded PostgreSQL died under the server (EX_SOFTWARE). */
    static final int EXIT_STORE_LOST = 70;

    private OpsHubMain() {
    }

    public static void main(String... args) {
        Optional<EmbeddedDatabase> embedded = startEmbeddedUnlessConfigured();
        try {
            Quarkus.run(args);
        } finally {
            embedded.ifPresent(EmbeddedDatabase::close);
        }
    }

    private static Optional<EmbeddedDatabase> startEmbeddedUnlessConfigured() {
        if (setting("quarkus.datasource.reactive.url").isPresent()
                || setting("quarkus.datasource.jdbc.url").isPresent()) {
            completeExternalDatasource();
            return Optional.empty();
        }

        Path dataDir = Path.of(setting("opshub.data-dir").orElse("./data"));
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.start(dataDir);
        } catch (IllegalStateException e) {
            // Quarkus has not set up logging yet: this is the only way the operator sees it
            System.err.println("ops-hub: " + e.getMessage());
            System.exit(1);
            return Optional.empty();
        }
        database.datasourceSettings().forEach(System::setProperty);
        database.onUnexpectedStop(() -> {
            System.err.println("ops-hub: embedded PostgreSQL stopped unexpectedly; exiting so"
                    + " that a supervisor can restart ops-hub");
            Quarkus.asyncExit(EXIT_STORE_LOST);
        });
        return Optional.of(database);
    }

    /** One URL is enough to configure an external PostgreSQL: derive the other from it. */
    private static void completeExternalDatasource() {
        Optional<String> reactive = setting("quarkus.datasource.reactive.url");
        Optional<String> jdbc = setting("quarkus.datasource.jdbc.url");
        if (reactive.isEmpty()) {
            System.setProperty("quarkus.datasource.reactive.url",
                    jdbc.get().replaceFirst("^jdbc:", ""));
        }
        if (jdbc.isEmpty()) {
            System.setProperty("quarkus.datasource.jdbc.url",
                    "jdbc:" + reactive.get().replaceFirst("^vertx-reactive:", ""));
        }
        LOG.info("using the configured PostgreSQL; no embedded server started");
    }

    /** A setting given as a system property or, in its environment form, a variable. */
    static Optional<String> setting(String key) {
        String property = System.getProperty(key);
        if (property != null && !property.isBlank()) {
            return Optional.of(property);
        }
        String variable = System.getenv(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        return Optional.ofNullable(variable).filter(v -> !v.isBlank());
    }
}
