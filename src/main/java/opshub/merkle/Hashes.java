package opshub.merkle;

import java.util.HexFormat;
import java.util.Objects;

/** Checks and formatting for hash values shared by this package. */
final class Hashes {

    private Hashes() {
    }

    /** Returns a copy of {@code hash} after checking it is exactly one SHA-256 value long. */
    static byte[] requireHash(byte[] hash, String what) {
        Objects.requireNonNull(hash, what);
        if (hash.length != Rfc6962.HASH_SIZE) {
            throw new IllegalArgumentException(what + " has wrong size: got " + hash.length
                    + " bytes, want " + Rfc6962.HASH_SIZE);
        }

        return hash.clone();
    }

    static String hex(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }
}
