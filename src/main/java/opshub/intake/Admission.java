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
import java.util.function.Function;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.ledger.AppendBatch;
import opshub.ledger.Ledger;
import opshub.ledger.Receipt;
import opshub.ledger.ReceiptStatus;
import opshub.manifest.EventTypeDef;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;
import opshub.widget.Widget;
import org.jboss.logging.Logger;

/**
 * Admits held submissions once their event type is active and their widget exists, in the
 * order they arrived, each with its original id and observedAt, followed by an
 * {@code opshub.submission-admitted} event. A held event that fails what intake would check
 * now (the type's schema, its targets) is closed by {@code opshub.submission-rejected}
 * instead. Each admission first checks that the type it was judged against is still in force
 * and the widget exists; if not, it stops, and the next scan judges the rest again. Runs
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

    /**
     * One admission of a held submission: the event and the closing system event, or, if
     * the ledger refuses the event, {@code refused} closes the submission instead.
     */
    record Step(AppendBatch batch, UUID submissionId, Function<String, AppendBatch> refused,
            EventTypeDef type, String widgetId) {

        /** Whether the state still has the type it was judged against, and its widget. */
        boolean stillReady(OpsState state) {
            return type.equals(state.activeTypes().get(type.name()))
                    && state.widget(widgetId).isPresent();
        }
    }

    public void admitReady() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long[] changedAt = new long[1];
        List<Step> steps;
        try {
            steps = projections.read(state -> {
                changedAt[0] = state.admissionChangedAt();
                return ready(state, now);
            });
        } catch (RuntimeException e) {
            // the next advance or sweep tries again; admission must never stay stopped
            LOG.errorf(e, "judging held submissions failed");
            scannedAt.set(-1);
            finish();
            return;
        }
        scannedAt.set(changedAt[0]);
        appendInOrder(steps, 0).subscribe().with(done -> {
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
        if (!projections.read(step::stillReady)) {
            // its type was retired or replaced, or its widget retired, since the scan: the
            // rest are judged again by the scan that change starts
            scannedAt.set(-1);
            return Uni.createFrom().voidItem();
        }
        return ledger.append(step.batch())
                .onFailure(Admission::refusal).recoverWithUni(failure -> {
                    // e.g. its id was recorded with other content meanwhile: close it, so one
                    // submission never holds up those behind it
                    LOG.warnf("held submission [%s] refused: %s", step.submissionId(),
                            failure.getMessage());
                    return ledger.append(step.refused().apply(failure.getMessage()));
                })
                .invoke(receipts -> logClosed(step, receipts.get(receipts.size() - 1)))
                .chain(receipts -> appendInOrder(steps, next + 1));
    }

    /** Once: a scan that ran before the projections had the closing event finds it again. */
    private static void logClosed(Step step, Receipt closing) {
        if (closing.status() == ReceiptStatus.RECORDED) {
            LOG.infof("held submission [%s] closed at position %d", step.submissionId(),
                    closing.position());
        }
    }

    /** The ledger refused the event itself, as opposed to being unavailable. */
    private static boolean refusal(Throwable failure) {
        return failure instanceof ProblemException problem && problem.type().status() < 500;
    }

    private static List<Step> ready(OpsState state, Instant now) {
        List<Step> steps = new ArrayList<>();
        for (OpsState.Blocked held : state.blocked()) {
            ObjectNode submission = held.submission();
            EventTypeDef type = state.activeTypes().get(submission.get("eventType").asText());
            Optional<Widget> widget = state.widget(submission.get("widgetId").asText());
            if (type != null && widget.isPresent()) {
                steps.add(judge(state, held, type, widget.get(), now));
            }
        }
        return steps;
    }

    /** A submission that cannot even be judged is rejected, so it holds up no other. */
    private static Step judge(OpsState state, OpsState.Blocked held, EventTypeDef type,
            Widget widget, Instant now) {
        try {
            return close(state, held, type, widget, now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "held submission [%s] cannot be judged", held.submissionId());
            AppendBatch rejected = new AppendBatch(List.of(closing(held, widget,
                    List.of("cannot be judged: " + e.getMessage()), now)), held.source(), true);
            return new Step(rejected, held.submissionId(), reason -> rejected, type,
                    widget.id().toString());
        }
    }

    /** Judged as intake judges an event sent now: the type's schema, then its targets. */
    private static Step close(OpsState state, OpsState.Blocked held, EventTypeDef type,
            Widget widget, Instant now) {
        EventEnvelope event = original(held.submission(), widget);
        List<FieldError> errors = new ArrayList<>(type.violations(event.metadata(),
                "/metadata"));
        IntakeService.checkTarget(state, type, widget, event, "", errors);
        List<String> violations = errors.stream().map(v -> v.pointer() + ": " + v.detail())
                .toList();
        Function<String, AppendBatch> refused = reason -> new AppendBatch(
                List.of(closing(held, widget, List.of(reason), now)), held.source(), true);
        String widgetId = widget.id().toString();
        if (!violations.isEmpty()) {
            return new Step(new AppendBatch(List.of(closing(held, widget, violations, now)),
                    held.source(), true), held.submissionId(), refused, type, widgetId);
        }
        return new Step(new AppendBatch(List.of(event, closing(held, widget, List.of(), now)),
                held.source(), true), held.submissionId(), refused, type, widgetId);
    }

    /** {@code opshub.submission-admitted}, or {@code -rejected} with the errors given. */
    private static EventEnvelope closing(OpsState.Blocked held, Widget widget,
            List<String> errors, Instant now) {
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("submissionId", held.submissionId().toString());
        if (!errors.isEmpty()) {
            ArrayNode list = metadata.putArray("errors");
            errors.forEach(list::add);
        }
        return SystemEvents.envelope(errors.isEmpty() ? SystemEvents.SUBMISSION_ADMITTED
                : SystemEvents.SUBMISSION_REJECTED, widget.id().toString(), metadata,
                held.submissionId().toString(), now);
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
