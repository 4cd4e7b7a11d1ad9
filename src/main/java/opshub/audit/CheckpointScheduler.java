package opshub.audit;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import opshub.OpsHubConfig;
import opshub.api.StoreUnavailableException;
import org.jboss.logging.Logger;

/** Signs a checkpoint every {@code opshub.ledger.checkpoint-interval} when the tree has grown. */
@ApplicationScoped
public class CheckpointScheduler {

    private static final Logger LOG = Logger.getLogger(CheckpointScheduler.class);

    private final CheckpointSigner signer;
    private final boolean enabled;

    CheckpointScheduler(CheckpointSigner signer, OpsHubConfig config) {
        this.signer = signer;
        this.enabled = config.ledger().treeMaintenance();
    }

    @Scheduled(every = "${opshub.ledger.checkpoint-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> signWhenGrown() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }

        return signer.sign(false).replaceWithVoid()
                .onFailure().invoke(CheckpointScheduler::report)
                .onFailure().recoverWithNull();
    }

    private static void report(Throwable failure) {
        if (failure instanceof InconsistentCheckpointException) {
            return; // the signer has logged it as an error
        }
        if (StoreUnavailableException.isUnavailability(failure)) {
            LOG.warnf("checkpoint not signed, the store is unavailable: %s", failure.getMessage());
            return;
        }
        LOG.errorf(failure, "checkpoint not signed");
    }
}
