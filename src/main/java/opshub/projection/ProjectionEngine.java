package opshub.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;
import opshub.ledger.Ledger;
import opshub.ledger.LedgerReader;
import opshub.ledger.RecordedEvent;
import org.jboss.logging.Logger;

/**
 * Keeps the live {@link OpsState} following the ledger, and builds states as of past
 * positions. After every commit the ledger reports its new head and the engine applies the
 * new events in position order; events another replica appended are applied at the next
 * commit here, or as soon as a read waits for them ({@code minPosition}). Reads run under a
 * read lock, application under the write lock.
 *
 * <p>There is one way events reach a state, {@link #feed}: the live catch-up, a rebuild and a
 * past state all read the same pages and decode them the same way. The events this process
 * committed come with the commit ({@link Ledger#onCommitted}), byte for byte as stored, and
 * are not read back; a gap in them (another replica's events) is read from PostgreSQL.
 */
@ApplicationScoped
public class ProjectionEngine {

    private static final Logger LOG = Logger.getLogger(ProjectionEngine.class);
    /** Events per page read from PostgreSQL; a page also stops at its byte limit. */
    static final int PAGE = 2000;
    /** Most committed events kept for the live state: beyond, they are read back instead. */
    private static final int MAX_OWN_COMMITS = 20_000;
    /** Most events applied to the live state per hold of the write lock. */
    private static final int SLICE = 500;
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);
    /**
     * Decodes pages for every feed. Its own threads, which never block, so a decode cannot
     * wait behind feed loops that occupy the worker pool waiting for decoded pages.
     */
    private static final Executor DECODER = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "projection-decoder");
        thread.setDaemon(true);
        return thread;
    });

    private final LedgerReader reader;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicBoolean catchingUp = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong knownHead = new AtomicLong();
    private final AtomicLong startupHead = new AtomicLong(-1);
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> advanceListeners = new CopyOnWriteArrayList<>();
    private final Map<Long, OpsState> pastStates = new ConcurrentHashMap<>();
    /** Events this process committed that the live state has not applied yet. */
    private final NavigableMap<Long, RecordedEvent> ownCommits = new ConcurrentSkipListMap<>();
    private OpsState live = new OpsState();
    private volatile ApplyHook applyHook = ApplyHook.NONE;

    private record Waiter(long position, CompletableFuture<Long> done) {
    }

    @Inject
    ProjectionEngine(LedgerReader reader, Ledger ledger, MeterRegistry registry) {
        this(reader);
        ledger.onCommitted(events -> {
            if (ownCommits.size() < MAX_OWN_COMMITS) {
                events.forEach(event -> ownCommits.put(event.position(), event));
            }
            knownHead.accumulateAndGet(events.get(events.size() - 1).position(), Math::max);
            catchUp();
        });
        Gauge.builder("opshub.projection.lag", this, ProjectionEngine::lag)
                .description("Ledger events not yet applied to the live projections")
                .register(registry);
    }

    /** An engine that follows the ledger only when asked to (catchUp, awaitPosition). */
    ProjectionEngine(LedgerReader reader) {
        this.reader = reader;
    }

    /**
     * Notes the ledger's head as the server starts and catches up with it; readiness waits
     * for that ({@link #caughtUpWithStartup}). Runs before the inventory is loaded.
     */
    void start(@Observes @Priority(5) StartupEvent event) {
        recordStartupHead().subscribe().with(head -> catchUp(),
                failure -> LOG.warnf("reading the ledger head at start failed: %s",
                        failure.getMessage()));
    }

    /** Reads the ledger head, unless done before, as the head the server started with. */
    Uni<Long> recordStartupHead() {
        if (startupHead.get() >= 0) {
            return Uni.createFrom().item(startupHead.get());
        }
        return reader.head().invoke(head -> {
            startupHead.compareAndSet(-1, head);
            knownHead.accumulateAndGet(head, Math::max);
        }).map(head -> startupHead.get());
    }

    /** The head the server started with; -1 until it has been read. */
    public long startupHead() {
        return startupHead.get();
    }

    /** Whether the live state has applied every event the ledger held at start-up. */
    public boolean caughtUpWithStartup() {
        long head = startupHead.get();
        return head >= 0 && position() >= head;
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

    /**
     * Called with the new position when the live state has advanced: once at the end of each
     * catch-up, not per event or page, so that work it triggers is not repeated during a
     * bulk ingest or a long catch-up.
     */
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
        long from = position();
        feed(from, Long.MAX_VALUE, this::applyLive).subscribe().with(
                reached -> finishCatchUp(from),
                failure -> {
                    LOG.warnf("projection catch-up failed: %s", failure.getMessage());
                    finishCatchUp(from);
                });
    }

    /**
     * Waits until the live state has caught up with the ledger as it is now, however long
     * that takes (a start on a large ledger): the caller bounds the wait.
     */
    public Uni<Long> catchUpNow() {
        return reader.head().chain(this::awaitCaughtUp);
    }

    private Uni<Long> awaitCaughtUp(long head) {
        return awaitPosition(head).chain(reached -> reached >= head
                ? Uni.createFrom().item(reached) : awaitCaughtUp(head));
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

    /** Replays the events after {@code state}'s position up to {@code upTo} into it. */
    public Uni<OpsState> replay(OpsState state, long upTo) {
        return feed(state.position(), upTo, page -> page.applyTo(state)).map(reached -> state);
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

    /**
     * Hands the events in (after, upTo] to {@code sink} page by page, in position order, and
     * completes with the last position the sink reached. While the sink applies one page the
     * next is already being read from PostgreSQL and decoded on a decoder thread. A
     * page may be cut short by its byte limit, so only an empty page or reaching
     * {@code upTo} ends the feed. The loop blocks a worker thread, never an event loop.
     */
    Uni<Long> feed(long after, long upTo, ToLongFunction<Page> sink) {
        return Uni.createFrom().item(() -> feedBlocking(after, upTo, sink))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private long feedBlocking(long after, long upTo, ToLongFunction<Page> sink) {
        long reached = after;
        CompletableFuture<Page> next = fetch(after, upTo);
        while (next != null) {
            Page page = take(next);
            if (page.isEmpty()) {
                break;
            }
            // this process's own commits up to the highest head it knows: no read is needed
            // to learn that nothing follows; another replica's later events are read by the
            // next catch-up, which finds the gap before them
            boolean known = page.own() && page.last() >= knownHead.get();
            next = page.last() >= upTo || known ? null : fetch(page.last(), upTo);
            reached = sink.applyAsLong(page);
        }
        return reached;
    }

    /** The page, once read; a failure to read it is thrown as it was raised. */
    private static Page take(CompletableFuture<Page> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private CompletableFuture<Page> fetch(long after, long upTo) {
        List<RecordedEvent> own = ownCommitsAfter(after, upTo);
        if (!own.isEmpty()) {
            return CompletableFuture.supplyAsync(() -> Page.decode(own, true), DECODER);
        }
        return reader.between(after, upTo, PAGE)
                .emitOn(DECODER)
                .map(records -> Page.decode(records, false))
                .subscribeAsCompletionStage();
    }

    /** This process's committed events that follow {@code after} without a gap. */
    private List<RecordedEvent> ownCommitsAfter(long after, long upTo) {
        List<RecordedEvent> events = new ArrayList<>();
        RecordedEvent event;
        for (long next = after + 1; next <= upTo && events.size() < PAGE
                && (event = ownCommits.get(next)) != null; next++) {
            events.add(event);
        }
        return events;
    }

    /**
     * Applies a page to the live state, a slice at a time so that readers wait at most one
     * slice, and releases the waiters it satisfies. Events at or below the live position are
     * passed over: a rebuild may have swapped the live state meanwhile.
     */
    private long applyLive(Page page) {
        long reached = 0;
        for (int from = 0; from < page.size(); from += SLICE) {
            lock.writeLock().lock();
            try {
                page.applyTo(live, from, Math.min(page.size(), from + SLICE), applyHook);
                reached = live.position();
            } finally {
                lock.writeLock().unlock();
            }
            release(reached);
        }
        ownCommits.headMap(reached, true).clear();
        knownHead.accumulateAndGet(reached, Math::max);
        return reached;
    }

    private void release(long reached) {
        for (Waiter waiter : waiters) {
            if (waiter.position() <= reached) {
                waiters.remove(waiter);
                waiter.done().complete(reached);
            }
        }
    }

    private void finishCatchUp(long from) {
        long reached = position();
        if (reached > from) {
            for (LongConsumer listener : advanceListeners) {
                try {
                    listener.accept(reached);
                } catch (RuntimeException e) {
                    // a failing listener must not leave the catch-up flag set for good
                    LOG.warnf("projection advance listener failed: %s", e.getMessage());
                }
            }
        }
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

    /**
     * A page of the ledger, decoded: per record its position and its event, or null where
     * the record is not an event (see {@link AppliedEvent#of}).
     */
    static final class Page {

        private final long[] positions;
        private final AppliedEvent[] events;
        private final boolean own;

        private Page(long[] positions, AppliedEvent[] events, boolean own) {
            this.positions = positions;
            this.events = events;
            this.own = own;
        }

        /** {@code own}: the events of this process's commits, not read from PostgreSQL. */
        static Page decode(List<RecordedEvent> records, boolean own) {
            long[] positions = new long[records.size()];
            AppliedEvent[] events = new AppliedEvent[records.size()];
            for (int i = 0; i < positions.length; i++) {
                RecordedEvent record = records.get(i);
                positions[i] = record.position();
                events[i] = AppliedEvent.of(record).orElse(null);
            }
            return new Page(positions, events, own);
        }

        boolean own() {
            return own;
        }

        int size() {
            return positions.length;
        }

        boolean isEmpty() {
            return positions.length == 0;
        }

        long last() {
            return positions[positions.length - 1];
        }

        long applyTo(OpsState state) {
            return applyTo(state, 0, positions.length, ApplyHook.NONE);
        }

        /** Applies records [from, to) that follow on from the state's position. */
        long applyTo(OpsState state, int from, int to, ApplyHook hook) {
            for (int i = from; i < to; i++) {
                if (positions[i] != state.position() + 1) {
                    continue;
                }
                if (events[i] != null) {
                    AppliedEvent event = events[i];
                    hook.around(state, event, () -> state.apply(event));
                } else {
                    state.skip(positions[i]);
                }
            }
            return state.position();
        }
    }
}
