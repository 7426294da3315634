package dev.cutover.streamconfig.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
                    Instant.parse(node.path("at").asText()), seal(node), also(node.path("also")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("history entry " + node + " has an invalid 'at' time");
        }
    }

    /** The other streams of a write that changed several ({@code also}); none when absent. */
    private static List<Revision.Edit> also(JsonNode node) {
        if (node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'also' must be an array of {stream, old_value, new_value}");
        }
        List<Revision.Edit> edits = new ArrayList<>();
        node.forEach(e -> edits.add(new Revision.Edit(e.path("stream").asText(), value(e, "old_value"),
                value(e, "new_value"))));
        return edits;
    }

    /** The entry's link in the hash chain: all three fields, or none (a write from before layers had hashes). */
    private static Optional<Revision.Seal> seal(JsonNode node) {
        List<String> fields = List.of("prev_hash", "streams_hash", "hash");
        long present = fields.stream().filter(f -> node.hasNonNull(f)).count();
        if (present == 0) {
            return Optional.empty();
        }
        if (present < fields.size() || fields.stream().anyMatch(f -> !node.get(f).isTextual())) {
            throw new IllegalArgumentException("history entry " + node + " needs all of 'prev_hash', 'streams_hash'"
                    + " and 'hash' as strings, or none of them");
        }
        return Optional.of(new Revision.Seal(node.get("prev_hash").asText(), node.get("streams_hash").asText(),
                node.get("hash").asText()));
    }

    private static Optional<JsonNode> value(JsonNode node, String field) {
        return node.has(field) ? Optional.of(node.get(field)) : Optional.empty();
    }

    /** The history entry as stored, with its link in the hash chain when it has one. */
    static ObjectNode toJson(Revision r) {
        ObjectNode node = content(r);
        r.seal().ifPresent(seal -> {
            node.put("prev_hash", seal.prevHash());
            node.put("streams_hash", seal.streamsHash());
            node.put("hash", seal.hash());
        });
        return node;
    }

    /** The history entry without its link in the hash chain: what the write was. */
    static ObjectNode content(Revision r) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("revision", r.number());
        node.put("stream", r.stream());
        node.put("pointer", r.pointer().toString());
        r.oldValue().ifPresent(v -> node.set("old_value", v));
        r.newValue().ifPresent(v -> node.set("new_value", v));
        if (!r.also().isEmpty()) {
            ArrayNode also = node.putArray("also");
            for (Revision.Edit e : r.also()) {
                ObjectNode edit = also.addObject();
                edit.put("stream", e.stream());
                e.oldValue().ifPresent(v -> edit.set("old_value", v));
                e.newValue().ifPresent(v -> edit.set("new_value", v));
            }
        }
        node.put("who", r.who());
        node.put("why", r.why());
        node.put("at", r.at().toString());
        return node;
    }
}
