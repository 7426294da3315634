package dev.cutover.streamconfig.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the override layer's JSON document (see {@link OverrideLayer} for the format). */
final class OverrideFileFormat {

    private OverrideFileFormat() {
    }

    static OverrideLayer.State parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with 'revision', 'streams' and 'history'");
        }
        JsonNode revision = root.path("revision");
        if (!revision.isMissingNode() && !revision.canConvertToLong()) {
            throw new IllegalArgumentException("'revision' must be a number");
        }
        Map<String, ObjectNode> streams = new LinkedHashMap<>();
        JsonNode streamsNode = root.path("streams");
        if (!streamsNode.isMissingNode() && !streamsNode.isObject()) {
            throw new IllegalArgumentException("'streams' must be an object of stream -> settings");
        }
        streamsNode.properties().forEach(f -> {
            if (!f.getValue().isObject()) {
                throw new IllegalArgumentException("settings of stream '" + f.getKey() + "' must be an object");
            }
            streams.put(f.getKey(), (ObjectNode) f.getValue());
        });
        List<Revision> history = new ArrayList<>();
        JsonNode historyNode = root.path("history");
        if (!historyNode.isMissingNode() && !historyNode.isArray()) {
            throw new IllegalArgumentException("'history' must be an array");
        }
        historyNode.forEach(h -> history.add(revision(h)));
        return new OverrideLayer.State(revision.asLong(0), streams, history);
    }

    private static Revision revision(JsonNode node) {
        try {
            return new Revision(node.path("revision").asLong(), node.path("stream").asText(),
                    JsonPointer.compile(node.path("pointer").asText()), value(node, "old_value"),
                    value(node, "new_value"), node.path("who").asText(), node.path("why").asText(),
                    Instant.parse(node.path("at").asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("history entry " + node + " has an invalid 'at' time");
        }
    }

    private static Optional<JsonNode> value(JsonNode node, String field) {
        return node.has(field) ? Optional.of(node.get(field)) : Optional.empty();
    }

    static ObjectNode toJson(Revision r) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("revision", r.number());
        node.put("stream", r.stream());
        node.put("pointer", r.pointer().toString());
        r.oldValue().ifPresent(v -> node.set("old_value", v));
        r.newValue().ifPresent(v -> node.set("new_value", v));
        node.put("who", r.who());
        node.put("why", r.why());
        node.put("at", r.at().toString());
        return node;
    }
}
