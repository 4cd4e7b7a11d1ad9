package opshub.audit;

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
import opshub.merkle.NoteSigner;
import org.jboss.logging.Logger;

/**
 * The Ed25519 key that signs checkpoints: {@code opshub.ledger.signing-key} when set (the
 * signed-note form PRIVATE+KEY+name+id+key); otherwise the one kept in
 * {@code <data-dir>/checkpoint-key}, generated at first start under the origin as key name and
 * readable by its owner only. Every replica must use the same key.
 */
@Startup
@Singleton
public class CheckpointKey {

    private static final Logger LOG = Logger.getLogger(CheckpointKey.class);
    static final String FILE = "checkpoint-key";

    private final OpsHubConfig config;
    private NoteSigner signer;

    CheckpointKey(OpsHubConfig config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        signer = config.ledger().signingKey().filter(key -> !key.isBlank())
                .map(key -> NoteSigner.parse(key.trim()))
                .orElseGet(() -> fromDataDir(config.dataDir().resolve(FILE),
                        config.ledger().origin()));
        LOG.infof("checkpoints are signed by %s", signer.verifier().verifierKey());
    }

    public NoteSigner signer() {
        return signer;
    }

    /** The public key in the signed-note verifier-key form: name+id+base64(0x01 || key). */
    public String verifierKey() {
        return signer.verifier().verifierKey();
    }

    private static NoteSigner fromDataDir(Path file, String origin) {
        try {
            if (Files.exists(file)) {
                return NoteSigner.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            NoteSigner generated = NoteSigner.generate(origin);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "", StandardCharsets.UTF_8);
            // owner-only before the secret is written into it
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(file, generated.signerKey() + "\n", StandardCharsets.UTF_8);
            LOG.infof("generated the checkpoint signing key in %s",
                    file.toAbsolutePath().normalize());
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the checkpoint key in "
                    + file.toAbsolutePath(), e);
        }
    }
}
