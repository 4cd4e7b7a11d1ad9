package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 8032 section 7.1, TEST 1 (empty message).
    private static final String RFC8032_SEED =
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC =
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_SIGNATURE =
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
            + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    @Test
    void keyPairFromSeedDerivesTheRfc8032PublicKey() {
        KeyPair pair = Ed25519Keys.keyPair(HEX.parseHex(RFC8032_SEED));

        assertEquals(RFC8032_PUBLIC, HEX.formatHex(Ed25519Keys.rawPublicKey(pair.getPublic())));
        assertEquals(RFC8032_SEED, HEX.formatHex(Ed25519Keys.seed(pair.getPrivate())));
    }

    @Test
    void privateKeyFromSeedSignsTheRfc8032Signature() {
        byte[] signature = Ed25519Keys.sign(
                Ed25519Keys.privateKey(HEX.parseHex(RFC8032_SEED)), new byte[0]);

        assertEquals(RFC8032_SIGNATURE, HEX.formatHex(signature));
    }

    @Test
    void publicKeyFromRawBytesVerifiesTheRfc8032Signature() {
        boolean valid = Ed25519Keys.verify(Ed25519Keys.publicKey(HEX.parseHex(RFC8032_PUBLIC)),
                new byte[0], HEX.parseHex(RFC8032_SIGNATURE));

        assertEquals(true, valid);
    }

    @Test
    void rawPublicKeyRoundTripsThroughJdkKey() {
        KeyPair pair = Ed25519Keys.generate();

        byte[] raw = Ed25519Keys.rawPublicKey(pair.getPublic());

        assertArrayEquals(pair.getPublic().getEncoded(), Ed25519Keys.publicKey(raw).getEncoded());
    }

    @Test
    void seedRoundTripsThroughJdkKeyAndRederivesThePublicKey() {
        KeyPair pair = Ed25519Keys.generate();

        byte[] seed = Ed25519Keys.seed(pair.getPrivate());

        assertArrayEquals(pair.getPrivate().getEncoded(),
                Ed25519Keys.privateKey(seed).getEncoded());
        assertArrayEquals(pair.getPublic().getEncoded(),
                Ed25519Keys.keyPair(seed).getPublic().getEncoded());
    }

    @Test
    void seedOfWrongLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ed25519Keys.keyPair(new byte[31]));
        assertEquals("seed has wrong size: got 31 bytes, want 32", e.getMessage());
    }

    @Test
    void corruptSignatureDoesNotVerify() {
        byte[] signature = HEX.parseHex(RFC8032_SIGNATURE);
        signature[10] ^= 1;

        boolean valid = Ed25519Keys.verify(Ed25519Keys.publicKey(HEX.parseHex(RFC8032_PUBLIC)),
                new byte[0], signature);

        assertEquals(false, valid);
    }
}
