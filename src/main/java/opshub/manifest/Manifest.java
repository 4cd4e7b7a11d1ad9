package opshub.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A versioned document registering event types; {@code document} is what was submitted. */
public record Manifest(String name, String version, List<EventTypeDef> eventTypes,
        ObjectNode document) {

    public String id() {
        return name + "@" + version;
    }
}
