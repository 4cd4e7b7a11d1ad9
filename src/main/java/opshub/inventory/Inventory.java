package opshub.inventory;

import java.util.List;

/** A validated inventory: the entities and widgets it declares. */
public record Inventory(List<Declaration> declarations, List<WidgetSpec> widgets) {
}
