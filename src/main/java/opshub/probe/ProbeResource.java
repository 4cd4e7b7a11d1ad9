package opshub.probe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import opshub.ledger.LedgerReader;
import opshub.ledger.ReceiptStatus;
import opshub.security.Requires;
import opshub.security.Role;

/** The built-in probes: their settings, last results and next runs; a run on request. */
@Path("/api/v1/probes")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    private final ProbeService probes;
    private final LedgerReader reader;

    ProbeResource(ProbeService probes, LedgerReader reader) {
        this.probes = probes;
        this.reader = reader;
    }

    @GET
    @Requires(Role.READER)
    public ObjectNode list() {
        return probes.view();
    }

    /** 201 with the recorded event; 202 with the receipt when the event was held. */
    @POST
    @Path("{endpoint}/run")
    @Requires(Role.ADMIN)
    public Uni<Response> run(@PathParam("endpoint") String endpoint) {
        return probes.runNow(endpoint).chain(receipt -> {
            if (receipt.status() == ReceiptStatus.BLOCKED) {
                ObjectNode held = JsonNodeFactory.instance.objectNode()
                        .put("id", receipt.id().toString())
                        .put("position", receipt.position())
                        .put("status", receipt.status().wire());
                receipt.reasons().forEach(held.putArray("reasons")::add);
                return Uni.createFrom().item(Response.status(202).entity(held).build());
            }
            return reader.byId(receipt.id()).map(event -> Response.status(201)
                    .entity(LedgerReader.view(event.orElseThrow())).build());
        });
    }
}
