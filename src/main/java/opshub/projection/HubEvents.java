package opshub.projection;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import opshub.intake.EventEnvelope;
import opshub.ledger.AppendBatch;
import opshub.ledger.Ledger;
import opshub.ledger.Receipt;

/**
 * Appends events ops-hub writes itself (manifest lifecycle, widgets, declarations) and
 * waits until the live projections include them, so the caller can answer from the state.
 */
@ApplicationScoped
public class HubEvents {

    private final Ledger ledger;
    private final ProjectionEngine projections;

    HubEvents(Ledger ledger, ProjectionEngine projections) {
        this.ledger = ledger;
        this.projections = projections;
    }

    public Uni<List<Receipt>> append(List<EventEnvelope> events, String source) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ledger.append(new AppendBatch(events, source, true))
                .call(receipts -> projections.awaitPosition(
                        receipts.stream().mapToLong(Receipt::position).max().orElse(0)));
    }
}
