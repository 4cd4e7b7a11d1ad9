package opshub.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Registers embedded PostgreSQL for every {@code @QuarkusTest} of the suite. */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
public final class TestSetup {
    private TestSetup() {
    }
}
