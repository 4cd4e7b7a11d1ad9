package opshub.readiness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import opshub.catalog.Entity;
import opshub.catalog.EntityKind;
import opshub.intake.EventEnvelope;
import opshub.projection.HubEvents;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;
import opshub.widget.Widget;
import org.jboss.logging.Logger;

/**
 * Records every change of a readiness gate's status as an {@code opshub.gate-status-changed}
 * event, so readiness has a history. Gates are re-evaluated whenever the projections advance
 * (new evidence) and every few seconds (evidence going stale needs no event); advances
 * during an evaluation are folded into one more evaluation after it. Nothing is evaluated
 * before the projections have caught up with the ledger as it stood at start-up: a state
 * half-way through its history would record changes that never happened. The event's id
 * derives from the gate, the new status and the last recorded change, so two evaluations of
 * the same change record it once.
 */
@ApplicationScoped
public class GateRecorder {

    private static final Logger LOG = Logger.getLogger(GateRecorder.class);

    private final ProjectionEngine projections;
    private final HubEvents hub;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    GateRecorder(ProjectionEngine projections, HubEvents hub) {
        this.projections = projections;
        this.hub = hub;
    }

    void start(@Observes StartupEvent event) {
        projections.onAdvance(position -> record());
    }

    @Scheduled(every = "5s", delayed = "5s")
    void sweep() {
        record();
    }

    public void record() {
        if (!projections.caughtUpWithStartup()) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<EventEnvelope> changes = projections.read(state -> changes(state, now));
        hub.append(changes, SystemEvents.SOURCE).subscribe().with(
                receipts -> finish(),
                failure -> {
                    LOG.warnf("recording gate status changes failed: %s", failure.getMessage());
                    finish();
                });
    }

    private void finish() {
        running.set(false);
        if (again.get()) {
            record();
        }
    }

    static List<EventEnvelope> changes(OpsState state, Instant now) {
        List<EventEnvelope> changes = new ArrayList<>();
        for (Entity gate : state.entities(EntityKind.GATES)) {
            GateEvaluator.GateResult result = GateEvaluator.evaluate(gate, state, now);
            String to = result.status().wire();
            String from = state.recordedGateStatus(gate.ref().key()).orElse("none");
            if (!to.equals(from)) {
                changes.add(change(state, result, from, now));
            }
        }
        return changes;
    }

    private static EventEnvelope change(OpsState state, GateEvaluator.GateResult gate,
            String from, Instant now) {
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("gate", gate.key());
        metadata.put("from", from);
        metadata.put("to", gate.status().wire());
        ObjectNode causedBy = metadata.putObject("causedBy");
        causedBy.put("position", gate.checks().stream()
                .flatMap(c -> c.decidedBy().stream()).mapToLong(e -> e.position()).max()
                .orElse(0));
        ObjectNode checks = causedBy.putObject("checks");
        gate.checks().forEach(c -> checks.put(c.key(), c.status().wire()));
        long lastChange = state.gateChanges(gate.key()).stream()
                .mapToLong(OpsState.GateChange::position).max().orElse(0);
        String widget = state.widgets().stream()
                .filter(w -> ("gates/" + gate.key()).equals(w.target()))
                .map(Widget::id).map(Object::toString).findFirst()
                .orElse(SystemEvents.HUB_WIDGET);
        return SystemEvents.envelope(SystemEvents.GATE_STATUS_CHANGED, widget, metadata,
                gate.key() + "|" + gate.status().wire() + "|" + lastChange, now);
    }
}
