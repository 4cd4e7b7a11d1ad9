package opshub.projection;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Reports how far the projections are behind the ledger (events not yet applied). */
@Readiness
@ApplicationScoped
public class ProjectionHealth implements HealthCheck {

    private final ProjectionEngine projections;

    ProjectionHealth(ProjectionEngine projections) {
        this.projections = projections;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("projections").up()
                .withData("position", projections.position())
                .withData("lag", projections.lag())
                .build();
    }
}
