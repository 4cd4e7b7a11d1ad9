package opshub.projection;

import java.time.Duration;
import opshub.ledger.LedgerReader;

/** Projection engines of a test's own, apart from the application's live one. */
public final class Engines {

    private Engines() {
    }

    /**
     * An engine that has read the ledger head as its start-up head but applied nothing yet:
     * it follows the ledger only when told to ({@code catchUp}, {@code catchUpNow}).
     */
    public static ProjectionEngine behindTheStartupHead(LedgerReader reader) {
        ProjectionEngine engine = new ProjectionEngine(reader);
        engine.recordStartupHead().await().atMost(Duration.ofSeconds(10));
        return engine;
    }
}
