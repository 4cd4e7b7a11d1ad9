package opshub.audit;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import opshub.api.ProblemException;
import opshub.security.Requires;
import opshub.security.Role;

/** What auditors fetch: proofs, the export of the recorded bytes, and a full re-verification. */
@Path("/api/v1/ledger")
@Requires(Role.AUDITOR)
public class AuditResource {

    static final String NDJSON = "application/x-ndjson";

    private final LedgerProofs proofs;
    private final LedgerExport export;
    private final LedgerVerification verification;

    AuditResource(LedgerProofs proofs, LedgerExport export, LedgerVerification verification) {
        this.proofs = proofs;
        this.export = export;
        this.verification = verification;
    }

    @GET
    @Path("proofs/inclusion")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<InclusionProof> inclusion(@QueryParam("position") String position,
            @QueryParam("treeSize") String treeSize) {
        return proofs.inclusion(required("position", position), required("treeSize", treeSize));
    }

    @GET
    @Path("proofs/consistency")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ConsistencyProof> consistency(@QueryParam("from") String from,
            @QueryParam("to") String to) {
        return proofs.consistency(required("from", from), required("to", to));
    }

    /** Streamed a page at a time; NDJSON streaming ends each page with the last newline. */
    @GET
    @Path("export")
    @Produces(NDJSON)
    public Multi<ExportPage> export(@QueryParam("from") String from, @QueryParam("to") String to) {
        long first = from == null || from.isEmpty() ? 1 : number("from", from);
        Long last = to == null || to.isEmpty() ? null : number("to", to);
        return export.export(first, last);
    }

    @GET
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<VerifyReport> verify() {
        return verification.verify();
    }

    private static long required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.badParameter(name, "is required", "nothing",
                    "a whole number");
        }
        return number(name, value);
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "must be a whole number", value,
                    "a whole number");
        }
    }
}
