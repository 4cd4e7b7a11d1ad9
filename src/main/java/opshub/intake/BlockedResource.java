package opshub.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import opshub.projection.ProjectionEngine;
import opshub.security.Requires;
import opshub.security.Role;

/** Submissions held until their event type and widget exist, in arrival order. */
@Path("/api/v1/blocked")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.READER)
public class BlockedResource {

    private final ProjectionEngine projections;

    BlockedResource(ProjectionEngine projections) {
        this.projections = projections;
    }

    @GET
    public ObjectNode list() {
        return projections.read(state -> {
            ObjectNode view = JsonNodeFactory.instance.objectNode()
                    .put("position", state.position());
            ArrayNode items = view.putArray("blocked");
            state.blocked().forEach(held -> {
                ObjectNode item = items.addObject();
                item.put("id", held.submissionId().toString());
                item.put("heldAt", held.heldAt());
                item.put("heldSince", held.heldTime().toString());
                item.put("source", held.source());
                ArrayNode reasons = item.putArray("reasons");
                held.reasons().forEach(reasons::add);
                ObjectNode submission = held.submission().deepCopy();
                submission.remove("contentHash");
                item.set("submission", submission);
            });
            return view;
        });
    }
}
