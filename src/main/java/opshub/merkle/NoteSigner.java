package opshub.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;

/**
 * Signs notes and checkpoints with one Ed25519 key under a key name, producing C2SP signed notes:
 * the text, a blank line, and "— &lt;name&gt; &lt;base64(key id || signature)&gt;". The private
 * key string form is "PRIVATE+KEY+&lt;name&gt;+&lt;hex id&gt;+&lt;base64(0x01 || seed)&gt;", as
 * Go's golang.org/x/mod/sumdb/note uses. {@link #toString()} never reveals the key.
 */
public final class NoteSigner {

    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private final PrivateKey privateKey;
    private final byte[] seed;
    private final NoteVerifier verifier;

    private NoteSigner(String name, KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.seed = Ed25519Keys.seed(pair.getPrivate());
        this.verifier = NoteVerifier.of(name, pair.getPublic());
    }

    /** Returns a signer for a fresh random key. */
    public static NoteSigner generate(String name) {
        NoteVerifier.requireKeyName(name);
        return new NoteSigner(name, Ed25519Keys.generate());
    }

    /** Returns a signer for a 32-byte Ed25519 seed (the RFC 8032 private key). */
    public static NoteSigner fromSeed(String name, byte[] seed) {
        NoteVerifier.requireKeyName(name);
        return new NoteSigner(name, Ed25519Keys.keyPair(seed));
    }

    /** Returns a signer for a JDK key pair. Requires the public key to belong to the private. */
    public static NoteSigner of(String name, KeyPair pair) {
        NoteSigner signer = fromSeed(name, Ed25519Keys.seed(pair.getPrivate()));
        byte[] given = Ed25519Keys.rawPublicKey(pair.getPublic());
        if (!Arrays.equals(given, signer.verifier.rawPublicKey())) {
            throw new IllegalArgumentException(
                    "public key does not belong to the private key of the pair");
        }
        return signer;
    }

    /** Parses a private signer key string; its key id must match the name and derived key. */
    public static NoteSigner parse(String signerKey) {
        if (!signerKey.startsWith(PRIVATE_PREFIX)) {
            throw new IllegalArgumentException("signer key must start with " + PRIVATE_PREFIX);
        }
        String[] parts = signerKey.substring(PRIVATE_PREFIX.length()).split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("signer key has " + parts.length
                    + " '+'-separated parts after the prefix, want 3: name+hexid+base64seed");
        }
        NoteVerifier.requireKeyName(parts[0]);

        NoteSigner signer = fromSeed(parts[0], KeyStrings.decodeKey(parts[2], "signer key"));
        KeyStrings.requireKeyId(parts[1], signer.keyId());
        return signer;
    }

    /** Returns the key name, as it appears in signature lines. */
    public String name() {
        return verifier.name();
    }

    /** Returns the 4-byte key id. */
    public int keyId() {
        return verifier.keyId();
    }

    /** Returns the verifier for this signer's public key. */
    public NoteVerifier verifier() {
        return verifier;
    }

    /** Returns the private signer key string, which {@link #parse} accepts. Keep it secret. */
    public String signerKey() {
        return PRIVATE_PREFIX + name() + "+" + NoteFormat.hexId(keyId()) + "+"
                + KeyStrings.encodeKey(seed);
    }

    /**
     * Returns the signed note of {@code text}. Requires text that ends in a newline and holds
     * no control characters other than newlines.
     */
    public String sign(String text) {
        requireSignableText(text);

        byte[] signature = Ed25519Keys.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
        byte[] tagged = ByteBuffer.allocate(4 + signature.length)
                .putInt(keyId())
                .put(signature)
                .array();
        return text + "\n" + NoteFormat.SIGNATURE_PREFIX + name() + " "
                + NoteFormat.encodeBase64(tagged) + "\n";
    }

    /** Returns the signed note of the checkpoint's body. */
    public String sign(Checkpoint checkpoint) {
        return sign(checkpoint.body());
    }

    private static void requireSignableText(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        try {
            NoteFormat.checkCharacters(text);
        } catch (MalformedNoteException e) {
            throw new IllegalArgumentException("note text is not signable: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "NoteSigner(" + name() + "+" + NoteFormat.hexId(keyId()) + ")";
    }
}
