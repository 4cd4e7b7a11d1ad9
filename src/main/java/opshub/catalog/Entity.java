package opshub.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A declared catalog entity as of some position: its attributes and its outgoing relations
 * (relation name to referenced entities), and the position of the declaration.
 */
public record Entity(EntityRef ref, ObjectNode attributes, Map<String, List<EntityRef>> relations,
        long declaredAt) {

    public String name() {
        return attributes.hasNonNull("name") ? attributes.get("name").asText() : ref.key();
    }

    public List<EntityRef> related(String relation) {
        return relations.getOrDefault(relation, List.of());
    }
}
