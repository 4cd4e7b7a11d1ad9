package opshub.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import opshub.ledger.RecordedEvent;
import org.junit.jupiter.api.Test;

class OpsStateTest {

    @Test
    void recordThatIsNotAnEventIsSkippedWithoutStallingTheState() {
        OpsState state = new OpsState();
        byte[] garbage = "{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8);

        state.apply(new RecordedEvent(1, garbage, new byte[32]));

        assertEquals(1, state.position());
        assertEquals(StateSnapshot.of(new OpsState()).without("position"),
                StateSnapshot.of(state).without("position"));
    }
}
