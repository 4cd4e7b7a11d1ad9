package opshub.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "set-cookie | sid=s3cr3t; Path=/; Secure | sid=[redacted]; Path=/; Secure",
        "set-cookie | sid=s3cr3t | sid=[redacted]",
        "authorization | Bearer abc.def | [redacted]",
        "proxy-authorization | Basic dXNlcjpwYXNz | [redacted]",
        "x-api-key | k-123 | [redacted]",
        "x-auth-token | t-123 | [redacted]",
        "x-csrf-token | t-123 | [redacted]",
        "www-authenticate | Bearer realm=\"https://r/token\",service=\"registry\",scope=\"*\""
                + " | Bearer realm=\"https://r/token\",service=\"registry\",scope=\"*\"",
        "www-authenticate | Bearer realm=\"r\", error=\"invalid_token\", token=\"abc\""
                + " | Bearer realm=\"r\", error=\"invalid_token\", token=\"[redacted]\"",
        "www-authenticate | Digest realm=\"r\", nonce=\"n0nce\", opaque=o9"
                + " | Digest realm=\"r\", nonce=\"[redacted]\", opaque=\"[redacted]\"",
        "www-authenticate | Negotiate YIIBhwYGKwYBBQUC== | Negotiate [redacted]",
        "proxy-authenticate | Bearer abcdef | Bearer [redacted]",
        "docker-distribution-api-version | registry/2.0 | registry/2.0",
        "content-type | application/json | application/json",
        "location | /NewSession?next=/Hubs | /NewSession?next=/Hubs",
    })
    void credentialValuesAreRedactedOthersKept(String name, String value, String recorded) {
        assertEquals(recorded, Redaction.value(name, value));
    }

    @Test
    void headersAreRecordedUnderLowerCaseNamesRepeatedOnesAsLists() {
        ObjectNode headers = Redaction.headers(Map.of(
                "Set-Cookie", List.of("a=1", "b=2"),
                "Docker-Distribution-Api-Version", List.of("registry/2.0")));

        assertEquals("{\"docker-distribution-api-version\":\"registry/2.0\","
                + "\"set-cookie\":[\"a=[redacted]\",\"b=[redacted]\"]}", headers.toString());
    }
}
