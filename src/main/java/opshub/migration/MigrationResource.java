package opshub.migration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import opshub.projection.MomentParams;
import opshub.projection.StateQuery;
import opshub.security.Requires;
import opshub.security.Role;

/** Migrations: waves, services with disposition and status, and blockers. */
@Path("/api/v1/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.READER)
public class MigrationResource {

    private final StateQuery query;

    MigrationResource(StateQuery query) {
        this.query = query;
    }

    @GET
    public Uni<ObjectNode> all(@BeanParam MomentParams moment) {
        return query.answer(moment.moment(), MigrationViews::list);
    }

    @GET
    @Path("{id}")
    public Uni<ObjectNode> one(@PathParam("id") String id, @BeanParam MomentParams moment) {
        return query.answer(moment.moment(), (state, now) -> MigrationViews.one(state, id, now));
    }
}
