package opshub.merkle;

import java.util.Arrays;

/**
 * One signature line of a signed note, parsed but not verified: the key name, the 4-byte key id
 * and the signature bytes that followed it, and the 1-based line it was on.
 */
public record NoteSignature(String keyName, int keyId, byte[] signature, int line) {

    public NoteSignature {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Returns the key as "name+hexid", the way verifier keys start. */
    public String key() {
        return keyName + "+" + NoteFormat.hexId(keyId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that
                && keyName.equals(that.keyName)
                && keyId == that.keyId
                && Arrays.equals(signature, that.signature)
                && line == that.line;
    }

    @Override
    public int hashCode() {
        return (keyName.hashCode() * 31 + keyId) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "NoteSignature(" + key() + ", line " + line + ")";
    }
}
