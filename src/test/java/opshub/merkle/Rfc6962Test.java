package opshub.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rfc6962Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void emptyRootIsSha256OfNoBytes() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HEX.formatHex(Rfc6962.emptyRoot()));
    }

    @Test
    void hashLeafPrefixesZeroByte() {
        // RFC 6962 test tree: the leaf hash of the empty leaf.
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                HEX.formatHex(Rfc6962.hashLeaf(new byte[0])));
    }

    @Test
    void hashChildrenPrefixesOneByte() {
        byte[] left = Rfc6962.hashLeaf(new byte[0]);
        byte[] right = Rfc6962.hashLeaf(new byte[] {0});

        // Root of the first two leaves of the RFC 6962 test tree.
        assertEquals("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                HEX.formatHex(Rfc6962.hashChildren(left, right)));
    }

    @Test
    void interiorNodeBytesHashedAsLeafDifferFromTheNode() {
        byte[] left = Rfc6962.hashLeaf(new byte[] {1});
        byte[] right = Rfc6962.hashLeaf(new byte[] {2});
        byte[] concatenated = new byte[64];
        System.arraycopy(left, 0, concatenated, 0, 32);
        System.arraycopy(right, 0, concatenated, 32, 32);

        assertFalse(Arrays.equals(Rfc6962.hashChildren(left, right),
                Rfc6962.hashLeaf(concatenated)));
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "3, 2", "4, 2", "5, 4", "8, 4", "9, 8", "9223372036854775807, "
            + "4611686018427387904"})
    void splitPointIsLargestPowerOfTwoBelowSize(long size, long want) {
        assertEquals(want, Rfc6962.splitPoint(size));
    }

    @Test
    void splitPointRejectsTreesThatDoNotSplit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rfc6962.splitPoint(1));
        assertEquals("size must be > 1 to split, got 1", e.getMessage());
    }
}
