package opshub.security;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import opshub.OpsHubConfig;
import org.jboss.logging.Logger;

/**
 * The admin token: {@code opshub.admin-token} when set; otherwise the one kept in
 * {@code <data-dir>/admin-token}, generated (and printed once) at first start. The file is
 * readable by its owner only.
 */
@Startup
@Singleton
public class AdminToken {

    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    static final String FILE = "admin-token";

    private final OpsHubConfig config;
    private byte[] hash;

    AdminToken(OpsHubConfig config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        String token = config.adminToken().filter(t -> !t.isBlank())
                .orElseGet(() -> fromDataDir(config.dataDir().resolve(FILE)));
        hash = TokenRegistry.hash(token);
    }

    byte[] hash() {
        return hash;
    }

    private static String fromDataDir(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String token = TokenRegistry.newSecret();
            Files.createDirectories(file.getParent());
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            LOG.infof("generated admin token %s (kept in %s, shown only this once)", token,
                    file.toAbsolutePath().normalize());
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token in "
                    + file.toAbsolutePath(), e);
        }
    }
}
