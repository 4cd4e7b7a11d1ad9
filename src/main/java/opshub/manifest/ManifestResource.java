package opshub.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import opshub.api.Documents;
import opshub.projection.OpsState;
import opshub.projection.ProjectionEngine;
import opshub.security.Caller;
import opshub.security.Requires;
import opshub.security.Role;

/** Manifests (register, activate, retire, list) and the event types they make active. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ManifestResource {

    private static final long MAX_BODY = 1_048_576;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ManifestService manifests;
    private final ProjectionEngine projections;

    ManifestResource(ManifestService manifests, ProjectionEngine projections) {
        this.manifests = manifests;
        this.projections = projections;
    }

    @POST
    @Path("manifests")
    @Consumes(MediaType.WILDCARD)
    @Requires(Role.ADMIN)
    public Uni<Response> register(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body, @Context ContainerRequestContext request) {
        Manifest manifest = ManifestReader.read(Documents.read(contentType, body, MAX_BODY));
        boolean existed = projections.read(state -> state.manifest(manifest.id()).isPresent());
        return manifests.register(manifest, Caller.of(request).name())
                .map(entry -> Response.status(existed ? 200 : 201).entity(view(entry)).build());
    }

    /** {@code activate} or {@code retire}: the manifest's next state, a ledger event. */
    @POST
    @Path("manifests/{name}/{version}/{change: activate|retire}")
    @Requires(Role.ADMIN)
    public Uni<ObjectNode> change(@PathParam("name") String name,
            @PathParam("version") String version, @PathParam("change") String change,
            @Context ContainerRequestContext request) {
        String id = name + "@" + version;
        String source = Caller.of(request).name();
        return (change.equals("activate") ? manifests.activate(id, source)
                : manifests.retire(id, source)).map(ManifestResource::view);
    }

    @GET
    @Path("manifests")
    @Requires(Role.READER)
    public ObjectNode list() {
        return projections.read(state -> {
            ObjectNode view = JSON.objectNode().put("position", state.position());
            ArrayNode items = view.putArray("manifests");
            state.manifests().forEach(m -> items.add(view(m)));
            return view;
        });
    }

    @GET
    @Path("event-types")
    @Requires(Role.READER)
    public ObjectNode eventTypes() {
        return projections.read(state -> {
            ObjectNode view = JSON.objectNode().put("position", state.position());
            ArrayNode items = view.putArray("eventTypes");
            state.activeTypes().values().forEach(type -> {
                ObjectNode item = items.addObject();
                item.put("name", type.name());
                item.put("description", type.description());
                item.put("manifest", type.manifest());
                ArrayNode targets = item.putArray("targets");
                type.targets().forEach(targets::add);
                item.set("schema", type.schema());
            });
            return view;
        });
    }

    static ObjectNode view(OpsState.ManifestEntry entry) {
        ObjectNode view = JSON.objectNode();
        view.put("name", entry.manifest().name());
        view.put("version", entry.manifest().version());
        view.put("status", entry.status().wire());
        view.put("registeredAt", entry.registeredAt());
        view.put("changedAt", entry.changedAt());
        ArrayNode types = view.putArray("eventTypes");
        entry.manifest().eventTypes().forEach(t -> types.add(t.name()));
        return view;
    }
}
