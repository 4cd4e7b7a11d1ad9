package opshub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path dir;

    @Test
    void shortTokenIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AdminToken.requireStrong("x"));
        assertTrue(refused.getMessage().contains("at least 16"), refused.getMessage());
    }

    @Test
    void emptyTokenFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("admin-token"), "\n");

        assertThrows(IllegalStateException.class,
                () -> AdminToken.requireStrong(AdminToken.fromDataDir(file)));
    }

    @Test
    void generatedTokenIsKeptOwnerOnly() throws Exception {
        Path file = dir.resolve("admin-token");

        String token = AdminToken.fromDataDir(file);

        assertEquals(token, AdminToken.fromDataDir(file));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        assertTrue(token.length() >= 16);
    }
}
