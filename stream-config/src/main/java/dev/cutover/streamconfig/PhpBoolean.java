package dev.cutover.streamconfig;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a config value the way PHP casts it to bool: {@code "1"}, {@code 1}, {@code true} are true. */
public final class PhpBoolean {

    private PhpBoolean() {
    }

    public static boolean isTrue(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.doubleValue() != 0.0;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return !(text.isEmpty() || text.equals("0"));
        }
        if (node.isContainerNode()) {
            return node.size() > 0;
        }
        return false;
    }
}
