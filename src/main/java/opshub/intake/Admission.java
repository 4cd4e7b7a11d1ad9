package opshub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import opshub.api.FieldError;
import opshub.ledger.AppendBatch;
import opshub.ledger.Ledger;
import opshub.manifest.EventTypeDef;
import opshub.manifest.MetadataSchemas;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;
import opshub.widget.Widget;
import org.jboss.logging.Logger;

/**
 * Admits held submissions once their event type is active and their widget exists, in the
 * order they arrived, each with its original id and observedAt, followed by an
 * {@code opshub.submission-admitted} event. A held event whose metadata fails the schema its
 * type turned out to have is closed by {@code opshub.submission-rejected} instead. Runs
 * whenever the projections advance, and every few seconds; ids derived from the submission
 * make a repeated admission a duplicate, never a second copy. An advance that brought no
 * event able to make a submission admissible ({@link OpsState#admissionChangedAt}) skips
 * the scan of the held submissions, so a bulk ingest does not rescan them per commit.
 */
@ApplicationScoped
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);

    private final Ledger ledger;
    private final ProjectionEngine projections;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** {@link OpsState#admissionChangedAt} of the last scan that appended without failing. */
    private final AtomicLong scannedAt = new AtomicLong(-1);

    Admission(Ledger ledger, ProjectionEngine projections) {
        this.ledger = ledger;
        this.projections = projections;
    }

    void start(@Observes StartupEvent event) {
        projections.onAdvance(position -> {
            if (projections.read(OpsState::admissionChangedAt) != scannedAt.get()) {
                admitReady();
            }
        });
    }

    @Scheduled(every = "5s", delayed = "5s")
    void sweep() {
        admitReady();
    }

    /** One admission of a held submission: the event and the closing system event. */
    record Step(AppendBatch batch, UUID submissionId) {
    }

    public void admitReady() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long[] changedAt = new long[1];
        List<Step> steps = projections.read(state -> {
            changedAt[0] = state.admissionChangedAt();
            return ready(state, now);
        });
        appendInOrder(steps, 0).subscribe().with(done -> {
            scannedAt.set(changedAt[0]);
            finish();
        }, failure -> {
            LOG.warnf("admitting held submissions failed: %s", failure.getMessage());
            scannedAt.set(-1);
            finish();
        });
    }

    private void finish() {
        running.set(false);
        if (again.get()) {
            admitReady();
        }
    }

    private Uni<Void> appendInOrder(List<Step> steps, int next) {
        if (next == steps.size()) {
            return Uni.createFrom().voidItem();
        }
        Step step = steps.get(next);
        return ledger.append(step.batch())
                .invoke(receipts -> LOG.infof("held submission [%s] closed at position %d",
                        step.submissionId(), receipts.get(receipts.size() - 1).position()))
                .chain(receipts -> appendInOrder(steps, next + 1));
    }

    private static List<Step> ready(OpsState state, Instant now) {
        List<Step> steps = new ArrayList<>();
        for (OpsState.Blocked held : state.blocked()) {
            ObjectNode submission = held.submission();
            EventTypeDef type = state.activeTypes().get(submission.get("eventType").asText());
            Optional<Widget> widget = state.widget(submission.get("widgetId").asText());
            if (type != null && widget.isPresent()) {
                steps.add(close(held, type, widget.get(), now));
            }
        }
        return steps;
    }

    private static Step close(OpsState.Blocked held, EventTypeDef type, Widget widget,
            Instant now) {
        EventEnvelope event = original(held.submission(), widget);
        List<FieldError> violations = MetadataSchemas.violations(type.schema(),
                event.metadata(), "/metadata");
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("submissionId", held.submissionId().toString());
        List<EventEnvelope> events = new ArrayList<>();
        String closing;
        if (violations.isEmpty()) {
            events.add(event);
            closing = SystemEvents.SUBMISSION_ADMITTED;
        } else {
            ArrayNode errors = metadata.putArray("errors");
            violations.forEach(v -> errors.add(v.pointer() + ": " + v.detail()));
            closing = SystemEvents.SUBMISSION_REJECTED;
        }
        events.add(SystemEvents.envelope(closing, widget.id().toString(), metadata,
                held.submissionId().toString(), now));
        return new Step(new AppendBatch(events, held.source(), true), held.submissionId());
    }

    /** The held event as it was submitted, addressed to the widget's id. */
    private static EventEnvelope original(ObjectNode submission, Widget widget) {
        JsonNode metadata = submission.get("metadata");
        return new EventEnvelope(UUID.fromString(submission.get("id").asText()),
                submission.get("eventType").asText(), widget.id().toString(),
                submission.get("viewContext").asText(), (ObjectNode) metadata,
                Instant.parse(submission.get("observedAt").asText()), null,
                Base64.getDecoder().decode(submission.get("contentHash").asText()));
    }
}
