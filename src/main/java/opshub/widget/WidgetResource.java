package opshub.widget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import opshub.api.Documents;
import opshub.api.FieldError;
import opshub.api.Params;
import opshub.api.ProblemException;
import opshub.ledger.EventResource;
import opshub.ledger.LedgerReader;
import opshub.projection.MomentParams;
import opshub.projection.ProjectionEngine;
import opshub.projection.StateQuery;
import opshub.security.Caller;
import opshub.security.Requires;
import opshub.security.Role;

/** Widgets: registration, lookup by id or slug, their events and evidence timeline. */
@Path("/api/v1/widgets")
@Produces(MediaType.APPLICATION_JSON)
public class WidgetResource {

    private static final Set<String> FIELDS = Set.of("slug", "kind", "target");

    private final WidgetService widgets;
    private final ProjectionEngine projections;
    private final LedgerReader reader;
    private final StateQuery query;

    WidgetResource(WidgetService widgets, ProjectionEngine projections, LedgerReader reader,
            StateQuery query) {
        this.widgets = widgets;
        this.projections = projections;
        this.reader = reader;
        this.query = query;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Requires(Role.ADMIN)
    public Uni<Response> register(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body, @Context ContainerRequestContext request) {
        JsonNode json = Documents.readJson(contentType, body, 16_384);
        List<FieldError> errors = new ArrayList<>();
        json.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                errors.add(FieldError.of("/" + f, "unknown field", f, "slug, kind, target"));
            }
        });
        if (!json.isObject()) {
            throw ProblemException.invalid(FieldError.of("", "must be a JSON object",
                    json.getNodeType(), "object"));
        }
        errors.addAll(WidgetService.check(json, ""));
        String slug = json.path("slug").asText(null);
        String kind = json.path("kind").asText(null);
        String target = json.path("target").asText(null);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        boolean existed = projections.read(state -> state.widget(slug).isPresent());
        return widgets.register(slug, kind, target, "api", Caller.of(request).name())
                .map(widget -> Response.status(existed ? 200 : 201).entity(view(widget)).build());
    }

    @GET
    @Requires(Role.READER)
    public Uni<ObjectNode> list(@BeanParam MomentParams moment) {
        return query.answer(moment.moment(), (state, now) -> {
            ObjectNode view = JsonNodeFactory.instance.objectNode();
            ArrayNode items = view.putArray("widgets");
            state.widgets().forEach(w -> items.add(view(w)));
            return view;
        });
    }

    @GET
    @Path("{idOrSlug}")
    @Requires(Role.READER)
    public Uni<ObjectNode> one(@PathParam("idOrSlug") String idOrSlug,
            @BeanParam MomentParams moment) {
        return query.answer(moment.moment(), (state, now) -> view(state.widget(idOrSlug)
                .orElseThrow(() -> ProblemException.notFound("widget " + idOrSlug))));
    }

    /** Every event recorded for the widget, oldest first, by the id events carry. */
    @GET
    @Path("{widgetId}/events")
    @Requires(Role.READER)
    public Uni<ObjectNode> events(@PathParam("widgetId") String widgetId,
            @QueryParam("after") String after, @QueryParam("limit") String limit) {
        long from = Params.position("after", after, 0);
        int count = Params.limit(limit);
        return EventResource.pageAfter(reader, from, count, null,
                widgets.recordedId(widgetId));
    }

    /** The widget's evidence, newest first, as the ledger stood at the moment asked. */
    @GET
    @Path("{idOrSlug}/timeline")
    @Requires(Role.READER)
    public Uni<ObjectNode> timeline(@PathParam("idOrSlug") String idOrSlug,
            @QueryParam("limit") String limit, @BeanParam MomentParams moment) {
        int count = Params.limit(limit);
        boolean past = moment.moment().asOf() != null || moment.moment().atPosition() != null;
        return query.answer(moment.moment(), (state, now) -> {
            Widget widget = state.widget(idOrSlug)
                    .orElseThrow(() -> ProblemException.notFound("widget " + idOrSlug));
            // a current read shows every event recorded, even one not yet projected
            return view(widget).put("upTo", past ? state.position() : Long.MAX_VALUE);
        }).chain(view -> reader.timeline(view.get("id").asText(), view.get("upTo").asLong(),
                count).map(events -> {
                    ArrayNode items = view.putArray("timeline");
                    events.forEach(e -> items.add(LedgerReader.view(e)));
                    view.remove("upTo");
                    return view;
                }));
    }

    static ObjectNode view(Widget widget) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", widget.id().toString());
        view.put("slug", widget.slug());
        view.put("kind", widget.kind());
        view.put("target", widget.target());
        view.put("origin", widget.origin());
        view.put("registeredAt", widget.registeredAt());
        return view;
    }
}
