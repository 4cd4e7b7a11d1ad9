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
    private final Counter plannedAhead;
    private final Counter plannedAgain;
    private final Counter replicaBackoffs;

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
        plannedAhead = Counter.builder("opshub.ledger.groups.planned.ahead")
                .description("Groups planned on the head this server expected, before the"
                        + " lock, and sent in one round trip")
                .register(registry);
        plannedAgain = Counter.builder("opshub.ledger.groups.planned.again")
                .description("Groups planned on the head this server expected that the"
                        + " database refused (another replica appended, a retried or held id)"
                        + " and that were planned again with reads under the lock")
                .register(registry);
        replicaBackoffs = Counter.builder("opshub.ledger.replica.backoffs")
                .description("Collisions with another writer's append after which this server"
                        + " wrote the long way only, for opshub.ledger.replica-backoff")
                .register(registry);
    }

    void replicaBackoff() {
        replicaBackoffs.increment();
    }

    void groupPlannedAhead() {
        plannedAhead.increment();
    }

    void groupPlannedAgain() {
        plannedAgain.increment();
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
