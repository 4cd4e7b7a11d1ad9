package opshub.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import opshub.verifier.Finding;

/**
 * The outcome of re-verifying the ledger: {@code ok} or {@code failed}, the ledger head, the
 * largest tree size whose signed root was recomputed and matched, the number of checkpoints
 * checked, and on failure the first finding (kind, position, detail).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyReport(String status, long treeSize, long verifiedSize, int checkpoints,
        FindingView finding) {

    /** A finding on the wire: the kind in kebab case, e.g. {@code leaf-changed}. */
    public record FindingView(String kind, Long position, String detail) {

        static FindingView of(Finding finding) {
            return new FindingView(finding.kind().words().replace(' ', '-'),
                    finding.position() > 0 ? finding.position() : null, finding.detail());
        }
    }
}
