package opshub.inventory;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import opshub.api.Documents;
import opshub.security.Caller;
import opshub.security.Requires;
import opshub.security.Role;

/** Loads an inventory document (YAML or JSON) and reconciles the ledger with it. */
@Path("/api/v1/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public class InventoryResource {

    private static final long MAX_BODY = 8_388_608;

    private final Reconciler reconciler;

    InventoryResource(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Reconciler.Outcome> load(@HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body, @Context ContainerRequestContext request) {
        Inventory inventory = InventoryReader.read(Documents.read(type, body, MAX_BODY));
        return reconciler.reconcile(inventory, Caller.of(request).name());
    }
}
