package opshub.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import opshub.OpsHubConfig;
import opshub.api.Documents;
import opshub.api.ProblemException;
import opshub.manifest.Manifest;
import opshub.manifest.ManifestReader;
import opshub.manifest.ManifestService;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;
import org.jboss.logging.Logger;

/**
 * At start: brings the projections up to the ledger's head, registers and activates the
 * shipped manifests that are new (a manifest an operator retired stays retired), then
 * reconciles the configured inventory files. A shipped file with errors stops the start,
 * every error logged with its path. A new version of a shipped manifest supersedes the
 * versions of the same name that are active: once it is active they are retired, so an
 * installation upgraded to a server shipping {@code ops-core@2} validates by version 2 from
 * its first start on (events recorded under version 1 stay as they were).
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    private static final Duration WAIT = Duration.ofMinutes(10);

    private final OpsHubConfig config;
    private final ProjectionEngine projections;
    private final ManifestService manifests;
    private final Reconciler reconciler;

    Bootstrap(OpsHubConfig config, ProjectionEngine projections, ManifestService manifests,
            Reconciler reconciler) {
        this.config = config;
        this.projections = projections;
        this.manifests = manifests;
        this.reconciler = reconciler;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        long position = projections.catchUpNow().await().atMost(WAIT);
        LOG.infof("projections at position %d", position);
        for (Path file : files(config.manifests().paths())) {
            loadManifest(file);
        }
        for (Path file : files(config.inventory().files())) {
            loadInventory(file);
        }
    }

    void loadManifest(Path file) {
        Manifest manifest = ManifestReader.read(read(file));
        boolean known = projections.read(state -> state.manifest(manifest.id()).isPresent());
        if (known) {
            return;
        }
        manifests.register(manifest, SystemEvents.SOURCE)
                .chain(entry -> manifests.activate(manifest.id(), SystemEvents.SOURCE))
                .await().atMost(WAIT);
        LOG.infof("manifest %s registered and activated from %s (superseding any other active"
                + " version)", manifest.id(), file);
    }

    private void loadInventory(Path file) {
        Inventory inventory = InventoryReader.read(read(file));
        Reconciler.Outcome outcome = reconciler.reconcile(inventory, SystemEvents.SOURCE)
                .await().atMost(WAIT);
        LOG.infof("inventory %s loaded: %d declared, %d retired, %d widgets registered,"
                + " %d retired", file, outcome.declared(), outcome.retired(),
                outcome.widgetsRegistered(), outcome.widgetsRetired());
    }

    private static JsonNode read(Path file) {
        try {
            return Documents.parseYaml(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ProblemException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    /** The YAML files named, a directory standing for the files in it; missing ones skipped. */
    static List<Path> files(List<String> paths) {
        List<Path> files = new ArrayList<>();
        for (String name : paths) {
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path, e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                LOG.warnf("%s does not exist; skipped", path.toAbsolutePath());
            }
        }
        return files;
    }
}
