package opshub.merkle;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Converts between JDK Ed25519 keys and the raw forms signed notes use: the 32-byte public key and
 * the 32-byte private seed (RFC 8032). Only the JDK's own "Ed25519" provider is used.
 *
 * <p>The JDK encodes an Ed25519 public key as X.509 SubjectPublicKeyInfo and a private key as
 * PKCS#8 v1 (RFC 8410); both encodings are a fixed DER header followed by the raw 32 bytes, so the
 * conversions strip or prepend that header and refuse any other encoding.
 */
public final class Ed25519Keys {

    /** Length of a raw public key, of a private seed, in bytes. */
    public static final int KEY_SIZE = 32;

    /** Length of an Ed25519 signature in bytes. */
    public static final int SIGNATURE_SIZE = 64;

    private static final String ALGORITHM = "Ed25519";
    private static final HexFormat HEX = HexFormat.of();
    // SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes, 0 unused bits) }
    private static final byte[] X509_HEADER = HEX.parseHex("302a300506032b6570032100");
    // SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }
    private static final byte[] PKCS8_HEADER = HEX.parseHex("302e020100300506032b657004220420");

    private Ed25519Keys() {
    }

    /** Returns a fresh key pair from the platform's default secure random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        }
    }

    /** Returns the raw 32-byte public key. Requires an Ed25519 key in X.509 encoding. */
    public static byte[] rawPublicKey(PublicKey key) {
        return stripHeader(key.getEncoded(), X509_HEADER, "X.509 Ed25519 public key");
    }

    /** Returns the JDK public key for a raw 32-byte Ed25519 public key. */
    public static PublicKey publicKey(byte[] raw) {
        byte[] encoded = prependHeader(X509_HEADER, raw, "raw public key");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(
                    new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the 32-byte seed of a private key: the last 32 bytes of its PKCS#8 v1 encoding,
     * which for Ed25519 (RFC 8410) is a fixed 16-byte header followed by the seed. JDK 17
     * produces exactly that; a v2 encoding with the public key attached is refused.
     */
    public static byte[] seed(PrivateKey key) {
        return stripHeader(key.getEncoded(), PKCS8_HEADER, "PKCS#8 v1 Ed25519 private key");
    }

    /** Returns the JDK private key for a 32-byte seed. */
    public static PrivateKey privateKey(byte[] seed) {
        byte[] encoded = prependHeader(PKCS8_HEADER, seed, "seed");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(
                    new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 seed: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the key pair for a 32-byte seed, deriving the public key. The JDK has no public API
     * for that derivation, so its key pair generator is fed a random source that yields exactly
     * the seed; the result is checked to hold that seed.
     */
    public static KeyPair keyPair(byte[] seed) {
        byte[] copy = requireKeySize(seed, "seed");
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(copy));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        }

        if (!Arrays.equals(seed(pair.getPrivate()), copy)) {
            throw new IllegalStateException("JDK Ed25519 generator did not use the given seed");
        }
        return pair;
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        }
    }

    /** Returns whether {@code signature} is valid; malformed signatures are simply invalid. */
    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        }
    }

    private static byte[] stripHeader(byte[] encoded, byte[] header, String what) {
        boolean matches = encoded != null
                && encoded.length == header.length + KEY_SIZE
                && Arrays.equals(encoded, 0, header.length, header, 0, header.length);
        if (!matches) {
            int got = encoded == null ? 0 : encoded.length;
            throw new IllegalArgumentException("not a " + what + ": got " + got
                    + " encoded bytes, want " + (header.length + KEY_SIZE)
                    + " starting " + HEX.formatHex(header));
        }

        return Arrays.copyOfRange(encoded, header.length, encoded.length);
    }

    private static byte[] prependHeader(byte[] header, byte[] raw, String what) {
        byte[] key = requireKeySize(raw, what);

        byte[] encoded = Arrays.copyOf(header, header.length + KEY_SIZE);
        System.arraycopy(key, 0, encoded, header.length, KEY_SIZE);
        return encoded;
    }

    private static byte[] requireKeySize(byte[] raw, String what) {
        if (raw == null || raw.length != KEY_SIZE) {
            throw new IllegalArgumentException(what + " has wrong size: got "
                    + (raw == null ? 0 : raw.length) + " bytes, want " + KEY_SIZE);
        }

        return raw.clone();
    }

    private static IllegalStateException unavailable(GeneralSecurityException e) {
        // The JDK has shipped Ed25519 since Java 15; a platform without it cannot sign notes.
        return new IllegalStateException("Ed25519 is not available: " + e.getMessage(), e);
    }

    /** A random source that yields one fixed seed, once. */
    private static final class SeedRandom extends SecureRandom {

        private static final long serialVersionUID = 1L;

        private transient byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            if (seed == null || bytes.length != seed.length) {
                throw new IllegalStateException("seed source asked for " + bytes.length
                        + " bytes, want one request for " + KEY_SIZE);
            }

            System.arraycopy(seed, 0, bytes, 0, seed.length);
            seed = null;
        }
    }
}
