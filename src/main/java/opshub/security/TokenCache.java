package opshub.security;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The stored tokens as last read, kept for a short while. Invariant: a lookup that begins
 * after {@link #invalidate()} returns is never answered from a read that began before it. A
 * read that was in flight (and may have seen the table as it was) answers only the lookup
 * that started it and never replaces a newer read; so invalidating once a change is
 * committed makes the change count on this server at once, however many lookups run
 * meanwhile.
 */
final class TokenCache {

    private static final Snapshot NONE = new Snapshot(List.of(), -1, 0);

    private final Duration refresh;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(NONE);

    TokenCache(Duration refresh) {
        this.refresh = refresh;
    }

    private record Snapshot(List<TokenRegistry.Known> tokens, long generation, long loadedNanos) {
    }

    /** The cached tokens, or those {@code read} yields (subscribed to only when needed). */
    Uni<List<TokenRegistry.Known>> get(Supplier<Uni<List<TokenRegistry.Known>>> read) {
        // taken before the read starts: an invalidation from here on voids what it yields
        long current = generation.get();
        Snapshot cached = snapshot.get();
        if (cached.generation() == current
                && System.nanoTime() - cached.loadedNanos() < refresh.toNanos()) {
            return Uni.createFrom().item(cached.tokens());
        }

        return read.get().invoke(tokens -> install(new Snapshot(List.copyOf(tokens), current,
                System.nanoTime())));
    }

    /** Makes every later lookup read the tokens again, including lookups in flight now. */
    void invalidate() {
        generation.incrementAndGet();
    }

    private void install(Snapshot loaded) {
        // of two reads finishing out of order, the one begun later stays
        snapshot.accumulateAndGet(loaded,
                (old, fresh) -> fresh.generation() >= old.generation() ? fresh : old);
    }
}
