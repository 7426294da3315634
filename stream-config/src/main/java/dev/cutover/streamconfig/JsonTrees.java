package dev.cutover.streamconfig;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON tree helpers shared by the override layer, the diff and the CLI. */
public final class JsonTrees {

    private JsonTrees() {
    }

    /**
     * PHP {@code array_replace_recursive($base, $override)} on JSON trees, returning a new tree: objects are
     * merged key by key, arrays index by index (as PHP merges lists), and any other override value
     * (scalars, null, or a different container type) replaces the base value. Inputs are not modified.
     */
    public static JsonNode replaceRecursive(JsonNode base, JsonNode override) {
        if (base != null && base.isObject() && override.isObject()) {
            ObjectNode merged = ((ObjectNode) base).deepCopy();
            for (Map.Entry<String, JsonNode> field : override.properties()) {
                JsonNode current = merged.get(field.getKey());
                merged.set(field.getKey(), current == null ? field.getValue().deepCopy()
                        : replaceRecursive(current, field.getValue()));
            }
            return merged;
        }
        if (base != null && base.isArray() && override.isArray()) {
            ArrayNode merged = ((ArrayNode) base).deepCopy();
            for (int i = 0; i < override.size(); i++) {
                if (i < merged.size()) {
                    merged.set(i, replaceRecursive(merged.get(i), override.get(i)));
                } else {
                    merged.add(override.get(i).deepCopy());
                }
            }
            return merged;
        }
        return override.deepCopy();
    }

    /** Object keys along a pointer (every segment is read as an object key, never an array index). */
    public static List<String> segments(JsonPointer pointer) {
        List<String> segments = new ArrayList<>();
        for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
            segments.add(p.getMatchingProperty());
        }
        return segments;
    }

    /** A pointer from object keys, escaping {@code ~} and {@code /} as RFC 6901 requires. */
    public static JsonPointer pointer(List<String> segments) {
        StringBuilder text = new StringBuilder();
        segments.forEach(s -> text.append('/').append(escape(s)));
        return JsonPointer.compile(text.toString());
    }

    /** RFC 6901 escaping of one reference token: {@code ~} -> {@code ~0}, {@code /} -> {@code ~1}. */
    public static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Sets {@code value} at {@code pointer} under {@code root}, creating objects on the way and replacing
     * anything on the way that is not an object. The pointer must not be the root.
     */
    public static void setAt(ObjectNode root, JsonPointer pointer, JsonNode value) {
        List<String> path = segments(pointer);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("cannot set the root itself; use a pointer such as /consumers/...");
        }
        ObjectNode node = root;
        for (String key : path.subList(0, path.size() - 1)) {
            JsonNode child = node.get(key);
            if (child == null || !child.isObject()) {
                child = JsonNodeFactory.instance.objectNode();
                node.set(key, child);
            }
            node = (ObjectNode) child;
        }
        node.set(path.get(path.size() - 1), value.deepCopy());
    }

    /** Removes the node at {@code pointer}, then every object left empty on the way up. Returns the removed node. */
    public static JsonNode removeAt(ObjectNode root, JsonPointer pointer) {
        List<String> path = segments(pointer);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the root itself");
        }
        List<ObjectNode> parents = new ArrayList<>();
        ObjectNode node = root;
        for (String key : path.subList(0, path.size() - 1)) {
            JsonNode child = node.get(key);
            if (child == null || !child.isObject()) {
                return null;
            }
            parents.add(node);
            node = (ObjectNode) child;
        }
        JsonNode removed = node.remove(path.get(path.size() - 1));
        for (int i = parents.size() - 1; i >= 0 && node.isEmpty(); i--) {
            parents.get(i).remove(path.get(i));
            node = parents.get(i);
        }
        return removed;
    }

    /**
     * Leaf pointers where two trees differ: a scalar or null that changed, appeared or disappeared; every leaf
     * under a subtree present on one side only or whose type changed; empty containers count as leaves.
     * Array elements are addressed by index.
     */
    public static List<String> changedLeaves(JsonNode before, JsonNode after) {
        List<String> changed = new ArrayList<>();
        diff("", before, after, changed);
        return changed;
    }

    private static void diff(String at, JsonNode before, JsonNode after, List<String> out) {
        if (before != null && after != null && before.equals(after)) {
            return;
        }
        if (before != null && after != null && before.isObject() && after.isObject()
                && (before.size() > 0 || after.size() > 0)) {
            java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            keys.forEach(k -> diff(at + "/" + escape(k), before.get(k), after.get(k), out));
            return;
        }
        if (before != null && after != null && before.isArray() && after.isArray()
                && (before.size() > 0 || after.size() > 0)) {
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                diff(at + "/" + i, before.get(i), after.get(i), out);
            }
            return;
        }
        java.util.LinkedHashSet<String> leaves = new java.util.LinkedHashSet<>();
        leaves(at, before, leaves);
        leaves(at, after, leaves);
        out.addAll(leaves);
    }

    private static void leaves(String at, JsonNode node, java.util.Set<String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject() && node.size() > 0) {
            node.properties().forEach(f -> leaves(at + "/" + escape(f.getKey()), f.getValue(), out));
        } else if (node.isArray() && node.size() > 0) {
            for (int i = 0; i < node.size(); i++) {
                leaves(at + "/" + i, node.get(i), out);
            }
        } else {
            out.add(at);
        }
    }
}
