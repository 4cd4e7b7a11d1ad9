package opshub.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Shared rules of the C2SP signed-note format: text, key names, key ids, base64. */
final class NoteFormat {

    /** U+2014 EM DASH and a space open every signature line. */
    static final String SIGNATURE_PREFIX = "\u2014 ";

    /** Algorithm byte of Ed25519 in key ids and key strings. */
    static final byte ALG_ED25519 = 0x01;

    private NoteFormat() {
    }

    /** Rejects control characters other than newline and unpaired surrogates (not UTF-8). */
    static void checkCharacters(String text) throws MalformedNoteException {
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c < 0x20) {
                throw new MalformedNoteException(line, String.format(
                        "got control character U+%04X, want printable text", (int) c));
            } else if (Character.isSurrogate(c) && !isPairedSurrogate(text, i)) {
                throw new MalformedNoteException(line, "got unpaired surrogate, want UTF-8 text");
            } else if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
    }

    private static boolean isPairedSurrogate(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i))
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }

    /** A key name is non-empty and holds no '+', no space of any kind, no control character. */
    static boolean isValidKeyName(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(cp -> cp == '+'
                || Character.isWhitespace(cp)
                || Character.isSpaceChar(cp)
                || Character.isISOControl(cp)
                || Character.getType(cp) == Character.SURROGATE);
    }

    /** Returns the bytes of canonical padded standard base64, or null for any other input. */
    static byte[] decodeBase64(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String encodeBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Returns the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || publicKey). */
    static int keyId(String name, byte[] rawPublicKey) {
        MessageDigest digest = sha256();
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        digest.update(ALG_ED25519);
        digest.update(rawPublicKey);
        return ByteBuffer.wrap(digest.digest()).getInt();
    }

    /** Returns a key id as 8 lowercase hex digits. */
    static String hexId(int keyId) {
        return String.format("%08x", keyId);
    }

    /** Returns true when {@code text} is exactly 8 lowercase hex digits. */
    static boolean isHexId(String text) {
        return text.matches("[0-9a-f]{8}");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
