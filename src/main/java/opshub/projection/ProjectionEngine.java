package opshub.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import opshub.ledger.Ledger;
import opshub.ledger.LedgerReader;
import opshub.ledger.RecordedEvent;
import org.jboss.logging.Logger;

/**
 * Keeps the live {@link OpsState} following the ledger, and builds states as of past
 * positions. After every commit the ledger reports its new head and the engine applies the
 * new events in position order; a periodic poll catches events other replicas appended.
 * Reads run under a read lock, application under the write lock.
 */
@ApplicationScoped
public class ProjectionEngine {

    private static final Logger LOG = Logger.getLogger(ProjectionEngine.class);
    static final int PAGE = 1000;
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final LedgerReader reader;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicBoolean catchingUp = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong knownHead = new AtomicLong();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> advanceListeners = new CopyOnWriteArrayList<>();
    private final Map<Long, OpsState> pastStates = new ConcurrentHashMap<>();
    private OpsState live = new OpsState();
    private volatile ApplyHook applyHook = ApplyHook.NONE;

    private record Waiter(long position, CompletableFuture<Long> done) {
    }

    ProjectionEngine(LedgerReader reader, Ledger ledger, MeterRegistry registry) {
        this.reader = reader;
        ledger.onAppended(head -> {
            knownHead.accumulateAndGet(head, Math::max);
            catchUp();
        });
        Gauge.builder("opshub.projection.lag", this, ProjectionEngine::lag)
                .description("Ledger events not yet applied to the live projections")
                .register(registry);
    }

    /** Reads the live state; {@code view} must not keep references to it. */
    public <T> T read(Function<OpsState, T> view) {
        lock.readLock().lock();
        try {
            return view.apply(live);
        } finally {
            lock.readLock().unlock();
        }
    }

    public long position() {
        return read(OpsState::position);
    }

    public long lag() {
        return Math.max(0, knownHead.get() - position());
    }

    /** Called with the new position whenever the live state advanced. */
    public void onAdvance(LongConsumer listener) {
        advanceListeners.add(listener);
    }

    /** Installs the one hook that sees every event the live state applies. */
    public void onApply(ApplyHook hook) {
        applyHook = hook;
    }

    /** Completes once the live state includes {@code position}, or after a short wait. */
    public Uni<Long> awaitPosition(long position) {
        if (position() >= position) {
            return Uni.createFrom().item(position());
        }
        Waiter waiter = new Waiter(position, new CompletableFuture<>());
        waiters.add(waiter);
        catchUp();
        return Uni.createFrom().completionStage(waiter.done())
                .ifNoItem().after(MAX_WAIT).recoverWithItem(this::position);
    }

    /** Applies every event the ledger has beyond the live position. */
    public void catchUp() {
        if (!catchingUp.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        applyFrom(position()).subscribe().with(
                applied -> finishCatchUp(),
                failure -> {
                    LOG.warnf("projection catch-up failed: %s", failure.getMessage());
                    finishCatchUp();
                });
    }

    /** Waits until the live state has caught up with the ledger as it is now. */
    public Uni<Long> catchUpNow() {
        return reader.head().chain(this::awaitPosition);
    }

    /** The state as the ledger stood right after {@code position}. */
    public Uni<OpsState> at(long position) {
        OpsState cached = pastStates.get(position);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return replay(new OpsState(), position).invoke(state -> {
            // a state short of the position asked for may still grow: keep only whole ones
            if (state.position() == position) {
                remember(position, state);
            }
        });
    }

    /**
     * Replays the events after {@code state}'s position up to {@code upTo} into it. A page
     * may be cut short by its byte limit, so only an empty page or reaching {@code upTo} ends
     * the replay.
     */
    public Uni<OpsState> replay(OpsState state, long upTo) {
        return reader.between(state.position(), upTo, PAGE).chain(events -> {
            events.forEach(state::apply);
            if (events.isEmpty() || state.position() >= upTo) {
                return Uni.createFrom().item(state);
            }
            return replay(state, upTo);
        });
    }

    /**
     * Rebuilds the state from position 1, compares it with the live state at the same
     * position and, when equal, makes it the live state (when not, the live one is kept and
     * the difference reported).
     */
    public Uni<Rebuild> rebuild() {
        long start = System.nanoTime();
        return replay(new OpsState(), position())
                .chain(rebuilt -> compareAndSwap(rebuilt, start, 0));
    }

    /** The live state may have moved on meanwhile: catch the rebuilt one up, then compare. */
    private Uni<Rebuild> compareAndSwap(OpsState rebuilt, long start, int attempt) {
        lock.writeLock().lock();
        try {
            if (live.position() == rebuilt.position() || attempt == 10) {
                boolean equal = live.position() == rebuilt.position()
                        && StateSnapshot.of(rebuilt).equals(StateSnapshot.of(live));
                if (equal) {
                    live = rebuilt;
                }
                return Uni.createFrom().item(new Rebuild(rebuilt.position(), equal,
                        live.position(), Duration.ofNanos(System.nanoTime() - start).toMillis()));
            }
        } finally {
            lock.writeLock().unlock();
        }
        return replay(rebuilt, position()).chain(s -> compareAndSwap(s, start, attempt + 1));
    }

    /**
     * The outcome of a rebuild: the position rebuilt to, whether the rebuilt state equals
     * the live one at that position, and how long it took.
     */
    public record Rebuild(long position, boolean equalToLive, long livePosition, long millis) {
    }

    private Uni<Long> applyFrom(long after) {
        return reader.after(after, PAGE, null, null).chain(events -> {
            if (events.isEmpty()) {
                return Uni.createFrom().item(after);
            }
            // a page may be cut short by its byte limit: only an empty page means caught up
            return applyFrom(apply(events));
        });
    }

    private long apply(List<RecordedEvent> events) {
        long reached;
        lock.writeLock().lock();
        try {
            for (RecordedEvent event : events) {
                if (event.position() == live.position() + 1) {
                    OpsState state = live;
                    applyHook.around(state, event, () -> state.apply(event));
                }
            }
            reached = live.position();
        } finally {
            lock.writeLock().unlock();
        }
        knownHead.accumulateAndGet(reached, Math::max);
        for (Waiter waiter : waiters) {
            if (waiter.position() <= reached) {
                waiters.remove(waiter);
                waiter.done().complete(reached);
            }
        }
        advanceListeners.forEach(listener -> listener.accept(reached));
        return reached;
    }

    private void finishCatchUp() {
        catchingUp.set(false);
        if (again.get()) {
            catchUp();
        }
    }

    private void remember(long position, OpsState state) {
        if (pastStates.size() >= 4) {
            pastStates.clear();
        }
        pastStates.put(position, state);
    }
}
