package opshub.widget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import opshub.api.FieldError;
import opshub.api.ProblemException;
import opshub.api.ProblemType;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.intake.EventEnvelope;
import opshub.projection.HubEvents;
import opshub.projection.ProjectionEngine;
import opshub.projection.SystemEvents;

/**
 * Registers widgets. A widget's id derives from its slug, so the same inventory yields the
 * same widget ids on every installation. Registration is a ledger event of the hub, not of
 * the widget, so a widget's own events (and its expected version) are its evidence only.
 */
@ApplicationScoped
public class WidgetService {

    public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final HubEvents hub;
    private final ProjectionEngine projections;

    WidgetService(HubEvents hub, ProjectionEngine projections) {
        this.hub = hub;
        this.projections = projections;
    }

    /** Requires a valid slug, kind and target (see {@link #check}). */
    public Uni<Widget> register(String slug, String kind, String target, String origin,
            String source) {
        Optional<Widget> existing = projections.read(state -> state.widget(slug));
        if (existing.isPresent()) {
            Widget widget = existing.get();
            if (widget.kind().equals(kind) && widget.target().equals(target)) {
                return Uni.createFrom().item(widget);
            }
            throw new ProblemException(ProblemType.CONFLICT, "widget " + slug
                    + " exists with kind " + widget.kind() + " and target " + widget.target(),
                    List.of(FieldError.of("/slug", "already exists", slug, "a new slug")));
        }
        long basis = projections.position();
        return hub.append(List.of(registration(slug, kind, target, origin, basis, now())), source)
                .map(receipts -> projections.read(state -> state.widget(slug)).orElseThrow());
    }

    /**
     * The widgetId a widget's events are recorded under: its id, whether it is named by id
     * or by slug. A name no widget has is returned as given.
     */
    public String recordedId(String idOrSlug) {
        return projections.read(state -> state.widget(idOrSlug)
                .map(widget -> widget.id().toString()).orElse(idOrSlug));
    }

    public static UUID idOf(String slug) {
        return SystemEvents.derivedId("widget:" + slug);
    }

    /** {@code basis}: the position the registration was decided at, part of its id. */
    public static EventEnvelope registration(String slug, String kind, String target,
            String origin, long basis, Instant now) {
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("id", idOf(slug).toString());
        metadata.put("slug", slug);
        metadata.put("kind", kind);
        metadata.put("target", target);
        metadata.put("origin", origin);
        return SystemEvents.envelope(SystemEvents.WIDGET_REGISTERED, SystemEvents.HUB_WIDGET,
                metadata, slug + "|" + kind + "|" + target + "|" + basis, now);
    }

    public static EventEnvelope retirement(Widget widget) {
        ObjectNode metadata = SystemEvents.metadata();
        metadata.put("id", widget.id().toString());
        metadata.put("slug", widget.slug());
        return SystemEvents.envelope(SystemEvents.WIDGET_RETIRED, SystemEvents.HUB_WIDGET,
                metadata, widget.slug() + "|retired|" + widget.registeredAt(), now());
    }

    /** Every problem with a widget definition, pointers under {@code at}. */
    /**
     * What is wrong with the widget {@code item} declares (an API body, an inventory entry):
     * {@code slug}, {@code kind} and {@code target} must be strings, never the text of a
     * number or a boolean, and then as below.
     */
    public static List<FieldError> check(JsonNode item, String at) {
        List<FieldError> errors = new java.util.ArrayList<>();
        for (String field : List.of("slug", "kind", "target")) {
            JsonNode value = item.path(field);
            if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                errors.add(FieldError.of(at + "/" + field, "must be a string",
                        value.getNodeType(), "string"));
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        return check(item.path("slug").asText(null), item.path("kind").asText(null),
                item.path("target").asText(null), at);
    }

    public static List<FieldError> check(String slug, String kind, String target, String at) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (slug == null || !SLUG.matcher(slug).matches()) {
            errors.add(FieldError.of(at + "/slug", "must be a slug", slug, SLUG.pattern()));
        } else if (UUID_FORM.matcher(slug).matches()) {
            // widgetId names a widget by id or by slug: a slug shaped like an id could
            // shadow another widget's id, or be shadowed by it
            errors.add(FieldError.of(at + "/slug", "must not have the form of a UUID", slug,
                    "a name such as gitea-registry"));
        } else if (SystemEvents.HUB_WIDGET.equals(slug)) {
            errors.add(FieldError.of(at + "/slug", "is reserved for the hub's own events", slug,
                    "another slug"));
        }
        if (kind == null || !Widget.isKnownKind(kind)) {
            errors.add(FieldError.of(at + "/kind", "is not a widget kind", kind,
                    "view or one of " + kinds()));
        } else if (!Widget.VIEW.equals(kind)) {
            Optional<EntityRef> ref = EntityRef.parse(target);
            if (ref.isEmpty() || !ref.get().kind().singular().equals(kind)) {
                errors.add(FieldError.of(at + "/target", "must name a " + kind + " entity",
                        target, EntityKind.ofSingular(kind).orElseThrow().plural() + "/<key>"));
            }
        } else if (target == null || target.isBlank() || target.length() > 200) {
            errors.add(FieldError.of(at + "/target", "must name the view", target,
                    "e.g. catalog"));
        }
        return errors;
    }

    private static String kinds() {
        return String.join(", ", java.util.Arrays.stream(EntityKind.values())
                .map(EntityKind::singular).toList());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
