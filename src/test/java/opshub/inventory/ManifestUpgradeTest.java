package opshub.inventory;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.api.Test;

/** How a running installation moves to a new version of a shipped manifest. */
@QuarkusTest
class ManifestUpgradeTest {

    @Inject
    Bootstrap bootstrap;

    @Test
    void newShippedVersionIsActivatedAndRetiresTheOneItSupersedes() throws Exception {
        String name = "upgrade-" + UUID.randomUUID().toString().substring(0, 8);
        bootstrap.loadManifest(file(name, 1));
        status(name, "1", "active");

        bootstrap.loadManifest(file(name, 2));

        status(name, "2", "active");
        status(name, "1", "retired");
    }

    @Test
    void shippedOpsCoreIsVersionTwo() {
        status("ops-core", "2", "active");
    }

    private static void status(String name, String version, String status) {
        Api.as(Role.READER).get("/api/v1/manifests")
                .then().statusCode(200)
                .body("manifests.find { it.name == '" + name + "' && it.version == '" + version
                        + "' }.status", equalTo(status));
    }

    private static Path file(String name, int version) throws Exception {
        Path file = Files.createTempFile(name + "-v" + version, ".yaml");
        Files.writeString(file, """
                name: %s
                version: %d
                placement: {hub: ops-hub, family: vsm, function: OPS, system: S1}
                eventTypes:
                  - name: %s-seen
                    description: Version %d of a test type.
                    targets: [view]
                    schema: {type: object}
                """.formatted(name, version, name, version));
        return file;
    }
}
