package opshub.audit;

import java.util.List;

/**
 * The proof that the event at {@code position} is leaf {@code leafIndex} (position - 1) of the
 * tree of {@code treeSize} leaves. Hashes are base64; {@code proof} runs from the leaf upwards.
 */
public record InclusionProof(long position, long leafIndex, long treeSize, String leafHash,
        List<String> proof) {
}
