package opshub.projection;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready once the live projections have applied every event the ledger held when the server
 * started, so that a load balancer sends no reads to a replica still catching up; after
 * that, new events behind (lag) do not make it unready. Reports the position, the lag and
 * that start-up head.
 */
@Readiness
@ApplicationScoped
public class ProjectionHealth implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ProjectionHealth.class);

    private final ProjectionEngine projections;

    ProjectionHealth(ProjectionEngine projections) {
        this.projections = projections;
    }

    @Override
    public HealthCheckResponse call() {
        if (projections.startupHead() < 0) {
            // not read yet, or the read at start failed (store unavailable): read it now
            // and stay unready meanwhile
            projections.recordStartupHead().subscribe().with(head -> projections.catchUp(),
                    failure -> LOG.debugf("ledger head still unreadable: %s",
                            failure.getMessage()));
        }
        return HealthCheckResponse.named("projections")
                .status(projections.caughtUpWithStartup())
                .withData("position", projections.position())
                .withData("lag", projections.lag())
                .withData("startupHead", projections.startupHead())
                .build();
    }
}
