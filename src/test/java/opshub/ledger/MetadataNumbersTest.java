package opshub.ledger;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import opshub.security.Role;
import opshub.testing.Api;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers of any size in metadata are judged against the schema's bounds, exactly: a number
 * beyond 64 bits, in exponent form or not, is a 422 naming its field, never a 500.
 */
@QuarkusTest
class MetadataNumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"observedStatus\":1e19                   | /metadata/observedStatus",
        "\"observedStatus\":-1e19                  | /metadata/observedStatus",
        "\"observedStatus\":1.0e19                 | /metadata/observedStatus",
        "\"observedStatus\":9.3e18                 | /metadata/observedStatus",
        "\"observedStatus\":1e400                  | /metadata/observedStatus",
        "\"observedStatus\":10000000000000000000.5 | /metadata/observedStatus",
        "\"observedStatus\":99999999999999999999   | /metadata/observedStatus",
        "\"expectedStatus\":1e308                  | /metadata/expectedStatus"
    })
    void numberBeyondAnIntegerBoundIs422(String field, String pointer) {
        String widget = Api.freshWidget();
        String body = """
                {"widgetId":"%s","eventType":"ops-endpoint-verified","viewContext":"v",
                 "metadata":{"vsmFunction":"OPS","vsmSystem":"S1","endpoint":"e",%s}}"""
                .formatted(widget, field);

        Api.as(Role.PROBE).contentType(ContentType.JSON).body(body)
                .post("/api/v1/events")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem(pointer));
        Api.as(Role.READER).queryParam("widgetId", widget).get("/api/v1/events")
                .then().statusCode(200)
                .body("events.size()", equalTo(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"observedStatus | 2e2", "observedStatus | 5.99e2",
        "latencyMs | 1e19"})
    void numberWithinItsBoundsIsRecordedWhateverItsForm(String field, String value) {
        String body = """
                {"widgetId":"%s","eventType":"ops-endpoint-verified","viewContext":"v",
                 "metadata":{"vsmFunction":"OPS","vsmSystem":"S1","endpoint":"e","%s":%s}}"""
                .formatted(Api.freshWidget(), field, value);

        Api.as(Role.PROBE).contentType(ContentType.JSON).body(body)
                .post("/api/v1/events")
                .then().statusCode(201);
    }
}
