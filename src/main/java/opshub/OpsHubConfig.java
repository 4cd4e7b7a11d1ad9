package opshub;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every {@code opshub.*} setting; README.md documents each with its variable and default. */
@ConfigMapping(prefix = "opshub")
public interface OpsHubConfig {

    /** Where embedded PostgreSQL, the admin token and the checkpoint key are kept. */
    Path dataDir();

    /** The admin token; when absent one is generated at first start and kept in the data dir. */
    Optional<String> adminToken();

    Intake intake();

    Ledger ledger();

    Manifests manifests();

    Inventory inventory();

    Probes probes();

    interface Probes {
        /** Whether the scheduler runs the inventory's probes; a run on request works anyway. */
        @WithDefault("true")
        boolean enabled();

        /** Interval of a probe that does not declare its own. */
        @WithDefault("15m")
        Duration interval();

        /** Timeout of a probe that does not declare its own. */
        @WithDefault("10s")
        Duration timeout();

        /** Most probes running at once. */
        @WithDefault("4")
        int concurrency();
    }

    interface Manifests {
        /** Manifest files, or directories of them, registered and activated at first start. */
        List<String> paths();
    }

    interface Inventory {
        /** Inventory files reconciled at every start. */
        List<String> files();
    }

    interface Intake {
        int maxBatch();

        long maxBody();

        Duration maxClockSkew();
    }

    interface Ledger {
        /** Upper bound of events appended in one group commit. */
        @WithDefault("4000")
        int maxGroupEvents();

        /** The checkpoint origin line, and the key name of a generated signing key. */
        @WithDefault("ops-hub")
        String origin();

        /** How often a new checkpoint is signed when the tree has grown. */
        @WithDefault("10s")
        Duration checkpointInterval();

        /** The checkpoint signing key (PRIVATE+KEY+...); else kept in the data dir. */
        Optional<String> signingKey();

        /** Off only to measure its cost: proofs and checkpoints then fall behind. */
        @WithDefault("true")
        boolean treeMaintenance();

        /**
         * How long this server writes every group the long way (reads under the lock) after
         * another writer's append, e.g. another replica's, collided with one of its groups.
         */
        @WithDefault("5s")
        Duration replicaBackoff();
    }
}
