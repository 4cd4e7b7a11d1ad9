package opshub.catalog;

import java.util.Optional;

/** A reference to a catalog entity, written {@code kind/key}; the key may contain '/'. */
public record EntityRef(EntityKind kind, String key) implements Comparable<EntityRef> {

    public static Optional<EntityRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return Optional.empty();
        }
        return EntityKind.ofPlural(text.substring(0, slash))
                .map(kind -> new EntityRef(kind, text.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return kind.plural() + "/" + key;
    }

    /**
     * The order of {@link #toString()}, without building the strings: no kind's plural is a
     * prefix of another's, so the plurals decide whenever they differ.
     */
    @Override
    public int compareTo(EntityRef other) {
        int byKind = kind.plural().compareTo(other.kind.plural());
        return byKind != 0 ? byKind : key.compareTo(other.key);
    }
}
