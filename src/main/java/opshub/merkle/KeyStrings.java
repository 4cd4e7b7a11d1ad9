package opshub.merkle;

import java.util.Arrays;

/** Encoding of the key part of note key strings: base64(0x01 || 32 bytes). */
final class KeyStrings {

    private KeyStrings() {
    }

    static String encodeKey(byte[] raw) {
        byte[] tagged = new byte[1 + raw.length];
        tagged[0] = NoteFormat.ALG_ED25519;
        System.arraycopy(raw, 0, tagged, 1, raw.length);
        return NoteFormat.encodeBase64(tagged);
    }

    /** Returns the 32 key bytes of base64(0x01 || key); rejects other algorithms and sizes. */
    static byte[] decodeKey(String base64, String what) {
        byte[] tagged = NoteFormat.decodeBase64(base64);
        if (tagged == null) {
            throw new IllegalArgumentException(what + " is not padded standard base64");
        }
        if (tagged.length != 1 + Ed25519Keys.KEY_SIZE) {
            throw new IllegalArgumentException(what + " has wrong size: got " + tagged.length
                    + " bytes, want " + (1 + Ed25519Keys.KEY_SIZE));
        }
        if (tagged[0] != NoteFormat.ALG_ED25519) {
            throw new IllegalArgumentException(what + " algorithm: got " + tagged[0]
                    + ", want " + NoteFormat.ALG_ED25519 + " (Ed25519)");
        }

        return Arrays.copyOfRange(tagged, 1, tagged.length);
    }

    /** Checks that the key id text of a key string equals the id computed from its key. */
    static void requireKeyId(String hexId, int computed) {
        if (!NoteFormat.isHexId(hexId)) {
            throw new IllegalArgumentException("key id: got \"" + hexId
                    + "\", want 8 lowercase hex digits");
        }
        if (!hexId.equals(NoteFormat.hexId(computed))) {
            throw new IllegalArgumentException("key id: got " + hexId + ", want "
                    + NoteFormat.hexId(computed) + " computed from the name and key");
        }
    }
}
