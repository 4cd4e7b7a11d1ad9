package opshub.ledger;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while PostgreSQL answers and the ledger schema is migrated. */
@Readiness
@ApplicationScoped
public class LedgerReadiness implements AsyncHealthCheck {

    private final LedgerReader reader;

    LedgerReadiness(LedgerReader reader) {
        this.reader = reader;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return reader.head()
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(head -> HealthCheckResponse.named("ledger").up()
                        .withData("head", head).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("ledger")
                        .down().withData("error", String.valueOf(failure.getMessage()))
                        .build());
    }
}
