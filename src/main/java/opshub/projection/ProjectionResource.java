package opshub.projection;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import opshub.security.Requires;
import opshub.security.Role;

/** Rebuilds the projections from position 1 and says whether the result equals the live one. */
@Path("/api/v1/projections")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class ProjectionResource {

    private final ProjectionEngine projections;

    ProjectionResource(ProjectionEngine projections) {
        this.projections = projections;
    }

    @POST
    @Path("rebuild")
    public Uni<ProjectionEngine.Rebuild> rebuild() {
        return projections.rebuild();
    }
}
