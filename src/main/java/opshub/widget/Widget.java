package opshub.widget;

import java.util.Optional;
import java.util.UUID;
import opshub.catalog.EntityKind;
import opshub.catalog.EntityRef;

/**
 * An addressable target of events: its id (what events carry), a slug (what people type),
 * its kind, the catalog entity or view it points at, and where it was declared (the API or
 * the inventory file).
 */
public record Widget(UUID id, String slug, String kind, String target, String origin,
        long registeredAt) {

    /** Widgets declared by the inventory file; the file may retire them again. */
    public static final String FROM_INVENTORY = "inventory";

    public static final String VIEW = "view";

    /** The catalog entity this widget stands for, if it stands for one. */
    public Optional<EntityRef> entity() {
        return EntityRef.parse(target).filter(ref -> ref.kind().singular().equals(kind));
    }

    public static boolean isKnownKind(String kind) {
        return VIEW.equals(kind) || EntityKind.ofSingular(kind).isPresent();
    }
}
