package opshub.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 and the base64 form in which the API shows hashes. */
public final class Digests {

    /** This thread's digest, reset by each {@code digest}: a lookup costs more than a hash. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    });

    private Digests() {
    }

    public static byte[] sha256(byte[] data) {
        return SHA_256.get().digest(data);
    }

    public static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }
}
