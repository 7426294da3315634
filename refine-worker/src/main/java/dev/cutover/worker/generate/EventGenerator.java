package dev.cutover.worker.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.protocol.Hour;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Makes schema-valid synthetic events from a materialized JSON Schema (plain Java + Jackson, no Spark):
 * required fields always, optional ones most of the time; enums from their values; {@code date-time}
 * strings inside the hour; {@code meta} filled like EventGate does (id, dt, stream, domain, uri,
 * request_id); {@code $schema} = the schema's URI. Deterministic for a given {@link Random}.
 */
public final class EventGenerator {

    static final List<String> DOMAINS = List.of("en.wikipedia.org", "de.wikipedia.org", "en.m.wikipedia.org",
            "commons.wikimedia.org", "www.wikidata.org", "fr.wiktionary.org");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "Main_Page", "Special:Search", "Talk:Foo"};

    private final JsonNode schema;
    private final String schemaUri;
    private final String stream;

    public EventGenerator(JsonNode schema, String schemaUri, String stream) {
        this.schema = schema;
        this.schemaUri = schemaUri;
        this.stream = stream;
    }

    /** One event of {@code hour}; {@code canary} sets {@code meta.domain = canary}. */
    public ObjectNode event(Random random, Hour hour, boolean canary) {
        Instant dt = hour.toInstant().plusMillis(random.nextInt(3_600_000));
        ObjectNode event = (ObjectNode) value(schema, random, dt, "", 0);
        if (schema.path("properties").has("$schema")) {
            event.put("$schema", schemaUri);
        }
        if (schema.path("properties").has("dt")) {
            event.put("dt", ISO.format(dt.truncatedTo(ChronoUnit.MILLIS)));
        }
        if (schema.path("properties").has("meta")) {
            ObjectNode meta = F.objectNode();
            String domain = canary ? "canary" : DOMAINS.get(random.nextInt(DOMAINS.size()));
            meta.put("domain", domain);
            meta.put("dt", ISO.format(dt.truncatedTo(ChronoUnit.MILLIS)));
            meta.put("id", uuid(random));
            meta.put("request_id", uuid(random));
            meta.put("stream", stream);
            meta.put("uri", "https://" + domain + "/wiki/" + WORDS[random.nextInt(WORDS.length)]);
            event.set("meta", meta);
        }
        return event;
    }

    private JsonNode value(JsonNode node, Random random, Instant dt, String path, int depth) {
        JsonNode enumValues = node.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
            return enumValues.get(random.nextInt(enumValues.size())).deepCopy();
        }
        String type = typeOf(node);
        switch (type) {
            case "integer":
                return F.numberNode((long) random.nextInt(100_000));
            case "number":
                return F.numberNode(Math.round(random.nextDouble() * 1_000_000) / 1000.0);
            case "boolean":
                return F.booleanNode(random.nextBoolean());
            case "array": {
                ArrayNode array = F.arrayNode();
                int n = depth > 4 ? 0 : random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    array.add(value(node.get("items"), random, dt, path + "[]", depth + 1));
                }
                return array;
            }
            case "object":
                return object(node, random, dt, path, depth);
            default:
                return F.textNode(string(node, random, dt));
        }
    }

    private JsonNode object(JsonNode node, Random random, Instant dt, String path, int depth) {
        ObjectNode object = F.objectNode();
        JsonNode additional = node.get("additionalProperties");
        JsonNode properties = node.get("properties");
        Set<String> required = new HashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        if (properties != null && properties.isObject()) {
            properties.fields().forEachRemaining(e -> {
                if (depth < 6 && (required.contains(e.getKey()) || random.nextInt(10) < 7)) {
                    object.set(e.getKey(), value(e.getValue(), random, dt, path + "/" + e.getKey(), depth + 1));
                }
            });
        }
        if (additional != null && additional.isObject() && depth < 6) {
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                object.set("key" + random.nextInt(5), value(additional, random, dt, path + "{}", depth + 1));
            }
        }
        return object;
    }

    private static String string(JsonNode node, Random random, Instant dt) {
        String format = node.path("format").asText("");
        return switch (format) {
            case "date-time" -> ISO.format(dt.plusMillis(random.nextInt(1000)).truncatedTo(ChronoUnit.MILLIS));
            case "uri", "uri-reference" -> "https://en.wikipedia.org/wiki/" + WORDS[random.nextInt(WORDS.length)];
            default -> WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000);
        };
    }

    private static String typeOf(JsonNode node) {
        JsonNode type = node.get("type");
        if (type != null && type.isTextual()) {
            return type.textValue();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        return node.has("properties") ? "object" : "string";
    }

    static String uuid(Random random) {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL)
                | 0x8000000000000000L).toString();
    }
}
