package opshub.verifier;

import java.util.Locale;

/** Why verification failed, from the auditor's point of view. */
public enum FindingKind {
    /** A checkpoint's signature is missing or does not verify with the trusted key. */
    BAD_SIGNATURE,
    /** An input is not in the documented format (a record, a note, a proof). */
    MALFORMED,
    /** A position is absent: the history skips it or ends before a signed tree size. */
    EVENT_MISSING,
    /** An event's recorded bytes differ from the ones that were signed or recorded. */
    LEAF_CHANGED,
    /** A recomputed root differs from the signed one; the change lies in a range. */
    ROOT_MISMATCH;

    /** The kind in words, as reports show it: "leaf changed". */
    public String words() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
