package dev.cutover.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.PhpBoolean;
import dev.cutover.streamconfig.TableNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated streams: the managed entries of the real production config ({@code
 * ../shared/fixtures/streamconfigs/production-all.json}, read at run time), repeated with a numeric suffix until
 * there are enough, each keeping its entry's settings (the flag left absent: legacy leads). Without the fixture,
 * synthetic names with a minimal managed entry.
 */
public final class StreamShapes {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private StreamShapes() {
    }

    /** {@code count} streams -> settings, in plan order; {@code origin} says where the shapes came from. */
    public record Shapes(Map<String, ObjectNode> streams, String origin) {
    }

    public static Shapes of(int count, Path fixture) {
        List<Map.Entry<String, ObjectNode>> real = new ArrayList<>();
        String origin = "synthetic (no " + fixture + ")";
        if (Files.isRegularFile(fixture)) {
            try {
                JsonNode root = JSON.readTree(fixture.toFile());
                JsonNode streams = root.has("streams") ? root.get("streams") : root;
                streams.properties().forEach(e -> {
                    JsonNode enabled = e.getValue().at("/consumers/analytics_hive_ingestion/enabled");
                    if (!e.getKey().startsWith("/") && e.getValue().isObject() && PhpBoolean.isTrue(enabled)
                            && TableNames.find(e.getKey()).isPresent()) {
                        real.add(Map.entry(e.getKey(), (ObjectNode) e.getValue()));
                    }
                });
                origin = fixture + " (" + real.size() + " managed entries)";
            } catch (IOException e) {
                origin = "synthetic (" + fixture + " unreadable: " + e.getMessage() + ")";
            }
        }
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        Set<String> tables = new HashSet<>();
        for (int round = 0; out.size() < count; round++) {
            int before = out.size();
            if (real.isEmpty()) {
                add(out, tables, "sim.stream_" + out.size(), synthetic());
            }
            for (Map.Entry<String, ObjectNode> e : real) {
                if (out.size() == count) {
                    break;
                }
                add(out, tables, round == 0 ? e.getKey() : e.getKey() + "_sim" + round, managed(e.getValue()));
            }
            if (out.size() == before) {
                throw new IllegalStateException("cannot make " + count + " distinct streams from " + origin);
            }
        }
        return new Shapes(out, origin);
    }

    private static void add(Map<String, ObjectNode> out, Set<String> tables, String name, ObjectNode settings) {
        String table = TableNames.find(name).orElse(null);
        if (table != null && tables.add(table)) {
            ObjectNode s = settings.deepCopy();
            s.put("stream", name);
            out.put(name, s);
        }
    }

    /** The entry with Hive ingestion on and no flag (legacy leads). */
    private static ObjectNode managed(ObjectNode settings) {
        ObjectNode s = settings.deepCopy();
        ObjectNode hive = s.with("consumers").with("analytics_hive_ingestion");
        hive.put("enabled", true);
        hive.remove("hive_database");
        return s;
    }

    private static ObjectNode synthetic() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("schema_title", "analytics/simulated");
        s.with("consumers").with("analytics_hive_ingestion").put("enabled", true);
        return s;
    }
}
