package opshub.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds of catalog entity. {@code plural} names a kind in paths and references
 * ({@code services/gitea}); {@code singular} is the widget kind that points at one.
 */
public enum EntityKind {
    ENVIRONMENTS("environments", "environment"),
    HOSTS("hosts", "host"),
    CLUSTERS("clusters", "cluster"),
    SERVICES("services", "service"),
    INSTALLATIONS("installations", "installation"),
    ENDPOINTS("endpoints", "endpoint"),
    DATASTORES("datastores", "datastore"),
    REPOS("repos", "repo"),
    BACKUPS("backups", "backup"),
    GATES("gates", "gate"),
    MIGRATIONS("migrations", "migration");

    /** The kinds the catalog lists (gates and migrations have endpoints of their own). */
    public static final List<EntityKind> CATALOG = List.of(ENVIRONMENTS, HOSTS, CLUSTERS,
            SERVICES, INSTALLATIONS, ENDPOINTS, DATASTORES, REPOS, BACKUPS);

    private static final Map<String, EntityKind> BY_PLURAL = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EntityKind::plural, Function.identity()));

    private final String plural;
    private final String singular;

    EntityKind(String plural, String singular) {
        this.plural = plural;
        this.singular = singular;
    }

    public String plural() {
        return plural;
    }

    public String singular() {
        return singular;
    }

    public static Optional<EntityKind> ofPlural(String name) {
        return Optional.ofNullable(name == null ? null : BY_PLURAL.get(name));
    }

    public static Optional<EntityKind> ofSingular(String name) {
        return Arrays.stream(values()).filter(k -> k.singular.equals(name)).findFirst();
    }
}
