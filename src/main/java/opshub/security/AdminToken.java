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

    /** An admin token shorter than this is refused: it could be guessed. */
    static final int MIN_LENGTH = 16;

    @PostConstruct
    void load() {
        String token = config.adminToken().filter(t -> !t.isBlank())
                .orElseGet(() -> fromDataDir(config.dataDir().resolve(FILE)));
        hash = TokenRegistry.hash(requireStrong(token));
    }

    static String requireStrong(String token) {
        if (token.length() < MIN_LENGTH) {
            throw new IllegalStateException("the admin token has " + token.length()
                    + " characters; at least " + MIN_LENGTH + " are required (set"
                    + " OPSHUB_ADMIN_TOKEN, or delete the admin-token file to generate one)");
        }
        return token;
    }

    byte[] hash() {
        return hash;
    }

    static String fromDataDir(Path file) {
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
