package opshub.inventory;

/** A widget as the inventory file declares it. */
public record WidgetSpec(String slug, String kind, String target) {
}
