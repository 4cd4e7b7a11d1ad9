package opshub.audit;

import static opshub.testing.Api.freshWidget;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import opshub.merkle.Rfc6962;
import opshub.security.Role;
import opshub.testing.Api;
import opshub.verifier.RecordLines;
import org.junit.jupiter.api.Test;

/** The export is NDJSON whose lines are exactly the recorded bytes. */
@QuarkusTest
class ExportApiTest {

    @Test
    void exportLineIsTheRecordedBytes() {
        // number spelling and member order are the client's and must survive byte for byte
        String event = "{\"widgetId\":\"" + freshWidget() + "\",\"eventType\":\"t\","
                + "\"viewContext\":\"v\",\"metadata\":{\"z\":1.50,\"a\":\"\u00e9\"}}";
        Response receipt = Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(event)
                .post("/api/v1/events");
        int position = receipt.path("position");

        byte[] body = exportBytes(position, position);

        assertEquals('\n', body[body.length - 1]);
        byte[] line = Arrays.copyOf(body, body.length - 1);
        assertArrayEquals(Base64.getDecoder().decode(receipt.<String>path("leafHash")),
                Rfc6962.hashLeaf(line));
        String text = new String(line, StandardCharsets.UTF_8);
        assertTrue(text.contains("{\"z\":1.50,\"a\":\"\u00e9\"}"), text);
    }

    @Test
    void exportOfManyPagesHasEveryPositionOnceInOrder() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < LedgerExport.PAGE + 5; i++) {
            batch.add(Api.referenceEvent(freshWidget()));
        }
        List<Integer> positions = Api.as(Role.PROBE)
                .contentType(ContentType.JSON)
                .body(batch.subList(0, 1000))
                .post("/api/v1/events")
                .then().statusCode(201)
                .extract().path("position");
        int last = positions.get(positions.size() - 1);

        List<Long> exported = positions(exportBytes(1, last));

        assertEquals(last, exported.size());
        for (int i = 0; i < exported.size(); i++) {
            assertEquals(i + 1L, exported.get(i));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, 0", "5, 4"})
    void emptyRangeOfANonEmptyLedgerIs422(String from, String to) {
        AuditApi.appendEvent();

        Api.as(Role.AUDITOR)
                .queryParam("from", from).queryParam("to", to)
                .get("/api/v1/ledger/export")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].parameter", equalTo("to"));
    }

    @Test
    void exportBeyondHeadIs422() {
        int head = AuditApi.appendEvent().path("position");

        Api.as(Role.AUDITOR)
                .queryParam("to", head + 10)
                .get("/api/v1/ledger/export")
                .then().statusCode(422)
                .body("errors[0].parameter", equalTo("to"));
    }

    @Test
    void readerMayNotExport() {
        Api.as(Role.READER)
                .get("/api/v1/ledger/export")
                .then().statusCode(403);
    }

    private static byte[] exportBytes(long from, long to) {
        return Api.as(Role.AUDITOR)
                .queryParam("from", from)
                .queryParam("to", to)
                .get("/api/v1/ledger/export")
                .then().statusCode(200)
                .contentType("application/x-ndjson")
                .extract().asByteArray();
    }

    private static List<Long> positions(byte[] export) {
        List<Long> positions = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < export.length; i++) {
            if (export[i] == '\n') {
                byte[] line = Arrays.copyOfRange(export, start, i);
                positions.add(RecordLines.position(line).orElseThrow());
                start = i + 1;
            }
        }
        assertEquals(export.length, start, "the export ends with a newline");
        return positions;
    }
}
