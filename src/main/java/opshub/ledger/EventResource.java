package opshub.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import opshub.widget.WidgetService;

/** Ingest of evidence events and replay of the ledger. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    /** Bodies up to this size (a few events) are read on the event loop they arrive on. */
    static final int INLINE_BODY = 16 * 1024;

    private final IntakeService intake;
    private final LedgerReader reader;
    private final WidgetService widgets;
    private final EnvelopeReader envelopes;
    private final long maxBody;

    EventResource(IntakeService intake, LedgerReader reader, WidgetService widgets,
            OpsHubConfig config) {
        this.intake = intake;
        this.reader = reader;
        this.widgets = widgets;
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
        String source = Caller.of(request).name();
        if (body == null || body.length <= INLINE_BODY) {
            return submit(contentType, body, source);
        }
        // milliseconds of parsing and checking: not on the event loop, which also carries
        // the ledger writer's database traffic while it holds the append lock
        return Uni.createFrom().deferred(() -> submit(contentType, body, source))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Response> submit(String contentType, byte[] body, String source) {
        JsonNode json = JsonBodies.read(contentType, body, maxBody);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        IntakeBatch batch = envelopes.read(json, now);

        return intake.submit(batch, source, now)
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
        String recordedId = widgetId == null ? null : widgets.recordedId(widgetId);
        return pageAfter(reader, from, count, eventType, recordedId);
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
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(receiptJson(receipts, array)).build();
    }

    private static boolean has(List<Receipt> receipts, ReceiptStatus status) {
        return receipts.stream().anyMatch(r -> r.status() == status);
    }

    /** Written straight to bytes: every ingest request pays for this, once per event. */
    private static byte[] receiptJson(List<Receipt> receipts, boolean array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 * receipts.size());
        try (JsonGenerator json = JsonBodies.STRICT.createGenerator(out)) {
            if (array) {
                json.writeStartArray();
            }
            for (Receipt receipt : array ? receipts : receipts.subList(0, 1)) {
                writeReceipt(receipt, json);
            }
            if (array) {
                json.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeReceipt(Receipt receipt, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", receipt.id().toString());
        json.writeNumberField("position", receipt.position());
        json.writeStringField("recordedAt", receipt.recordedAt().toString());
        json.writeStringField("leafHash", Digests.base64(receipt.leafHash()));
        json.writeStringField("status", receipt.status().wire());
        if (!receipt.reasons().isEmpty()) {
            json.writeArrayFieldStart("reasons");
            for (String reason : receipt.reasons()) {
                json.writeString(reason);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /**
     * The page of events after the cursor {@code after}. A cursor beyond the head comes from
     * another (reset or restored) ledger, and following it would skip events: a 400 naming
     * {@code after}. Checked only when a page comes back empty, so tailing costs nothing.
     */
    public static Uni<ObjectNode> pageAfter(LedgerReader reader, long after, int limit,
            String eventType, String widgetId) {
        return reader.after(after, limit, eventType, widgetId)
                .call(events -> events.isEmpty() && after > 0 ? withinHead(reader, after)
                        : Uni.createFrom().voidItem())
                .map(events -> page(events, after));
    }

    private static Uni<Void> withinHead(LedgerReader reader, long after) {
        return reader.head().invoke(head -> {
            if (after > head) {
                throw ProblemException.badParameter("after", "is beyond the ledger's head", after,
                        "at most " + head);
            }
        }).replaceWithVoid();
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
