package opshub.readiness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import opshub.api.ProblemException;
import opshub.catalog.Entity;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;
import opshub.projection.MomentParams;
import opshub.projection.OpsState;
import opshub.projection.StateQuery;
import opshub.security.Requires;
import opshub.security.Role;

/** Readiness gates: every gate, one gate with its checks, and a gate's status history. */
@Path("/api/v1/readiness")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.READER)
public class ReadinessResource {

    private final StateQuery query;

    ReadinessResource(StateQuery query) {
        this.query = query;
    }

    @GET
    public Uni<ObjectNode> all(@BeanParam MomentParams moment) {
        return query.answer(moment.moment(), (state, now) -> {
            ObjectNode view = JsonNodeFactory.instance.objectNode();
            ArrayNode gates = view.putArray("gates");
            state.entities(EntityKind.GATES).forEach(g -> gates.add(GateEvaluator.view(
                    GateEvaluator.evaluate(g, state, now), now)));
            return view;
        });
    }

    @GET
    @Path("{gate}")
    public Uni<ObjectNode> one(@PathParam("gate") String gate, @BeanParam MomentParams moment) {
        return query.answer(moment.moment(), (state, now) -> GateEvaluator.view(
                GateEvaluator.evaluate(gate(state, gate), state, now), now));
    }

    @GET
    @Path("{gate}/history")
    public Uni<ObjectNode> history(@PathParam("gate") String gate,
            @BeanParam MomentParams moment) {
        return query.answer(moment.moment(), (state, now) -> {
            gate(state, gate);
            ObjectNode view = JsonNodeFactory.instance.objectNode().put("gate", gate);
            ArrayNode changes = view.putArray("changes");
            state.gateChanges(gate).forEach(change -> changes.addObject()
                    .put("position", change.position())
                    .put("recordedAt", change.recordedAt().toString())
                    .put("from", change.from())
                    .put("to", change.to())
                    .set("causedBy", change.detail().get("causedBy")));
            return view;
        });
    }

    private static Entity gate(OpsState state, String key) {
        return state.entity(new EntityRef(EntityKind.GATES, key))
                .orElseThrow(() -> ProblemException.notFound("readiness gate " + key));
    }
}
