package opshub.projection;

/**
 * Sees each event the live state applies (not records that are no events): {@link #around} is called under the projection's
 * write lock with the state and the event, and must call {@code apply} exactly once. It can
 * look at the state before and after; it must be quick and must not keep the state.
 */
@FunctionalInterface
public interface ApplyHook {

    ApplyHook NONE = (state, event, apply) -> apply.run();

    void around(OpsState state, AppliedEvent event, Runnable apply);
}
