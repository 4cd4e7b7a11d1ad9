package opshub.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Ledger figures for /q/metrics: events appended, append latency, batch and group sizes. */
@ApplicationScoped
public class LedgerMetrics {

    private final Counter appended;
    private final Counter duplicates;
    private final Timer appendLatency;
    private final DistributionSummary batchSize;
    private final DistributionSummary groupEvents;

    LedgerMetrics(MeterRegistry registry) {
        appended = Counter.builder("opshub.events.appended")
                .description("Evidence events appended to the ledger").register(registry);
        duplicates = Counter.builder("opshub.events.duplicates")
                .description("Retried events answered with their original receipt")
                .register(registry);
        appendLatency = Timer.builder("opshub.append.latency")
                .description("Time from intake to commit of one request")
                .publishPercentiles(0.5, 0.99).register(registry);
        batchSize = DistributionSummary.builder("opshub.intake.batch.size")
                .description("Events per ingest request").register(registry);
        groupEvents = DistributionSummary.builder("opshub.ledger.group.events")
                .description("Events appended per group commit").register(registry);
    }

    void batchAppended(List<Receipt> receipts, long nanos) {
        long recorded = receipts.stream().filter(r -> r.status() == ReceiptStatus.RECORDED)
                .count();
        appended.increment(recorded);
        duplicates.increment(receipts.size() - recorded);
        batchSize.record(receipts.size());
        appendLatency.record(Duration.ofNanos(nanos));
    }

    void groupCommitted(int events) {
        if (events > 0) {
            groupEvents.record(events);
        }
    }
}
