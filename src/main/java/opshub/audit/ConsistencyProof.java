package opshub.audit;

import java.util.List;

/** The proof that the tree of {@code to} leaves extends the tree of {@code from} leaves. */
public record ConsistencyProof(long from, long to, List<String> proof) {
}
