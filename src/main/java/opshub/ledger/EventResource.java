package opshub.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import opshub.OpsHubConfig;
import opshub.api.JsonBodies;
import opshub.api.Params;
import opshub.api.ProblemException;
import opshub.intake.EnvelopeReader;
import opshub.intake.IntakeService;
import opshub.intake.IntakeBatch;
import opshub.security.Caller;
import opshub.security.Requires;
import opshub.security.Role;

/** Ingest of evidence events and replay of the ledger. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final IntakeService intake;
    private final LedgerReader reader;
    private final EnvelopeReader envelopes;
    private final long maxBody;

    EventResource(IntakeService intake, LedgerReader reader, OpsHubConfig config) {
        this.intake = intake;
        this.reader = reader;
        this.envelopes = new EnvelopeReader(config.intake().maxBatch(),
                config.intake().maxClockSkew());
        this.maxBody = config.intake().maxBody();
    }

    @POST
    @Path("events")
    @Consumes(MediaType.WILDCARD)
    @Requires(Role.PROBE)
    public Uni<Response> append(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body, @Context ContainerRequestContext request) {
        JsonNode json = JsonBodies.read(contentType, body, maxBody);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        IntakeBatch batch = envelopes.read(json, now);

        return intake.submit(batch, Caller.of(request).name(), now)
                .map(receipts -> receiptResponse(receipts, batch.array()));
    }

    @GET
    @Path("events")
    @Requires(Role.READER)
    public Uni<ObjectNode> replay(@QueryParam("after") String after,
            @QueryParam("limit") String limit, @QueryParam("eventType") String eventType,
            @QueryParam("widgetId") String widgetId) {
        long from = Params.position("after", after, 0);
        int count = Params.limit(limit);
        return reader.after(from, count, eventType, widgetId).call(events -> events.isEmpty()
                && from > 0 ? withinHead(from) : Uni.createFrom().voidItem())
                .map(events -> page(events, from));
    }

    /**
     * A cursor beyond the head comes from another (reset or restored) ledger: following it
     * would skip events. Checked only when a page comes back empty, so tailing costs nothing.
     */
    private Uni<Void> withinHead(long after) {
        return reader.head().invoke(head -> {
            if (after > head) {
                throw ProblemException.badParameter("after", "is beyond the ledger's head", after,
                        "at most " + head);
            }
        }).replaceWithVoid();
    }

    @GET
    @Path("events/{id}")
    @Requires(Role.READER)
    public Uni<ObjectNode> byId(@PathParam("id") String id) {
        UUID uuid = Params.uuid("id", id);
        return reader.byId(uuid).map(found -> LedgerReader.view(found.orElseThrow(
                () -> ProblemException.notFound("event " + id))));
    }

    /** 201 when anything was recorded, else 202 when anything was held, else 200. */
    private static Response receiptResponse(List<Receipt> receipts, boolean array) {
        int status = has(receipts, ReceiptStatus.RECORDED) ? 201
                : has(receipts, ReceiptStatus.BLOCKED) ? 202 : 200;
        ArrayNode views = JsonNodeFactory.instance.arrayNode();
        receipts.forEach(r -> views.add(receiptView(r)));
        Object entity = array ? views : views.get(0);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(entity).build();
    }

    private static boolean has(List<Receipt> receipts, ReceiptStatus status) {
        return receipts.stream().anyMatch(r -> r.status() == status);
    }

    private static ObjectNode receiptView(Receipt receipt) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", receipt.id().toString());
        view.put("position", receipt.position());
        view.put("recordedAt", receipt.recordedAt().toString());
        view.put("leafHash", Digests.base64(receipt.leafHash()));
        view.put("status", receipt.status().wire());
        if (!receipt.reasons().isEmpty()) {
            ArrayNode reasons = view.putArray("reasons");
            receipt.reasons().forEach(reasons::add);
        }
        return view;
    }

    /** A page of events; {@code next} is the cursor to pass as {@code after} next time. */
    public static ObjectNode page(List<RecordedEvent> events, long after) {
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        ArrayNode items = page.putArray("events");
        events.forEach(e -> items.add(LedgerReader.view(e)));
        page.put("next", events.isEmpty() ? after : events.get(events.size() - 1).position());
        return page;
    }
}
