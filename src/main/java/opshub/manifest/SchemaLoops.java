package opshub.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds references that lead back to a schema without reading any deeper into the instance,
 * such as {@code {"$ref": "#"}} or two {@code $defs} naming each other. Validating against
 * such a schema never ends, whatever the data. A reference reached only through a keyword
 * that moves into the instance ({@code properties}, {@code items}, ...) ends with the data,
 * so a recursive schema for a tree is fine.
 *
 * <p>The graph has an edge from a schema to every schema that applies to the same instance:
 * its in-place applicators ({@code allOf}, {@code anyOf}, {@code oneOf}, {@code not},
 * {@code if}, {@code then}, {@code else}, {@code dependentSchemas}) and the target of its
 * {@code $ref} or {@code $dynamicRef} within the document. A cycle in it is a loop.
 */
final class SchemaLoops {

    private static final Set<String> IN_PLACE_ONE = Set.of("not", "if", "then", "else");
    private static final Set<String> IN_PLACE_ALL = Set.of("allOf", "anyOf", "oneOf");

    private final JsonNode root;
    private final Map<String, List<JsonNode>> anchors = new HashMap<>();
    private final Map<JsonNode, String> pointers = new IdentityHashMap<>();

    private SchemaLoops(JsonNode root) {
        this.root = root;
        index(root, "");
    }

    /** The pointer of a schema whose references loop back to it, if there is one. */
    static Optional<String> find(JsonNode schema) {
        return new SchemaLoops(schema).firstLoop();
    }

    private void index(JsonNode node, String pointer) {
        if (node.isObject()) {
            pointers.put(node, pointer);
            for (String keyword : List.of("$anchor", "$dynamicAnchor")) {
                if (node.path(keyword).isTextual()) {
                    anchors.computeIfAbsent(node.get(keyword).asText(), k -> new ArrayList<>())
                            .add(node);
                }
            }
            node.fields().forEachRemaining(field -> index(field.getValue(),
                    pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1")));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                index(node.get(i), pointer + "/" + i);
            }
        }
    }

    private Optional<String> firstLoop() {
        Set<JsonNode> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (JsonNode schema : pointers.keySet()) {
            Optional<String> loop = visit(schema, done,
                    Collections.newSetFromMap(new IdentityHashMap<>()));
            if (loop.isPresent()) {
                return loop;
            }
        }
        return Optional.empty();
    }

    /** Depth-first search; {@code open} holds the schemas on the current path. */
    private Optional<String> visit(JsonNode schema, Set<JsonNode> done, Set<JsonNode> open) {
        if (done.contains(schema)) {
            return Optional.empty();
        }
        if (!open.add(schema)) {
            return Optional.of(pointers.get(schema));
        }
        for (JsonNode next : sameInstance(schema)) {
            Optional<String> loop = visit(next, done, open);
            if (loop.isPresent()) {
                return loop;
            }
        }
        open.remove(schema);
        done.add(schema);
        return Optional.empty();
    }

    private List<JsonNode> sameInstance(JsonNode schema) {
        List<JsonNode> next = new ArrayList<>();
        IN_PLACE_ONE.forEach(k -> addSchema(next, schema.get(k)));
        IN_PLACE_ALL.forEach(k -> schema.path(k).forEach(s -> addSchema(next, s)));
        schema.path("dependentSchemas").forEach(s -> addSchema(next, s));
        for (String keyword : List.of("$ref", "$dynamicRef")) {
            if (schema.path(keyword).isTextual()) {
                next.addAll(resolve(schema.get(keyword).asText()));
            }
        }
        return next;
    }

    private static void addSchema(List<JsonNode> next, JsonNode candidate) {
        if (candidate != null && candidate.isObject()) {
            next.add(candidate);
        }
    }

    /** Local references only; others are refused elsewhere or cannot loop back here. */
    private List<JsonNode> resolve(String reference) {
        if (!reference.startsWith("#")) {
            return List.of();
        }
        String fragment = URLDecoder.decode(reference.substring(1), StandardCharsets.UTF_8);
        if (fragment.isEmpty() || fragment.startsWith("/")) {
            JsonNode target = root.at(fragment);
            return target.isObject() ? List.of(target) : List.of();
        }
        return anchors.getOrDefault(fragment, List.of());
    }
}
