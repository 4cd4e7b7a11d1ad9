package opshub.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import opshub.merkle.CompactRange;
import opshub.merkle.MerkleProofs;
import opshub.merkle.Rfc6962;
import opshub.testing.LedgerDatabase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The stored nodes always give the root recomputed from every leaf. */
@QuarkusTest
class TreeMaintenanceTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Inject
    MeterRegistry registry;

    @Test
    void storedNodesGiveTheRootOfAllLeavesAfterAppends() throws Exception {
        for (int i = 0; i < 5; i++) {
            AuditApi.appendEvent();
        }

        assertStoredRootIsRecomputedRoot();
    }

    /**
     * Many probes at once: the ledger has two groups in flight, the second extending the
     * first one's frontier before the first has reported its commit. The tree still holds
     * every leaf, and no append had to read the frontier back from the database.
     */
    @Test
    void concurrentGroupsExtendEachOthersFrontier() throws Exception {
        AuditApi.appendEvent();
        double restoresBefore = restores();
        ExecutorService probes = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                posts.add(probes.submit(AuditApi::appendEvent));
            }
            for (Future<?> post : posts) {
                post.get(60, TimeUnit.SECONDS);
            }
        } finally {
            probes.shutdownNow();
        }

        assertStoredRootIsRecomputedRoot();
        assertEquals(restoresBefore, restores(), "appends that restored the frontier");
    }

    private double restores() {
        return registry.counter("opshub.tree.frontier.restores").count();
    }

    /**
     * Another replica (here: a writer with tree maintenance off) appends behind this server's
     * back; the in-memory frontier is then stale, and the next append must restore it and
     * store the nodes the other writer left out.
     */
    @Test
    void appendAfterAnotherWriterCatchesUpTheTree() throws Exception {
        AuditApi.appendEvent();
        try (LedgerDatabase db = LedgerDatabase.connect(jdbcUrl, password)) {
            long position = db.head() + 1;
            byte[] record = ("{\"position\":" + position + "}").getBytes(StandardCharsets.UTF_8);
            db.bypassingGuard("""
                    INSERT INTO evidence_event (position, id, event_type, widget_id, view_context,
                        metadata, observed_at, recorded_at, source, content_hash, record,
                        leaf_hash)
                    VALUES (?, ?, 't', 'w', 'v', '{}'::jsonb, ?, ?, 'other', ?, ?, ?)""",
                    position, UUID.randomUUID(), OffsetDateTime.now(), OffsetDateTime.now(),
                    new byte[32], record, Rfc6962.hashLeaf(record));
        }

        AuditApi.appendEvent();
        AuditApi.appendEvent();

        assertStoredRootIsRecomputedRoot();
    }

    private void assertStoredRootIsRecomputedRoot() throws Exception {
        try (LedgerDatabase db = LedgerDatabase.connect(jdbcUrl, password)) {
            List<byte[]> leaves = db.leafHashes();
            CompactRange recomputed = CompactRange.empty();
            leaves.forEach(recomputed::append);

            assertArrayEquals(recomputed.root(),
                    MerkleProofs.root(leaves.size(), db.nodeReader()));
        }
    }
}
