package opshub.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import opshub.catalog.EntityRef;

/** One entity as the inventory file declares it. */
public record Declaration(EntityRef ref, ObjectNode attributes,
        Map<String, List<EntityRef>> relations) {
}
