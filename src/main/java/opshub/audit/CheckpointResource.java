package opshub.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import opshub.api.Params;
import opshub.api.ProblemException;
import opshub.security.Requires;
import opshub.security.Role;

/** The ledger's public key and its signed checkpoints. */
@Path("/api/v1/ledger")
public class CheckpointResource {

    private final Pool pool;
    private final CheckpointKey key;
    private final CheckpointSigner signer;

    CheckpointResource(Pool pool, CheckpointKey key, CheckpointSigner signer) {
        this.pool = pool;
        this.key = key;
        this.signer = signer;
    }

    @GET
    @Path("public-key")
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Role.READER)
    public Uni<String> publicKey() {
        // a Uni keeps the call on the event loop, where token checks must run
        return Uni.createFrom().item(key.verifierKey() + "\n");
    }

    @GET
    @Path("checkpoint")
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Role.READER)
    public Uni<String> latest() {
        return CheckpointStore.latest(pool).map(latest -> latest.orElseThrow(
                () -> ProblemException.notFound("a signed checkpoint")).note());
    }

    @GET
    @Path("checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(Role.READER)
    public Uni<Map<String, Object>> history(@QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        long from = Params.position("after", after, -1);
        return CheckpointStore.after(pool, from, Params.limit(limit)).map(page -> {
            List<CheckpointView> views = page.stream().map(CheckpointView::of).toList();
            long next = page.isEmpty() ? from : page.get(page.size() - 1).treeSize();
            return Map.of("checkpoints", views, "next", next);
        });
    }

    /** Signs a checkpoint of the whole ledger now: 201, or 200 with the latest if it has it. */
    @POST
    @Path("checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(Role.ADMIN)
    public Uni<Response> signNow() {
        return signer.sign(true).chain(signed -> signed.isPresent()
                ? Uni.createFrom().item(created(signed.get()))
                : CheckpointStore.latest(pool).map(latest -> Response.ok(
                        CheckpointView.of(latest.orElseThrow())).build()));
    }

    private static Response created(SignedCheckpoint checkpoint) {
        return Response.status(Response.Status.CREATED).entity(CheckpointView.of(checkpoint))
                .build();
    }
}
