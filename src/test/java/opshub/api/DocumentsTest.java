package opshub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentsTest {

    @Test
    void keyGivenTwiceIsRefusedNotOverwritten() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> yaml("name: first\nversion: 1\nname: second\n"));

        assertEquals(ProblemType.MALFORMED_JSON, refused.type());
        assertTrue(refused.getMessage().contains("name"), refused.getMessage());
    }

    @Test
    void secondDocumentIsRefusedNotIgnored() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> yaml("name: first\n---\nname: evil\n"));

        assertEquals(ProblemType.MALFORMED_JSON, refused.type());
    }

    @Test
    void unstorableTextIsRefusedNamingEachPlace() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> yaml("name: \"a\\0b\"\nlist: [ok, \"\\ud800\"]\n"));

        assertEquals(ProblemType.INVALID_FIELD, refused.type());
        assertEquals(List.of("/name", "/list/1"),
                refused.errors().stream().map(FieldError::pointer).toList());
    }

    @Test
    void numberYamlReadsAsInfinityIsRefused() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> yaml("limit: 1e999999\n"));

        assertEquals("/limit", refused.errors().get(0).pointer());
    }

    /** The reader would give an alias as its name's text: the document would change. */
    @Test
    void aliasesAreRefusedNamingEachPlace() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> yaml("a: &desc Backup finished\nb: *desc\n"
                        + "c: {site: &site eu, mirror: *site}\nd: [*desc]\n"));

        assertEquals(ProblemType.INVALID_FIELD, refused.type());
        assertEquals(List.of("/b", "/c/mirror", "/d/0"),
                refused.errors().stream().map(FieldError::pointer).toList());
        assertEquals("*desc", refused.errors().get(0).got());
    }

    /** Words and numbers as written, or refused: never what YAML 1.1 made of them. */
    @Test
    void yesNoOnOffAreWords() {
        assertEquals("[\"yes\",\"off\",\"no\",true]",
                yaml("a: [yes, off, no, true]\n").get("a").toString());
    }

    @Test
    void numbersInYaml11FormsAndTagsAreRefusedNamingEachPlace() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> yaml("version: 010\nb: [0x10, 1_000]\nname: !foo yt\n"
                        + "ok: [-1, 2.5, 1e3, 0]\n"));

        assertEquals(List.of("/version", "/b/0", "/b/1", "/name"),
                refused.errors().stream().map(FieldError::pointer).toList());
        assertEquals("010", refused.errors().get(0).got());
    }

    @Test
    void anAnchorWithoutAliasIsRead() {
        assertEquals("Backup finished", yaml("a: &desc Backup finished\n").get("a").asText());
    }

    @Test
    void oneDocumentWithItsStartMarkerIsRead() {
        assertEquals("first", yaml("---\nname: first\n").get("name").asText());
    }

    private static com.fasterxml.jackson.databind.JsonNode yaml(String text) {
        return Documents.read("application/yaml", text.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }
}
