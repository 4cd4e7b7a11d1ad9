package opshub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private static final TokenRegistry.Known OLD = known("old");
    private static final TokenRegistry.Known NEW = known("new");

    @Test
    void freshReadAnswersLaterLookups() {
        TokenCache cache = new TokenCache(Duration.ofMinutes(1));
        Reads reads = new Reads();

        cache.get(reads::immediately).await().indefinitely();
        List<TokenRegistry.Known> second = cache.get(reads::immediately).await().indefinitely();

        assertEquals(1, reads.count);
        assertEquals(List.of(OLD), second);
    }

    @Test
    void lookupAfterInvalidationReadsAgain() {
        TokenCache cache = new TokenCache(Duration.ofMinutes(1));
        Reads reads = new Reads();
        cache.get(reads::immediately).await().indefinitely();

        cache.invalidate();
        reads.table = List.of(NEW);

        assertEquals(List.of(NEW), cache.get(reads::immediately).await().indefinitely());
        assertEquals(2, reads.count);
    }

    @Test
    void readBegunBeforeInvalidationIsNotUsedAfterIt() {
        TokenCache cache = new TokenCache(Duration.ofMinutes(1));
        Reads reads = new Reads();
        CompletableFuture<List<TokenRegistry.Known>> inFlight = new CompletableFuture<>();
        List<TokenRegistry.Known> firstAnswer = new ArrayList<>();
        cache.get(() -> Uni.createFrom().completionStage(inFlight)).subscribe()
                .with(firstAnswer::addAll);

        // the change is committed and invalidated; then the old read completes
        cache.invalidate();
        reads.table = List.of(NEW);
        inFlight.complete(List.of(OLD));

        assertEquals(List.of(OLD), firstAnswer);
        assertEquals(List.of(NEW), cache.get(reads::immediately).await().indefinitely());
        assertEquals(List.of(NEW), cache.get(reads::immediately).await().indefinitely());
        assertEquals(1, reads.count);
    }

    @Test
    void readOutlivedByANewerOneDoesNotReplaceIt() {
        TokenCache cache = new TokenCache(Duration.ofMinutes(1));
        Reads reads = new Reads();
        CompletableFuture<List<TokenRegistry.Known>> slow = new CompletableFuture<>();
        cache.get(() -> Uni.createFrom().completionStage(slow)).subscribe().with(tokens -> { });
        cache.invalidate();
        reads.table = List.of(NEW);
        cache.get(reads::immediately).await().indefinitely();

        slow.complete(List.of(OLD));

        assertEquals(List.of(NEW), cache.get(reads::immediately).await().indefinitely());
        assertEquals(1, reads.count);
    }

    /** Reads of a table that answer at once, counted. */
    private static final class Reads {
        List<TokenRegistry.Known> table = List.of(OLD);
        int count;

        Uni<List<TokenRegistry.Known>> immediately() {
            return Uni.createFrom().item(() -> {
                count++;
                return table;
            });
        }
    }

    private static TokenRegistry.Known known(String name) {
        return new TokenRegistry.Known(name, Role.READER, new byte[32]);
    }
}
