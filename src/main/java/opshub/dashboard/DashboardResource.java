package opshub.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import opshub.audit.CheckpointStore;
import opshub.ledger.LedgerReader;
import opshub.projection.MomentParams;
import opshub.projection.ProjectionEngine;
import opshub.projection.StateQuery;
import opshub.security.Requires;
import opshub.security.Role;

/** What the dashboard needs beyond the projections' own endpoints: the overview in one read. */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.READER)
public class DashboardResource {

    private final StateQuery query;
    private final ProjectionEngine projections;
    private final LedgerReader reader;
    private final Pool pool;

    DashboardResource(StateQuery query, ProjectionEngine projections, LedgerReader reader,
            Pool pool) {
        this.query = query;
        this.projections = projections;
        this.reader = reader;
        this.pool = pool;
    }

    /**
     * Counts per kind, gates by status, migration progress and held submissions as of the
     * moment asked about; the ledger head, latest signed checkpoint and projection lag as
     * they are now.
     */
    @GET
    @Path("overview")
    public Uni<ObjectNode> overview(@BeanParam MomentParams moment) {
        Uni<ObjectNode> summary = query.answer(moment.moment(), Overview::of);
        return Uni.combine().all()
                .unis(summary, reader.head(), CheckpointStore.latest(pool))
                .with((view, head, checkpoint) -> Overview.withLedger(view, head,
                        projections.lag(), checkpoint.orElse(null)));
    }
}
