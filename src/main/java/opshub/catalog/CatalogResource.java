package opshub.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import opshub.api.ProblemException;
import opshub.projection.MomentParams;
import opshub.projection.StateQuery;
import opshub.security.Requires;
import opshub.security.Role;

/** The service catalog: counts, entities of a kind, one entity with relations and health. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.READER)
public class CatalogResource {

    private final StateQuery query;

    CatalogResource(StateQuery query) {
        this.query = query;
    }

    @GET
    @Path("catalog")
    public Uni<ObjectNode> counts(@BeanParam MomentParams moment) {
        return query.answer(moment.moment(), (state, now) -> CatalogViews.counts(state));
    }

    @GET
    @Path("catalog/{kind}")
    public Uni<ObjectNode> list(@PathParam("kind") String kind, @BeanParam MomentParams moment) {
        EntityKind entityKind = kind(kind);
        return query.answer(moment.moment(),
                (state, now) -> CatalogViews.list(state, entityKind, now));
    }

    @GET
    @Path("catalog/{kind}/{key: .+}")
    public Uni<ObjectNode> entity(@PathParam("kind") String kind, @PathParam("key") String key,
            @BeanParam MomentParams moment) {
        EntityRef ref = new EntityRef(kind(kind), key);
        return query.answer(moment.moment(), (state, now) -> CatalogViews.entity(state, ref, now));
    }

    @GET
    @Path("gaps")
    public Uni<ObjectNode> gaps(@BeanParam MomentParams moment) {
        return query.answer(moment.moment(), GapReport::of);
    }

    private static EntityKind kind(String name) {
        return EntityKind.ofPlural(name).filter(EntityKind.CATALOG::contains)
                .orElseThrow(() -> ProblemException.notFound("catalog kind " + name));
    }
}
