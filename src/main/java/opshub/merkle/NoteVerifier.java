package opshub.merkle;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies signed notes against one trusted Ed25519 key, named by a verifier key string
 * "&lt;name&gt;+&lt;key id, 8 lowercase hex&gt;+&lt;base64(0x01 || 32-byte public key)&gt;".
 * A note is accepted only when it is well-formed, carries at least one signature by this key,
 * and every signature by this key verifies; signatures by other keys are ignored.
 */
public final class NoteVerifier {

    private final String name;
    private final int keyId;
    private final byte[] rawPublicKey;
    private final PublicKey publicKey;

    private NoteVerifier(String name, byte[] rawPublicKey) {
        this.name = name;
        this.rawPublicKey = rawPublicKey.clone();
        this.publicKey = Ed25519Keys.publicKey(rawPublicKey);
        this.keyId = NoteFormat.keyId(name, rawPublicKey);
    }

    /** Returns the verifier for an Ed25519 public key under {@code name}. */
    public static NoteVerifier of(String name, PublicKey key) {
        requireKeyName(name);
        return new NoteVerifier(name, Ed25519Keys.rawPublicKey(key));
    }

    /** Parses a verifier key string; the key id must match the name and key. */
    public static NoteVerifier parse(String verifierKey) {
        String[] parts = verifierKey.split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("verifier key has " + parts.length
                    + " '+'-separated parts, want 3: name+hexid+base64key");
        }
        requireKeyName(parts[0]);
        byte[] raw = KeyStrings.decodeKey(parts[2], "verifier key");

        NoteVerifier verifier = new NoteVerifier(parts[0], raw);
        KeyStrings.requireKeyId(parts[1], verifier.keyId);
        return verifier;
    }

    /** Returns the key name, as it appears in signature lines. */
    public String name() {
        return name;
    }

    /** Returns the 4-byte key id: the first bytes of SHA-256(name || 0x0A || 0x01 || key). */
    public int keyId() {
        return keyId;
    }

    /** Returns the raw 32-byte Ed25519 public key. */
    public byte[] rawPublicKey() {
        return rawPublicKey.clone();
    }

    /** Returns the verifier key string, which {@link #parse} accepts. */
    public String verifierKey() {
        return key() + "+" + KeyStrings.encodeKey(rawPublicKey);
    }

    /** Returns the signed text of {@code note}, verified with this key. */
    public String verify(String note) throws NoteException {
        SignedNote parsed = SignedNote.parse(note);
        List<NoteSignature> mine = signaturesByThisKey(parsed);
        byte[] text = parsed.text().getBytes(StandardCharsets.UTF_8);
        for (NoteSignature signature : mine) {
            requireValid(signature, text);
        }

        return parsed.text();
    }

    /** Returns the checkpoint in {@code note}, verified with this key. */
    public Checkpoint verifyCheckpoint(String note) throws NoteException {
        return Checkpoint.parse(verify(note));
    }

    private List<NoteSignature> signaturesByThisKey(SignedNote note)
            throws MissingSignatureException {
        List<NoteSignature> mine = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (NoteSignature signature : note.signatures()) {
            boolean match = signature.keyName().equals(name) && signature.keyId() == keyId;
            if (match) {
                mine.add(signature);
            } else {
                others.add(signature.key());
            }
        }
        if (mine.isEmpty()) {
            throw new MissingSignatureException(key(), others);
        }

        return mine;
    }

    private void requireValid(NoteSignature signature, byte[] text)
            throws BadSignatureException {
        byte[] bytes = signature.signature();
        if (bytes.length != Ed25519Keys.SIGNATURE_SIZE) {
            throw new BadSignatureException(signature.line(), "signature by " + key()
                    + " has " + bytes.length + " bytes, want " + Ed25519Keys.SIGNATURE_SIZE);
        }
        if (!Ed25519Keys.verify(publicKey, text, bytes)) {
            throw new BadSignatureException(signature.line(), "signature by " + key()
                    + " does not verify over the note text");
        }
    }

    private String key() {
        return name + "+" + NoteFormat.hexId(keyId);
    }

    static void requireKeyName(String name) {
        if (!NoteFormat.isValidKeyName(name)) {
            throw new IllegalArgumentException("got key name \"" + name
                    + "\", want non-empty without spaces, '+' or control characters");
        }
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
