package opshub.projection;

import opshub.ledger.RecordedEvent;

/**
 * Sees each event the live state applies: {@link #around} is called under the projection's
 * write lock with the state and the event, and must call {@code apply} exactly once. It can
 * look at the state before and after; it must be quick and must not keep the state.
 */
@FunctionalInterface
public interface ApplyHook {

    ApplyHook NONE = (state, event, apply) -> apply.run();

    void around(OpsState state, RecordedEvent event, Runnable apply);
}
