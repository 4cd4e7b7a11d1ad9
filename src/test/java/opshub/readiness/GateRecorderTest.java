package opshub.readiness;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import opshub.ledger.LedgerReader;
import opshub.projection.Engines;
import opshub.projection.ProjectionEngine;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GateRecorderTest {

    @Inject
    LedgerReader reader;

    @Test
    void nothingIsEvaluatedBeforeTheProjectionsReachTheHeadAtStartUp() {
        ProjectionEngine engine = Engines.behindTheStartupHead(reader);
        // without a way to append, the recorder fails as soon as it evaluates the gates
        GateRecorder recorder = new GateRecorder(engine, null);

        assertDoesNotThrow(recorder::record);

        engine.catchUpNow().await().atMost(Duration.ofMinutes(2));

        assertThrows(NullPointerException.class, recorder::record);
    }
}
