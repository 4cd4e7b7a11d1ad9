package opshub.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import opshub.ledger.Digests;

/**
 * Knows the valid tokens: the admin token and the ones stored in PostgreSQL. Tokens are
 * compared by their SHA-256, in constant time, against every known token. The stored tokens
 * are cached and re-read at most every few seconds, so a token created or revoked through
 * another replica counts there within that time. On this one it counts at once, provided
 * {@link #invalidate()} is called after the change is committed.
 */
@ApplicationScoped
public class TokenRegistry {

    static final String ADMIN_NAME = "admin";
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminToken adminToken;
    private final Pool pool;
    private final TokenCache cache = new TokenCache(REFRESH);

    TokenRegistry(AdminToken adminToken, Pool pool) {
        this.adminToken = adminToken;
        this.pool = pool;
    }

    record Known(String name, Role role, byte[] hash) {
    }

    public Uni<Optional<Caller>> authenticate(String token) {
        byte[] presented = hash(token);
        if (MessageDigest.isEqual(presented, adminToken.hash())) {
            return Uni.createFrom().item(Optional.of(new Caller(ADMIN_NAME, Role.ADMIN)));
        }
        return cache.get(this::read).map(tokens -> match(presented, tokens));
    }

    /**
     * Makes every later lookup re-read the stored tokens. Call it only after the change to
     * {@code api_token} is committed: a read before the commit would see the old tokens.
     */
    public void invalidate() {
        cache.invalidate();
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "oh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String token) {
        return Digests.sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Caller> match(byte[] presented, List<Known> tokens) {
        Optional<Caller> found = Optional.empty();
        for (Known known : tokens) {
            // no early exit: every comparison runs whatever matched before
            if (MessageDigest.isEqual(presented, known.hash()) && found.isEmpty()) {
                found = Optional.of(new Caller(known.name(), known.role()));
            }
        }
        return found;
    }

    private Uni<List<Known>> read() {
        // the SQL client, unlike Hibernate Reactive, may be called from any thread
        return pool.query("SELECT name, role, token_hash FROM api_token").execute()
                .map(rows -> {
                    List<Known> tokens = new ArrayList<>();
                    rows.forEach(row -> tokens.add(new Known(row.getString("name"),
                            Role.valueOf(row.getString("role")),
                            row.getBuffer("token_hash").getBytes())));
                    return tokens;
                });
    }
}
