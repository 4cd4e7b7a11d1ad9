package opshub.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.catalog.EntityRef;
import opshub.ledger.AppendBatch;
import opshub.ledger.Digests;
import opshub.ledger.Ledger;
import opshub.ledger.Receipt;
import opshub.manifest.EventTypeDef;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;
import opshub.widget.Widget;

/**
 * Decides what becomes of submitted events. An event whose type an active manifest
 * registers and whose widget exists is checked against the type's schema and target kinds
 * and appended (addressed by the widget's id, even when sent by slug). An event whose type
 * or widget is missing is held: an {@code opshub.submission-blocked} event records it with
 * its reasons, and {@link Admission} appends it once both exist. A batch stays all or
 * nothing: one invalid event and nothing is stored.
 */
@ApplicationScoped
public class IntakeService {

    private final Ledger ledger;
    private final ProjectionEngine projections;

    IntakeService(Ledger ledger, ProjectionEngine projections) {
        this.ledger = ledger;
        this.projections = projections;
    }

    /** One event's fate: appended as {@code envelope}, or held for {@code reasons}. */
    record Decision(EventEnvelope envelope, EventEnvelope original, List<String> reasons) {
        boolean held() {
            return !reasons.isEmpty();
        }
    }

    public Uni<List<Receipt>> submit(IntakeBatch batch, String source, Instant now) {
        List<Decision> decisions = projections.read(state -> decide(state, batch, source, now));
        List<EventEnvelope> envelopes = decisions.stream().map(Decision::envelope).toList();
        List<AppendBatch.Alias> aliases = decisions.stream().map(IntakeService::alias).toList();

        return ledger.append(new AppendBatch(envelopes, source, batch.array(), aliases))
                .map(receipts -> {
                    List<Receipt> answers = new ArrayList<>(receipts.size());
                    for (int i = 0; i < receipts.size(); i++) {
                        Decision decision = decisions.get(i);
                        Receipt receipt = receipts.get(i);
                        // a hold answered with the submission's own receipt: it is recorded
                        boolean held = decision.held()
                                && !receipt.id().equals(decision.original().id());
                        answers.add(held ? receipt.asBlocked(decision.original().id(),
                                decision.reasons()) : receipt);
                    }
                    return answers;
                });
    }

    /** The other id the same submission may be stored under: its hold's, or its own. */
    private static AppendBatch.Alias alias(Decision decision) {
        return decision.held() ? new AppendBatch.Alias(decision.original().id(), true)
                : new AppendBatch.Alias(SystemEvents.holdId(decision.envelope().id()), false);
    }

    private static List<Decision> decide(OpsState state, IntakeBatch batch, String source,
            Instant now) {
        List<Decision> decisions = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.envelopes().size(); i++) {
            String at = batch.array() ? "/" + i : "";
            decisions.add(decide(state, batch.envelopes().get(i), at, source, now, errors));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return decisions;
    }

    private static Decision decide(OpsState state, EventEnvelope event, String at,
            String source, Instant now, List<FieldError> errors) {
        if (SystemEvents.isSystemType(event.eventType())) {
            errors.add(FieldError.of(at + "/eventType", "the opshub. namespace is reserved for"
                    + " events ops-hub appends itself", event.eventType(), "another name"));
            return null;
        }
        if (SystemEvents.HUB_WIDGET.equals(event.widgetId())) {
            // no widget can ever have this slug, so holding the event would hold it for good
            errors.add(FieldError.of(at + "/widgetId", "is the hub's own widget, reserved for"
                    + " the events ops-hub appends itself", event.widgetId(), "another widget"));
            return null;
        }
        EventTypeDef type = state.activeTypes().get(event.eventType());
        Optional<Widget> widget = state.widget(event.widgetId());
        List<String> reasons = new ArrayList<>();
        if (type == null) {
            reasons.add("event type " + event.eventType()
                    + " is not registered by an active manifest");
        }
        if (widget.isEmpty()) {
            reasons.add("widget " + event.widgetId() + " does not exist");
        }
        Optional<OpsState.Blocked> open = state.held(event.id());
        if (open.isPresent()) {
            // sent again while held: it stays held, judged when admission reaches it, so that
            // it is admitted in arrival order and with its first observedAt (or rejected)
            if (reasons.isEmpty()) {
                reasons.add("held at position " + open.get().heldAt() + ", admitted in"
                        + " arrival order now that its event type and widget exist");
            }
            return new Decision(hold(event, reasons, source, now), event, reasons);
        }

        if (type != null) {
            errors.addAll(type.violations(event.metadata(), at + "/metadata"));
        }
        if (type != null && widget.isPresent()) {
            checkTarget(state, type, widget.get(), event, at, errors);
        }
        if (!reasons.isEmpty()) {
            return new Decision(hold(event, reasons, source, now), event, reasons);
        }
        return new Decision(readdress(event, widget.get()), event, List.of());
    }

    /**
     * The type must allow the kind of the entity the event names in {@code metadata.entity},
     * or else the kind of its widget; the field that decided the kind is the one at fault.
     */
    static void checkTarget(OpsState state, EventTypeDef type, Widget widget,
            EventEnvelope event, String at, List<FieldError> errors) {
        // a textual entity is the one the projections file the evidence under
        boolean named = event.metadata().path("entity").isTextual();
        Optional<EntityRef> subject = state.subject(widget.id().toString(), event.metadata());
        if (named && subject.isEmpty()) {
            String entity = event.metadata().get("entity").asText();
            errors.add(FieldError.of(at + "/metadata/entity", "\"" + entity
                    + "\" is not a known entity", entity,
                    "<plural kind>/<key>, e.g. datastores/gitea-db"));
            return;
        }
        String kind = named ? subject.get().kind().singular() : widget.kind();
        String field = named ? "/metadata/entity" : "/widgetId";
        if (!type.targets().contains(kind)) {
            String article = "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ";
            errors.add(FieldError.of(at + field, "events of type " + type.name()
                    + " may not target " + article + kind, kind,
                    String.join(", ", type.targets())));
        }
    }

    static EventEnvelope readdress(EventEnvelope event, Widget widget) {
        return new EventEnvelope(event.id(), event.eventType(), widget.id().toString(),
                event.viewContext(), event.metadata(), event.observedAt(),
                event.expectedVersion(), event.contentHash());
    }

    /**
     * The hold's id derives from the event's, and it carries the event's content hash: a
     * re-sent blocked event is held once, and the same id with other content is a conflict.
     */
    private static EventEnvelope hold(EventEnvelope event, List<String> reasons, String source,
            Instant now) {
        ObjectNode metadata = SystemEvents.metadata();
        metadata.set("submission", submission(event));
        ArrayNode why = metadata.putArray("reasons");
        reasons.forEach(why::add);
        metadata.put("source", source);
        EventEnvelope held = SystemEvents.envelope(SystemEvents.SUBMISSION_BLOCKED,
                event.widgetId(), metadata, event.id().toString(), now);
        return new EventEnvelope(held.id(), held.eventType(), held.widgetId(),
                held.viewContext(), held.metadata(), held.observedAt(), null,
                event.contentHash());
    }

    static ObjectNode submission(EventEnvelope event) {
        ObjectNode submission = SystemEvents.metadata().removeAll();
        submission.put("id", event.id().toString());
        submission.put("widgetId", event.widgetId());
        submission.put("eventType", event.eventType());
        submission.put("viewContext", event.viewContext());
        submission.set("metadata", event.metadata());
        submission.put("observedAt", event.observedAt().toString());
        submission.put("contentHash", Digests.base64(event.contentHash()));
        return submission;
    }
}
